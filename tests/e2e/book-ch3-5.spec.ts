/**
 * Browser checks for chapters 3–5 in both locales, against the production build: every claim callout
 * renders with its verdict and sources, every lab widget hydrates without an error once scrolled into view,
 * and a widget answers its controls (the retained old bucket array of section 3.3 goes away when N grows
 * past the end of the evacuation: the map's own bytes drop from about 30 to about 19 MiB, as the caption says).
 */
import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './helpers';

const PAGES: { slug: string; claims: number; widgets: string[] }[] = [
  { slug: 'ch3-anti-patterns', claims: 14, widgets: ['ch3-retain', 'ch3-scan', 'ch3-evac', 'ch3-evac-steps'] },
  { slug: 'ch4-lifecycle-practice', claims: 19, widgets: ['ch4-defer', 'ch4-rebuild'] },
  { slug: 'ch5-summary', claims: 0, widgets: ['ch5-swiss'] },
];

/** Scrolls down the whole page in steps so that every client:visible island hydrates. */
async function scrollThrough(page: Page) {
  const height = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0; y < height; y += 600) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(100);
  }
}

for (const prefix of ['', '/en']) {
  for (const { slug, claims, widgets } of PAGES) {
    const path = `${prefix}/${slug}/`;

    test(`${path}: claims render with a verdict and sources`, async ({ page }) => {
      await page.goto(path);
      const callouts = page.locator('aside.claim');
      await expect(callouts).toHaveCount(claims);
      for (let i = 0; i < claims; i++) {
        const c = callouts.nth(i);
        await expect(c.locator('.claim__verdict')).not.toBeEmpty();
        await expect(c.locator('.claim__report')).toContainText(prefix ? 'Reported' : '报告称');
        expect(await c.locator('.claim__sources a').count()).toBeGreaterThan(0);
      }
    });

    test(`${path}: every widget hydrates without errors`, async ({ page, baseURL }) => {
      const problems = watchPage(page, new URL(baseURL!).origin);
      await page.goto(path, { waitUntil: 'networkidle' });
      for (const id of widgets) await expect(page.locator(`#${id}`)).toBeAttached();
      await scrollThrough(page);
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
    });
  }
}

test('3.3: raising N past the end of the evacuation frees the old bucket array (both locales)', async ({ page }) => {
  for (const prefix of ['', '/en']) {
    await page.goto(`${prefix}/ch3-anti-patterns/`);
    const widget = page.locator('#ch3-evac');
    await widget.scrollIntoViewIfNeeded();
    // Wait until the island has hydrated (Astro removes the ssr attribute), or the input would be replaced.
    await expect(widget.locator('astro-island').first()).not.toHaveAttribute('ssr', /.*/, { timeout: 20_000 });
    const n = widget.locator('input[name="n"]');
    await expect(n).toHaveValue('430000');
    // The heap view's summary ends with the map's own bytes: ~30 MiB while the old array is kept, ~19 MiB after.
    const mapMiB = async () => {
      const text = await widget.innerText();
      const m = /(?:其中 map 自身占|of which the map itself holds) ([\d.]+) MiB/.exec(text);
      return m ? Number(m[1]) : NaN;
    };
    const before = await mapMiB();
    expect(before).toBeGreaterThan(25);
    await n.fill('480000');
    await n.dispatchEvent('input');
    await n.dispatchEvent('change');
    await expect.poll(mapMiB, { timeout: 30_000 }).toBeLessThan(before * 0.75);
  }
});
