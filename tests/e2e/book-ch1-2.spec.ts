/**
 * Browser checks for the landing pages and chapters 1–2 in both locales, against the production build:
 * the claim callouts and source-labelled figures render as the MDX declares them, every lab widget is on the
 * page with its static chart and hydrates without an error, and two widgets answer their controls (the
 * landing page's before/after comparison follows GOGC; chapter 1's session map keeps its heap when nothing
 * is deleted). Counts and widget ids are read from the MDX, so the checks follow the text.
 */
import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './helpers';
import { componentTags, pages, splitFrontmatter, withoutCode } from '../book/mdx-scan';

const SLUGS = ['index', 'ch1-case-study', 'ch2-map-and-gc'] as const;
const mdx = pages();

function expected(locale: '' | 'en', slug: string) {
  const p = mdx.find((q) => q.locale === locale && q.slug === slug)!;
  const tags = componentTags(withoutCode(splitFrontmatter(p.text).body));
  return {
    claims: tags.filter((t) => t.name === 'Claim').length,
    figures: tags.filter((t) => t.name === 'Figure').map((t) => t.attrs.source),
    widgets: tags.filter((t) => t.name === 'LabWidget').map((t) => t.attrs.id),
  };
}

async function scrollThrough(page: Page) {
  const height = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0; y < height; y += 500) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(80);
  }
}

for (const locale of ['', 'en'] as const) {
  for (const slug of SLUGS) {
    const path = `${locale ? '/en' : ''}/${slug === 'index' ? '' : slug + '/'}`;
    const want = expected(locale, slug);

    test(`${path}: claims and figures render with their labels`, async ({ page }) => {
      await page.goto(path);
      const callouts = page.locator('aside.claim');
      await expect(callouts).toHaveCount(want.claims);
      for (let i = 0; i < want.claims; i++) {
        const c = callouts.nth(i);
        await expect(c.locator('.claim__verdict')).not.toBeEmpty();
        await expect(c.locator('.claim__applies')).not.toBeEmpty();
        await expect(c.locator('.claim__report')).toContainText(locale ? 'Reported' : '报告称');
        expect(await c.locator('.claim__sources a[href^="https://"]').count()).toBeGreaterThan(0);
      }
      const figures = page.locator('figure.book-figure');
      await expect(figures).toHaveCount(want.figures.length);
      for (let i = 0; i < want.figures.length; i++) {
        await expect(figures.nth(i)).toHaveAttribute('data-source', want.figures[i]);
        await expect(figures.nth(i).locator('.book-figure__source')).toHaveText(
          { measured: locale ? 'measured' : '实测', simulated: locale ? 'simulated' : '模拟', reported: locale ? 'reported' : '报告称' }[
            want.figures[i] as 'measured' | 'simulated' | 'reported'
          ],
        );
      }
    });

    test(`${path}: every widget has its static chart and source line, and hydrates cleanly`, async ({ page, baseURL }) => {
      const problems = watchPage(page, new URL(baseURL!).origin);
      await page.goto(path, { waitUntil: 'networkidle' });
      for (const id of want.widgets) {
        const w = page.locator(`#${id}`);
        await expect(w).toBeAttached();
        expect(await w.locator('svg').count(), `${id}: static SVG`).toBeGreaterThan(0);
        await expect(w).toContainText(locale ? 'Simulated' : '模拟');
      }
      await scrollThrough(page);
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
    });
  }
}

async function hydrated(page: Page, id: string) {
  const w = page.locator(`#${id}`);
  await w.scrollIntoViewIfNeeded();
  await expect(w.locator('astro-island').first()).not.toHaveAttribute('ssr', /.*/, { timeout: 20_000 });
  return w;
}

/** The A and B values of the compare table's "GC cycles" row. */
async function cycles(w: ReturnType<Page['locator']>, label: RegExp): Promise<[number, number]> {
  const cells = w.locator('tr', { hasText: label }).first().locator('td');
  const text = await cells.allInnerTexts();
  const nums = text.map((t) => Number(t.replace(/[^\d.]/g, ''))).filter((n) => !Number.isNaN(n) && n > 0);
  return [nums[0], nums[1]];
}

test('landing: a higher GOGC means fewer GC cycles in the before/after comparison (both locales)', async ({ page }) => {
  for (const prefix of ['', '/en']) {
    await page.goto(`${prefix}/`);
    const w = await hydrated(page, 'home-case-fix');
    const label = prefix ? /^GC cycles/ : /^GC 轮数/;
    const [a0, b0] = await cycles(w, label);
    expect(a0).toBeGreaterThan(0);
    await w.locator('input[name="gogc"]').first().fill('400');
    await expect.poll(async () => (await cycles(w, label))[1], { timeout: 30_000 }).toBeLessThan(b0);
  }
});

/** "… HeapAlloc 为 3.1 MiB …" / "… HeapAlloc is 3.1 MiB …" → 3.1 */
async function endHeap(w: ReturnType<Page['locator']>): Promise<number> {
  const s = await w.locator('p', { hasText: /HeapAlloc/ }).first().innerText();
  const m = /HeapAlloc\D*?([\d.,]+)\s*MiB/.exec(s);
  return m ? Number(m[1].replace(/,/g, '')) : NaN;
}

test('chapter 1: without deletes the session map keeps its heap (both locales)', async ({ page }) => {
  for (const prefix of ['', '/en']) {
    await page.goto(`${prefix}/ch1-case-study/`);
    const w = await hydrated(page, 'ch1-sessions');
    const rebuilt = await endHeap(w);
    expect(rebuilt).toBeGreaterThan(0);
    await w.locator('input[name="deleteRatio"]').first().fill('0');
    // Nothing deleted: the heap at the end is the full map and all its sessions, several times larger.
    await expect.poll(() => endHeap(w), { timeout: 30_000 }).toBeGreaterThan(3 * rebuilt);
  }
});
