// JS bytes (brotli) that each page type loads before any interaction, measured in headless Chromium on
// the production build. Budget (DESIGN.md §7): chapter page ≤ 120 KB brotli.
// Prints one JSON object: { figures: [...] } (see scripts/bench.mjs for the shape).
import { brotliCompressSync, constants } from 'node:zlib';
import { launchChromium, startPreview } from './lib.mjs';

const pages = [
  { type: 'landing', path: '/' },
  { type: 'chapter', path: '/ch1-case-study/' },
  { type: 'chapter (en)', path: '/en/ch2-map-and-gc/' },
  { type: 'lab', path: '/lab/' },
  { type: 'playground', path: '/playground/' },
];
const BUDGET_CHAPTER = 120 * 1024;

const server = await startPreview();
const browser = await launchChromium();
const figures = [];
try {
  for (const { type, path } of pages) {
    const page = await browser.newPage();
    const bodies = new Map();
    page.on('response', async (res) => {
      const url = res.url();
      if (res.request().resourceType() !== 'script' || bodies.has(url)) return;
      try {
        bodies.set(url, await res.body());
      } catch {
        /* redirected or aborted */
      }
    });
    await page.goto(server.base + path, { waitUntil: 'networkidle' });
    await page.waitForTimeout(1500); // idle-time loads (e.g. Pagefind's UI) count as "before interaction"
    let raw = 0;
    let br = 0;
    for (const body of bodies.values()) {
      raw += body.length;
      br += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    }
    const html = await (await fetch(server.base + path)).text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('');
    br += brotliCompressSync(Buffer.from(inline)).length;
    figures.push({
      name: `JS before interaction, ${type} page (${path})`,
      value: br,
      unit: 'B brotli',
      detail: `${bodies.size} scripts, ${raw} B raw`,
      budget: type.startsWith('chapter') ? BUDGET_CHAPTER : null,
      pass: type.startsWith('chapter') ? br <= BUDGET_CHAPTER : null,
      runs: 1,
    });
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
}
console.log(JSON.stringify({ figures }));
