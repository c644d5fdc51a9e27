// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import strictCsp from './integrations/strict-csp.mjs';

// The book: zh-CN at the site root, English under /en/. Chapters are MDX in src/content/docs.
// Sidebar order follows the report (seed/report-zh.txt): chapters 1-5, then the lab, the playground and embedding.
export default defineConfig({
  site: 'https://go-map-gc-lab.example',
  // The Go runner measures GC pauses with performance.now(); cross-origin isolation un-coarsens it (100 µs → µs).
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  integrations: [
    starlight({
      title: { 'zh-CN': 'Go map 与 GC', en: 'Go maps and the GC' },
      description: 'An interactive, fact-checked guide to how Go maps live and die under the garbage collector.',
      defaultLocale: 'root',
      locales: {
        root: { label: '简体中文', lang: 'zh-CN' },
        en: { label: 'English', lang: 'en' },
      },
      favicon: '/favicon.svg',
      customCss: ['./src/styles/book.css', './src/styles/print.css'],
      lastUpdated: false,
      pagination: true,
      sidebar: [
        {
          label: '章节',
          translations: { en: 'Chapters' },
          items: [
            { slug: 'ch1-case-study' },
            { slug: 'ch2-map-and-gc' },
            { slug: 'ch3-anti-patterns' },
            { slug: 'ch4-lifecycle-practice' },
            { slug: 'ch5-summary' },
          ],
        },
        {
          label: '动手',
          translations: { en: 'Hands-on' },
          items: [{ slug: 'lab' }, { slug: 'playground' }, { slug: 'embedding' }],
        },
      ],
    }),
    preact(),
    // Last, so it sees the final HTML (after Pagefind and sitemap).
    strictCsp(),
  ],
});
