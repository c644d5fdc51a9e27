/**
 * State that lasts (issue #8): a saved version-1 lab link opens as written, and the playground keeps a
 * draft typed just before a reload (the autosave delay must not lose the last keystrokes). Another tab's
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
