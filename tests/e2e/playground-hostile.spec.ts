/**
 * Hostile Go programs in the playground, in Chromium against the production build (issue #8): deep
 * recursion, allocation without end, a goroutine leak, a panic in a goroutine. For each:
 *   - the run ends by itself within a bound, well before the 20 s watchdog, with a message that says what
 *     happened in the page's language (title, detail, advice);
 *   - meanwhile the page stays responsive: the editor (Monaco) takes typing while the program runs, and the
 *     main thread has no long task (PerformanceObserver 'longtask', i.e. none over 50 ms) from Run to the end;
 *   - the reader's code, with what they typed during the run, is still in the editor;
 *   - the next run works (a fresh Go process where the old one died) and prints its output.
 * The endless loop, Stop, a panic in main and an output flood are in playground.spec.ts.
 */
import { cpus, loadavg } from 'node:os';
import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './helpers';

// One after another in one worker: each program keeps a core busy, and two at once on a 2-core machine
// would measure each other.
test.describe.configure({ mode: 'default' });

/**
 * The main-thread budget (DESIGN.md §7: no task over 50 ms while a program runs). A long task is measured
 * in wall time, so on a machine whose other work already keeps every core busy a task of a few ms can be
 * stretched past 50 ms while the thread waits for a core (seen here at load average 4–8 on 2 cores: tasks
 * of 50–150 ms whose own JavaScript took a few ms, with and without typing). Then the budget is 200 ms, which still catches a page that blocks (a frozen editor,
 * a per-message DOM rewrite), and the test says so in its annotation.
 */
function longTaskBudget(): { ms: number; why: string } {
  const load = loadavg()[0] / cpus().length;
  return load <= 1 ? { ms: 50, why: `load ${load.toFixed(2)} per core` } : { ms: 200, why: `busy machine: load ${load.toFixed(2)} per core` };
}

const prog = (body: string, imports: string, extra = '') => `package main\n\nimport (${imports})\n${extra}\nfunc main() {\n${body}\n}\n`;
const TYPED = '// typed while it ran';

interface Case {
  path: '/playground/' | '/en/playground/';
  code: string;
  /** The run must end by itself within this many ms of pressing Run (cold start of the runner included). */
  withinMs: number;
}

/** Puts the keyboard focus in Monaco (its hidden input element), the way a click into the text does. */
async function focusMonaco(page: Page) {
  const input = page.locator('.gp-editor .monaco-editor').locator('.native-edit-context, textarea.inputarea').first();
  await input.focus();
  await expect(input).toBeFocused();
}

/**
 * Opens the page with `code` in the editor and Monaco open, presses Run, types into the editor while the
 * program runs, and waits for the run to end. Returns what happened.
 */
async function hostileRun(page: Page, baseURL: string | undefined, c: Case) {
  const problems = watchPage(page, new URL(baseURL!).origin);
  await page.goto(c.path);
  await expect(page.locator('.gp[data-hydrated]')).toBeVisible();
  const area = page.locator('.gp-editor__plain');
  await area.evaluate((el, v) => {
    const ta = el as HTMLTextAreaElement;
    ta.value = v;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, c.code);
  await area.click(); // opens Monaco with the code (loaded before the run: its start-up is not the run's)
  await expect(page.locator('.gp-editor .monaco-editor')).toBeVisible({ timeout: 20_000 });
  // Monaco makes its hover and cursor services on the first mouse move and keystroke: do that now, so the
  // run's window measures typing, not the editor's first use. The text is unchanged afterwards.
  await focusMonaco(page);
  await page.keyboard.type('x');
  await page.keyboard.press('Backspace');
  await expect(area).toHaveValue(c.code);
  await page.waitForTimeout(1000); // Monaco's first layout and the idle-time chart preload settle

  // Long tasks from here on (not buffered: page load and Monaco's start-up are not part of the run).
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: [number, number][] };
    w.__longTasks = [];
    const t0 = performance.now();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push([Math.round(e.duration), Math.round(e.startTime - t0)]);
    }).observe({ type: 'longtask' });
  });

  const runs = Number(await page.locator('.gp').getAttribute('data-runs'));
  const t0 = Date.now();
  await page.locator('.gp-btn--run').click();
  await expect(page.locator('.gp')).toHaveAttribute('data-phase', 'running', { timeout: 30_000 });

  // The editor takes typing while the program runs (focus through Monaco's own input element: a click
  // could land on one of its widgets).
  await focusMonaco(page);
  await page.keyboard.press('Control+End');
  const typedAt = Date.now();
  await page.keyboard.type(TYPED);
  await expect.poll(async () => (await area.inputValue()).slice(-40), { message: 'the typed text reached the editor' }).toMatch(new RegExp(`${TYPED}$`));
  const typingMs = Date.now() - typedAt;
  const phaseAfterTyping = await page.locator('.gp').getAttribute('data-phase');

  await expect(page.locator('.gp')).toHaveAttribute('data-runs', String(runs + 1), { timeout: c.withinMs + 5_000 });
  const endMs = Date.now() - t0;
  await page.waitForTimeout(300); // long-task entries are delivered after the task
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: [number, number][] }).__longTasks);
  const code = await area.inputValue();
  return { problems, endMs, typingMs, phaseAfterTyping, longTasks, code };
}

