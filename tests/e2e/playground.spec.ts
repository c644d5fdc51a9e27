/**
 * The playground and RunHere in Chromium against the production build: real worker, real wasm, real
 * Monaco. Every test also asserts the page logged no console error, threw nothing, failed no request
 * and stayed on its origin (watchPage).
 */
import { test, expect, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { watchPage } from './helpers';

const PG = '/en/playground/';

async function open(page: Page, baseURL: string | undefined, path = PG) {
  const problems = watchPage(page, new URL(baseURL!).origin);
  await page.goto(path);
  await expect(page.locator('.gp[data-hydrated]')).toBeVisible();
  return problems;
}

const editor = (page: Page) => page.locator('.gp-editor__plain');
const output = (page: Page) => page.locator('.gp-out__text');
const runButton = (page: Page) => page.locator('.gp-btn--run');
const idle = (page: Page) => expect(page.locator('.gp')).toHaveAttribute('data-phase', 'idle', { timeout: 45_000 });

/** Replaces the code through the text box (before Monaco is opened, this is the editor). */
async function setCode(page: Page, code: string) {
  await editor(page).evaluate((el, v) => {
    const ta = el as HTMLTextAreaElement;
    ta.value = v;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, code);
}

/** Clicks Run and waits for that run to end (data-runs counts finished runs; a fast run may never be seen running). */
async function run(page: Page) {
  const before = Number(await page.locator('.gp').getAttribute('data-runs'));
  await runButton(page).click();
  await expect(page.locator('.gp')).toHaveAttribute('data-runs', String(before + 1), { timeout: 45_000 });
  await idle(page);
}

const prog = (body: string, imports = '"fmt"') => `package main\n\nimport (${imports})\n\nfunc main() {\n${body}\n}\n`;

test('the case-study experiment runs compiled and shows its output and phases', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  await page.locator('.gp__select select').selectOption('exp-casestudy');
  // Typing a value and clicking Run straight away (no blur first) must run with the typed value.
  await page.locator('#gp-param-casestudy-n').fill('20000');
  await run(page);
  await expect(output(page)).toContainText('casestudy on go1.');
  await expect(output(page)).toContainText('rebuild: 2000 entries in the map');
  await expect(page.locator('.gp-phases tbody tr')).toHaveCount(6);
  await expect(page.locator('.gp__status')).toContainText('exited with status 0');
  expect(problems).toEqual([]);
});

test('an endless loop is ended by Stop and by the time limit, and the next run works', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  await setCode(page, prog('n := 0\nfor {\nn++\n}', ''));
  await runButton(page).click();
  await expect(page.locator('.gp')).toHaveAttribute('data-phase', 'running', { timeout: 30_000 });
  await page.locator('.gp__toolbar button', { hasText: 'Stop' }).click();
  await idle(page);
  await expect(page.locator('.gp-end__title')).toHaveText('Stopped');

  await page.locator('.gp__limit input').fill('2');
  await page.locator('.gp__limit input').blur();
  await run(page);
  await expect(page.locator('.gp-end__title')).toHaveText('Time limit reached');
  await expect(page.locator('.gp-end__detail')).toHaveText('stopped after 2 s');

  await setCode(page, prog('fmt.Println("alive")'));
  await run(page);
  await expect(output(page)).toHaveText('alive\n');
  await expect(page.locator('.gp-end')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a panic shows its message and exit status', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  await page.locator('.gp__select select').selectOption('panic');
  await run(page);
  await expect(output(page)).toContainText('recovered: session "b" not found');
  await expect(page.locator('.gp-end__title')).toHaveText('Panic');
  await expect(page.locator('.gp-end__detail')).toHaveText('panic: session "c" not found');
  expect(problems).toEqual([]);
});

test('an output flood is stopped at the limit and the page shows only a bounded part', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  // Lines of ~1 KB: the 1 MiB limit comes after about a thousand of them, well before the time limit even
  // when the interpreter runs slowly (short lines needed ~95 000 Printlns, which a loaded machine could
  // not always finish in 20 s, and the run ended on the time limit instead).
  await setCode(page, prog('line := strings.Repeat("flood ", 170)\nfor i := 0; ; i++ {\nfmt.Println(line, i)\n}', '"fmt"; "strings"'));
  await run(page);
  await expect(page.locator('.gp-end__title')).toHaveText('Too much output');
  const text = await output(page).textContent();
  expect(text!.length).toBeGreaterThan(10_000);
  expect(text!.length).toBeLessThan(210_000);
  await expect(output(page).locator('.gp-truncated')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('a compile error is marked in the editor at its line and column', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  await setCode(page, prog('\tfmt.Println(undefinedName)'));
  await editor(page).click(); // opens Monaco
  await expect(page.locator('.gp-editor .monaco-editor')).toBeVisible({ timeout: 20_000 });
  await run(page);
  await expect(page.locator('.gp-end__title')).toHaveText('Compile error');
  await expect(page.locator('.gp-end__detail')).toContainText('undefined: undefinedName');
  await expect(page.locator('.gp-end')).toContainText('line 6, column 14');
  await expect(page.locator('.gp-editor .squiggly-error')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('a shared link restores the code and does not run it', async ({ page, context, baseURL }) => {
  const problems = await open(page, baseURL);
  const code = prog('fmt.Println("shared 共享 run")');
  await setCode(page, code);
  await page.locator('.gp__toolbar button', { hasText: 'Share' }).click();
  const link = await page.locator('.gp-link').inputValue();
  expect(link).toMatch(/\/en\/playground\/#v=1&code=z[A-Za-z0-9_-]+$/);

  const other = await context.newPage();
  const otherProblems = watchPage(other, new URL(baseURL!).origin);
  const requests: string[] = [];
  other.on('request', (r) => requests.push(r.url()));
  await other.goto(link);
  await expect(other.locator('[data-notice="shared"]')).toBeVisible();
  await expect(other.locator('.gp-editor__plain')).toHaveValue(code);
  await other.waitForTimeout(1000);
  await expect(other.locator('.gp-out__text')).toHaveText('');
  expect(requests.filter((u) => /runner\.[0-9a-f]+\.wasm|go-runner\.worker/.test(u))).toEqual([]);
  expect(await other.evaluate(() => location.hash)).toBe('');
  expect([...problems, ...otherProblems]).toEqual([]);
});

test('autosave keeps the code across a reload, and another tab’s save is announced', async ({ page, context, baseURL }) => {
  const problems = await open(page, baseURL);
  const code = prog('fmt.Println("kept across reloads")');
  await setCode(page, code);
  await page.waitForTimeout(800);
  await page.reload();
  await expect(page.locator('.gp[data-hydrated]')).toBeVisible();
  await expect(editor(page)).toHaveValue(code);

  const second = await context.newPage();
  await second.goto(PG);
  await expect(second.locator('.gp[data-hydrated]')).toBeVisible();
  await setCode(second, prog('fmt.Println("from the second tab")'));
  await expect(page.locator('[data-notice="other-tab"]')).toBeVisible();
  await expect(editor(page)).toHaveValue(code); // not replaced silently
  await page.locator('[data-notice="other-tab"] button', { hasText: 'Load that version' }).click();
  await expect(editor(page)).toHaveValue(/from the second tab/);
  expect(problems).toEqual([]);
});

test('gctrace cycles reach the GC panel and its charts; axe finds nothing serious', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  await page.locator('.gp__select select').selectOption('maps-gc');
  await run(page);
  await expect(output(page)).toContainText('rebuilt');
  const cycles = Number(await page.locator('.gp-gc').getAttribute('data-cycles'));
  expect(cycles).toBeGreaterThanOrEqual(5); // five runtime.GC() calls at least
  await expect(page.locator('.gp-gc__sentence')).toContainText('forced by runtime.GC');
  await page.locator('.gp-gc').scrollIntoViewIfNeeded();
  await expect(page.locator('.gp-gc__charts svg').first()).toBeVisible({ timeout: 15_000 });
  // Charts are drawn one per task (schedule.ts): wait for the third rather than counting at the first.
  await expect.poll(() => page.locator('.gp-gc__charts .lab-fig__chart svg').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  expect(await seriousViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the zh page names the Go version in Chinese', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL, '/playground/');
  await expect(page.locator('.gp__version')).toHaveText(/^Go 1\.\d+\.\d+（yaegi v0\.16\.1 解释器）/);
  expect(problems).toEqual([]);
});

test('Run here in a chapter runs the program inline; a toolchain-only program says so', async ({ page, baseURL }) => {
  const problems = watchPage(page, new URL(baseURL!).origin);
  await page.goto('/en/ch2-map-and-gc/');
  const first = page.locator('.gp-rh').first();
  // The island hydrates when its bar comes near the viewport (client:visible), below the code block.
  await first.locator('.gp-rh__bar').scrollIntoViewIfNeeded();
  await first.locator('button', { hasText: 'Run here' }).click();
  await expect(first.locator('.gp-rh__island')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  await expect(first.locator('.gp-rh__out')).not.toBeEmpty();
  await expect(first.locator('.gp-rh__summary')).toContainText('Ran in your browser: Go 1.');
  await expect(first.locator('.gp-end')).toHaveCount(0);
  const href = await first.locator('a', { hasText: 'Open in the playground' }).getAttribute('href');
  expect(href).toMatch(/^\/en\/playground\/#v=1&code=z/);

  await page.goto('/en/ch3-anti-patterns/');
  await expect(page.locator('.gp-rh__only').first()).toContainText('Runs only with the full toolchain');
  expect(problems).toEqual([]);
});
