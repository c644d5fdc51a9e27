import { test, expect } from '@playwright/test';
import { seriousViolations } from './axe';
import { allPaths, chapterSlugs, watchPage } from './helpers';

test.describe('every page', () => {
  for (const path of allPaths) {
    test(`${path} loads cleanly and stays on its origin`, async ({ page, baseURL }) => {
      const problems = watchPage(page, new URL(baseURL!).origin);
      await page.goto(path, { waitUntil: 'networkidle' });
      await expect(page.locator('h1').first()).toBeVisible();
      const lang = await page.locator('html').getAttribute('lang');
      expect(lang).toBe(path.startsWith('/en') ? 'en' : 'zh-CN');
      expect(problems).toEqual([]);
    });
  }
});

test('the sidebar lists the five chapters in order, in both locales', async ({ page }) => {
  for (const prefix of ['', '/en']) {
    await page.goto(`${prefix}/ch2-map-and-gc/`);
    const hrefs = await page.locator('nav.sidebar a[href*="/ch"]').evaluateAll((as) =>
      as.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
    );
    expect(hrefs).toEqual(chapterSlugs.map((s) => `${prefix}/${s}/`));
  }
});

test('prev/next links connect the chapters', async ({ page }) => {
  await page.goto('/ch2-map-and-gc/');
  await expect(page.locator('.pagination-links a[rel="prev"]')).toHaveAttribute('href', '/ch1-case-study/');
  await expect(page.locator('.pagination-links a[rel="next"]')).toHaveAttribute('href', '/ch3-anti-patterns/');
});

test('search finds a word from chapter 2', async ({ page }) => {
  await page.goto('/en/');
  await page.locator('button[data-open-modal]').first().click();
  await page.locator('#starlight__search input').fill('sync.Map');
  const hit = page.locator('#starlight__search .pagefind-ui__result-link').first();
  await expect(hit).toHaveAttribute('href', /\/en\/ch2-map-and-gc\//);
});

test('search works in Chinese', async ({ page }) => {
  await page.goto('/');
  await page.locator('button[data-open-modal]').first().click();
  await page.locator('#starlight__search input').fill('逃逸');
  await expect(page.locator('#starlight__search .pagefind-ui__result-link').first()).toHaveAttribute(
    'href',
    /\/ch2-map-and-gc\//,
  );
});

test('the theme select switches between dark and light', async ({ page }) => {
  await page.goto('/ch1-case-study/');
  const select = page.locator('starlight-theme-select select').first();
  await select.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await select.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the language picker leads to the same chapter in English', async ({ page }) => {
  await page.goto('/ch3-anti-patterns/');
  await page.locator('starlight-lang-select select').first().selectOption({ label: 'English' });
  await expect(page).toHaveURL(/\/en\/ch3-anti-patterns\/$/);
});

for (const path of ['/', '/ch1-case-study/', '/en/ch2-map-and-gc/']) {
  test(`axe finds no serious or critical violation on ${path}`, async ({ page }) => {
    await page.goto(path, { waitUntil: 'networkidle' });
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('code-block copy buttons speak the page language', async ({ page }) => {
  await page.goto('/en/ch2-map-and-gc/');
  await expect(page.locator('.expressive-code .copy button').first()).toHaveAttribute('title', 'Copy to clipboard');
  await page.goto('/ch2-map-and-gc/');
  await expect(page.locator('.expressive-code .copy button').first()).toHaveAttribute('title', '复制到剪贴板');
});
