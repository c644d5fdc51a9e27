/**
 * Chapter 2.5's sync.Map widget (preset syncmap-vs-mutex, sim mode syncmap): it renders with its static charts in
 * both locales, and it answers its implementation control the way the model says it must. After deleting 90 %,
 * Go ≤ 1.23's sync.Map still holds the deleted keys that reached read.m, so its heap at the end is above the map +
 * mutex's; Go 1.24+'s hash-trie unlinks them, and its heap falls below the map's, which does not shrink.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';

const UNITS: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 };

/** The A and B values of the compare table's "HeapAlloc at the end" row, in bytes. */
async function endHeaps(w: Locator, label: RegExp): Promise<[number, number]> {
  const cells = await w.locator('tr', { hasText: label }).first().locator('td').allInnerTexts();
  const vals: number[] = [];
  for (const c of cells) {
    const m = /([\d.,]+)\s*(B|KiB|MiB|GiB)\b/.exec(c);
    if (m) vals.push(Number(m[1].replace(/,/g, '')) * UNITS[m[2]]);
  }
  return [vals[0], vals[1]];
}

async function hydrated(page: Page, id: string): Promise<Locator> {
  const w = page.locator(`#${id}`);
  await w.scrollIntoViewIfNeeded();
  await expect(w.locator('astro-island').first()).not.toHaveAttribute('ssr', /.*/, { timeout: 20_000 });
  return w;
}

for (const prefix of ['', '/en']) {
  test(`${prefix || '/'} chapter 2.5: sync.Map vs map + mutex follows the Go version`, async ({ page }) => {
    await page.goto(`${prefix}/ch2-map-and-gc/`);
    const w = await hydrated(page, 'ch2-syncmap');
    await expect(w).toContainText(prefix ? 'Simulated' : '模拟');
    expect(await w.locator('svg').count()).toBeGreaterThan(0);
    const label = prefix ? /HeapAlloc at the end/ : /结束时 HeapAlloc/;
    const [a, b] = await endHeaps(w, label);
    // Go ≤ 1.23 (the preset): the sync.Map (B) ends above the map + mutex (A).
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    await w.locator('select[name="impl"]').first().selectOption('swiss');
    // Go 1.24+: the hash-trie frees what was deleted; the Swiss map keeps its groups.
    await expect
      .poll(async () => {
        const [a2, b2] = await endHeaps(w, label);
        return b2 < a2;
      }, { timeout: 60_000 })
      .toBe(true);
  });
}