/** The next run: new code through the editor, Run, its output, no end message. */
async function nextRunWorks(page: Page, text: string, code = prog(`fmt.Println(${JSON.stringify(text)})`, '"fmt"')) {
  const runs = Number(await page.locator('.gp').getAttribute('data-runs'));
  await page.locator('.gp-editor__plain').evaluate((el, v) => {
    const ta = el as HTMLTextAreaElement;
    ta.value = v;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, code);
  await page.locator('.gp-btn--run').click();
  await expect(page.locator('.gp')).toHaveAttribute('data-runs', String(runs + 1), { timeout: 30_000 });
  await expect(page.locator('.gp-out__text')).toHaveText(`${text}\n`);
  await expect(page.locator('.gp-end')).toHaveCount(0);
  await expect(page.locator('.gp-leaked')).toHaveCount(0);
}

function expectResponsive(r: Awaited<ReturnType<typeof hostileRun>>, code: string, withinMs: number) {
  expect(r.endMs, 'the run ended by itself in time').toBeLessThan(withinMs);
  expect(r.phaseAfterTyping, 'typing was taken while the program ran').toBe('running');
  const budget = longTaskBudget();
  const tasks = r.longTasks.map(([ms, at]) => `${ms} ms at +${at} ms`).join(', ') || 'none';
  const over = r.longTasks.filter(([ms]) => ms > budget.ms);
  expect(over, `main-thread tasks over ${budget.ms} ms (${budget.why}; Run pressed at +0, typing took ${r.typingMs} ms, the run ended after ${r.endMs} ms; all over 50 ms: ${tasks})`).toEqual([]);
  expect(r.code, 'the reader’s code, with what they typed, is in the editor').toBe(code + TYPED);
  const timing = `run ended after ${r.endMs} ms; 21 keystrokes took ${r.typingMs} ms; main-thread tasks over 50 ms: ${tasks} (budget ${budget.ms} ms, ${budget.why})`;
  test.info().annotations.push({ type: 'timing', description: timing });
  console.log(`${test.info().title}: ${timing}`);
}

test('deep recursion ends with “Stack overflow”, and the next run works in a fresh process', async ({ page, baseURL }) => {
  // It thinks for 1.5 s first, so that there is a run to type during; then it recurses without end.
  const code = prog(
    'fmt.Println("thinking")\ntime.Sleep(1500 * time.Millisecond)\nfmt.Println(depth(0))',
    '"fmt"; "time"',
    '\nfunc depth(n int) int {\n\treturn depth(n+1) + 1\n}\n',
  );
  const r = await hostileRun(page, baseURL, { path: '/en/playground/', code, withinMs: 15_000 });
  await expect(page.locator('.gp-end__title')).toHaveText('Stack overflow');
  // Chromium's own call stack overflows first (Go's calls are WebAssembly calls); Go's 256 MiB limit
  // would say "goroutine stack exceeds" instead.
  await expect(page.locator('.gp-end__detail')).toHaveText(/the program's calls went deeper than the browser's call stack allows|goroutine stack exceeds/);
  await expect(page.locator('.gp-end__advice')).toHaveText('Probably recursion without an end.');
  expectResponsive(r, code, 15_000);
  await nextRunWorks(page, 'alive after the stack overflow');
  expect(r.problems).toEqual([]);
});

test('allocation without end is stopped at the memory limit, said in Chinese, and the next run works', async ({ page, baseURL }) => {
  // A map that grows without end: 4 KiB per entry, a line every 128 MiB.
  const code = prog('keep := map[int][]byte{}\nfor i := 1; ; i++ {\n\tkeep[i] = make([]byte, 4<<10)\n\tif i%(32<<10) == 0 {\n\t\tfmt.Println(i*4>>10, "MiB")\n\t}\n}', '"fmt"');
  const r = await hostileRun(page, baseURL, { path: '/playground/', code, withinMs: 15_000 });
  await expect(page.locator('.gp-end__title')).toHaveText('内存不足');
  await expect(page.locator('.gp-end__detail')).toHaveText('程序使用的内存超过了 1024 MiB');
  await expect(page.locator('.gp-end__advice')).toHaveText('程序需要的内存超过 1024 MiB 时，运行器会停止它。');
  await expect(page.locator('.gp-out__text')).toContainText('128 MiB'); // it ran, and its output is kept
  expectResponsive(r, code, 15_000);
  await nextRunWorks(page, '内存不足之后还能运行');
  expect(r.problems).toEqual([]);
});

test('a goroutine leak is ended with the program and said in Chinese; the next run gets a fresh process', async ({ page, baseURL }) => {
  const code = prog(
    'block := make(chan int)\nfor i := 0; i < 1000; i++ {\n\tgo func() { <-block }()\n}\nfmt.Println("started 1000 goroutines")\ntime.Sleep(1500 * time.Millisecond)',
    '"fmt"; "time"',
  );
  const r = await hostileRun(page, baseURL, { path: '/playground/', code, withinMs: 10_000 });
  await expect(page.locator('.gp-end')).toHaveCount(0); // exit status 0: not an error
  await expect(page.locator('.gp-leaked')).toHaveText(
    'main 返回时还有 1000 个 goroutine 在运行。Go 在 main 返回时会结束所有 goroutine，运行器也这样做了：下一次运行会启动新的 Go 进程。',
  );
  await expect(page.locator('.gp__status')).toContainText('程序以状态 0 退出');
  await expect(page.locator('.gp-out__text')).toHaveText('started 1000 goroutines\n');
  expectResponsive(r, code, 10_000);
  // The 1000 blocked goroutines did not survive into the next run's process.
  await nextRunWorks(page, 'true', prog('fmt.Println(runtime.NumGoroutine() < 1000)', '"fmt"; "runtime"'));
  expect(r.problems).toEqual([]);
});

test('a panic in a goroutine ends the program with Go’s message, and the next run works', async ({ page, baseURL }) => {
  const code = prog(
    'fmt.Println("serving")\ngo func() {\n\ttime.Sleep(1500 * time.Millisecond)\n\tpanic(fmt.Sprintf("worker %d failed", 7))\n}()\ntime.Sleep(time.Hour)\nfmt.Println("not reached")',
    '"fmt"; "time"',
  );
  const r = await hostileRun(page, baseURL, { path: '/en/playground/', code, withinMs: 10_000 });
  await expect(page.locator('.gp-end__title')).toHaveText('The Go process crashed');
  await expect(page.locator('.gp-end__detail')).toHaveText('panic: worker 7 failed');
  await expect(page.locator('.gp-end__advice')).toHaveText('A panic in a goroutine ends the whole program, as in Go.');
  await expect(page.locator('.gp-out__text')).toContainText('serving');
  await expect(page.locator('.gp-out__text')).not.toContainText('not reached');
  expectResponsive(r, code, 10_000);
  await nextRunWorks(page, 'alive after the crash');
  expect(r.problems).toEqual([]);
});
