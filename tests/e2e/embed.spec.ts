/**
 * Embedding: the chrome-less widget pages, and the custom elements of /embed/map-gc-lab.js in a plain HTML
 * page that has nothing of Astro (served from a test route on the same origin).
 */
import { test, expect } from '@playwright/test';
import { seriousViolations } from './axe';
import { watchPage } from './helpers';

test('a widget page has no site chrome, one figure, and goes live from its query', async ({ page, baseURL }) => {
  const problems = watchPage(page, new URL(baseURL!).origin);
  await page.goto('/embed/en/heap/?preset=case-after&theme=light');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveClass(/lab-theme-light/);
  await expect(page.locator('nav.sidebar, header.header, .pagination-links')).toHaveCount(0);
  await expect(page.locator('.lab-fig')).toHaveCount(1);
  await expect(page.locator('.lab')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(page.locator('.lab-fig[data-view=heap] .lab-fig__sentence')).toContainText('GC cycles run');
  // The query's view list cannot turn a one-chart page into another chart.
  await page.goto('/embed/en/pauses/?views=heap,compare&controls=gogc');
  await expect(page.locator('.lab-fig')).toHaveCount(1);
  await expect(page.locator('.lab-fig')).toHaveAttribute('data-view', 'pauses');
  await expect(page.locator('input[name="gogc"]')).toBeVisible();
  await expect(page.locator('input[name="n"]')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('axe finds no serious issue on a widget page', async ({ page }) => {
  await page.goto('/embed/en/lab/', { waitUntil: 'networkidle' });
  expect(await seriousViolations(page)).toEqual([]);
});

const HOST = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A plain host page</title></head>
<body>
  <h1>Someone else's docs</h1>
  <script src="/embed/map-gc-lab.js"></script>
  <script src="/embed/map-gc-lab.js"></script>
  <map-gc-heap id="heap" preset="case-after" theme="dark"><a id="fallback" href="/en/lab/">The session map, simulated</a></map-gc-heap>
  <map-gc-lab id="lab" views="pauses" n="20000" deleteRatio="0.5" lang="zh-CN"></map-gc-lab>
</body>
</html>`;

test('the custom elements work in a plain HTML page, loaded twice', async ({ page, baseURL }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.route(`${baseURL}/__host/page.html`, (route) => route.fulfill({ contentType: 'text/html', body: HOST }));
  await page.goto('/__host/page.html');

  // The frames live in the elements' shadow roots; the fallback link stays hidden.
  const heapFrame = page.locator('#heap iframe');
  const labFrame = page.locator('#lab iframe');
  await expect(heapFrame).toHaveAttribute('src', /\/embed\/en\/heap\/\?preset=case-after&theme=dark$/);
  await expect(labFrame).toHaveAttribute('src', /\/embed\/lab\/\?views=pauses&n=20000&deleteRatio=0\.5$/);
  await expect(page.locator('#fallback')).toBeHidden();

  // The widget pages report their height, and the elements take it.
  await expect.poll(async () => heapFrame.evaluate((f) => (f as HTMLIFrameElement).style.height), { timeout: 30_000 }).not.toBe('480px');
  // Compared at the same moment: the widget page's height changes while it draws (static SVG, then live).
  const inner = page.frameLocator('#heap iframe').locator('html');
  await expect
    .poll(async () => {
      const reported = await inner.evaluate((h) => Math.ceil(h.getBoundingClientRect().height));
      const taken = await heapFrame.evaluate((f) => parseInt((f as HTMLIFrameElement).style.height, 10));
      return taken - reported;
    })
    .toBe(0);

  // The attributes reach the widget: the lab frame simulates n = 20 000 with 50 % deleted, in Chinese.
  const lab = page.frameLocator('#lab iframe');
  await expect(lab.locator('.lab')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(lab.locator('input[name="n"]')).toHaveValue('20000');
  await expect(lab.locator('input[name="deleteRatio"]')).toHaveValue('50');
  await expect(lab.locator('.lab-fig')).toHaveCount(1);
  await expect(lab.locator('.lab-ctl[data-field="deleteRatio"] label').first()).toContainText('删除比例');

  // Changing an attribute reloads the widget with it.
  await page.locator('#lab').evaluate((el) => el.setAttribute('gogc', '400'));
  await expect(labFrame).toHaveAttribute('src', /gogc=400/);
  await expect(lab.locator('input[name="gogc"]')).toHaveValue('400', { timeout: 30_000 });

  expect(await page.evaluate(() => customElements.get('map-gc-pauses') !== undefined)).toBe(true);
  expect(problems).toEqual([]);
});

test('the lab copies an embed snippet that works as written', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/en/lab/?n=20000&gogc=300');
  await expect(page.locator('.lab')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  await expect(page.locator('.lab__status')).toHaveText('Copied');
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain(`<script src="${baseURL}/embed/map-gc-lab.js" async></script>`);
  expect(snippet).toMatch(/<map-gc-lab lang="en" v="1" [^>]*gogc="300"/);

  await page.route(`${baseURL}/__host/snippet.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><body>${snippet}</body></html>` }),
  );
  await page.goto('/__host/snippet.html');
  const frame = page.frameLocator('map-gc-lab iframe');
  await expect(frame.locator('.lab')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(frame.locator('input[name="gogc"]')).toHaveValue('300');
});
