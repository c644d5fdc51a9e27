/**
 * State that lasts (issue #8): a saved version-1 lab link opens as written, the playground keeps a
 * draft typed just before a reload (the autosave delay must not lose the last keystrokes), and a number
 * typed into a parameter is not reset by a re-render before it is committed. Another tab's
 * save and a reload after the delay are in playground.spec.ts; the link formats in tests/unit/saved-links.test.ts.
 */
import { test, expect } from '@playwright/test';
import { watchPage } from './helpers';

test('a saved version-1 lab link opens with its values and without a note', async ({ page, baseURL }) => {
  const problems = watchPage(page, new URL(baseURL!).origin);
  await page.goto('/en/lab/?v=1&preset=rebuild-report&n=20000&gogc=200&b.gomaxprocs=8&views=compare,heap');
  const lab = page.locator('.lab').first();
  await expect(lab).toHaveAttribute('data-drawn', /\d+/, { timeout: 30_000 });
  await expect(lab).toHaveAttribute('data-state', 'live');
  await expect(page.locator('input[name="n"]')).toHaveValue('20000');
  await expect(page.locator('input[name="gogc"]')).toHaveValue('200');
  await expect(page.locator('.lab-fig[data-view=compare]')).toHaveCount(1);
  await expect(page.locator('.lab__notes')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('v')).toBe('1');
  expect(problems).toEqual([]);
});

test('a draft typed just before a reload survives it', async ({ page, baseURL }) => {
  const problems = watchPage(page, new URL(baseURL!).origin);
  await page.goto('/en/playground/');
  await expect(page.locator('.gp[data-hydrated]')).toBeVisible();
  // Let the page's lazy chunks finish loading first: a reload aborts requests still in flight, which the
  // problem watcher would report (on a busy machine they can still be loading here).
  await page.waitForLoadState('networkidle');
  const code = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("typed a moment before the reload")\n}\n';
  await page.locator('.gp-editor__plain').evaluate((el, v) => {
    const ta = el as HTMLTextAreaElement;
    ta.value = v;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, code);
  await page.reload(); // at once: well within the 400 ms autosave delay
  await expect(page.locator('.gp[data-hydrated]')).toBeVisible();
  await expect(page.locator('.gp-editor__plain')).toHaveValue(code);
  expect(problems).toEqual([]);
});

test('a number typed into an experiment’s parameter survives a re-render of the page before Run', async ({ page, baseURL }) => {
  const problems = watchPage(page, new URL(baseURL!).origin);
  await page.goto('/en/playground/');
  await expect(page.locator('.gp[data-hydrated]')).toBeVisible();
  await page.locator('.gp__select select').selectOption('exp-casestudy');
  const n = page.locator('#gp-param-casestudy-n');
  await n.fill('20000'); // typed, not yet committed: the field still has the focus
  // Another tab saves a draft: the page shows a notice, i.e. it renders again while the field has the focus.
  await page.evaluate(() => {
    const key = `gomapgclab:playground:v1:${location.pathname}`;
    const newValue = JSON.stringify({ v: 1, code: 'package main\n', savedAt: Date.now(), tab: 'another-tab' });
    window.dispatchEvent(new StorageEvent('storage', { key, newValue }));
  });
  await expect(page.locator('[data-notice="other-tab"]')).toBeVisible();
  await expect(n).toBeFocused();
  await expect(n).toHaveValue('20000');
  const runs = Number(await page.locator('.gp').getAttribute('data-runs'));
  await page.locator('.gp-btn--run').click();
  await expect(page.locator('.gp')).toHaveAttribute('data-runs', String(runs + 1), { timeout: 45_000 });
  await expect(page.locator('.gp-out__text')).toContainText('n:20000 ');
  expect(problems).toEqual([]);
});
