import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';

// The book's shape is data in astro.config.mjs and src/content/docs; these checks keep the two in step.
const config = readFileSync('astro.config.mjs', 'utf8');
const sidebarSlugs = [...config.matchAll(/\{ slug: '([^']+)' \}/g)].map((m) => m[1]);
const zh = readdirSync('src/content/docs').filter((f) => f.endsWith('.mdx'));
const en = readdirSync('src/content/docs/en').filter((f) => f.endsWith('.mdx'));

describe('site configuration', () => {
  it('puts five chapters in report order first in the sidebar', () => {
    expect(sidebarSlugs.slice(0, 5).map((s) => s.slice(0, 4))).toEqual(['ch1-', 'ch2-', 'ch3-', 'ch4-', 'ch5-']);
  });

  it('has a page in both locales for every sidebar entry', () => {
    for (const slug of sidebarSlugs) {
      expect(zh, `zh page for ${slug}`).toContain(`${slug}.mdx`);
      expect(en, `en page for ${slug}`).toContain(`${slug}.mdx`);
    }
  });

  it('has the same pages in both locales', () => {
    expect(en.sort()).toEqual(zh.sort());
  });

  it('makes zh-CN the root locale and English /en/', () => {
    expect(config).toMatch(/defaultLocale: 'root'/);
    expect(config).toMatch(/root: \{ label: '简体中文', lang: 'zh-CN' \}/);
    expect(config).toMatch(/en: \{ label: 'English', lang: 'en' \}/);
  });
});
