#!/usr/bin/env node
// Go runner benchmark (DESIGN.md §7), in headless Chromium against the production build:
//
//   runner wasm transfer size   the brotli file the build writes (dist/go/runner.*.wasm.br, quality 9): what a
//                               host serving the precompressed files sends       budget ≤ 6 MB
//   experiment wasm sizes       the same for each compiled experiment            budget ≤ 1 MB each
//   cold start → first output   fresh browser context (empty cache): press Run on /en/playground/ with a
//                               hello-world program, until its output is on the page      budget ≤ 2 s
//   warm small run              the same program again in that page, press → output      budget ≤ 200 ms
//   longest main-thread task    PerformanceObserver('longtask') over every run above plus a GC-heavy
//                               example with the GC panel drawing                 budget: none > 50 ms
//
// Times are taken inside the page (performance.now() at the click, a MutationObserver on the output), so
// Playwright's own latency is not in them. `astro preview` serves files uncompressed on localhost, so the
// network part of the cold start is a local transfer of the raw wasm (13 MB); the wasm is compiled with
// WebAssembly.compileStreaming in the worker.
//
//   node scripts/bench-runner.mjs            (needs `npm run build`; BENCH_RUNS=5 cold runs, 3× as many warm)
//
// Last stdout line: {"figures":[{name, value, unit, budget, pass, runs, spread}]} (scripts/bench.mjs reads it).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { launchChromium, median, percentile, startPreview } from './bench/lib.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const warmRuns = runs * 3;
const dist = 'dist';
const MB = 1e6;

if (!existsSync(path.join(dist, 'go', 'manifest.json'))) {
  console.error('bench-runner: no runner in dist/go/; run `npm run build` first');
  process.exit(2);
}

const figures = [];
const fig = (name, value, unit, budget, pass, extra = {}) => figures.push({ name, value, unit, budget, pass, ...extra });
const round = (v, d = 0) => Math.round(v * 10 ** d) / 10 ** d;
const spread = (xs, d = 0) => `${round(Math.min(...xs), d)}–${round(Math.max(...xs), d)}`;

// --- sizes --------------------------------------------------------------------------------------
const manifest = JSON.parse(readFileSync(path.join(dist, 'go', 'manifest.json'), 'utf8'));
const brSize = (file) => statSync(path.join(dist, 'go', file + '.br')).size;
const runnerBr = brSize(manifest.runner.file);
fig('runner wasm, brotli', round(runnerBr / MB, 2), 'MB', 6, runnerBr <= 6 * MB, {
  detail: `${manifest.runner.file}: ${manifest.runner.bytes} B raw, ${runnerBr} B brotli q9 (+ wasm_exec.js ${brSize(manifest.wasmExec.file)} B)`,
});
for (const [name, e] of Object.entries(manifest.experiments)) {
  const b = brSize(e.file);
  fig(`experiment ${name} wasm, brotli`, round(b / MB, 2), 'MB', 1, b <= MB, { detail: `${e.bytes} B raw, ${b} B brotli q9` });
}
const stray = readdirSync(path.join(dist, 'go')).filter((f) => f.endsWith('.wasm') && !f.startsWith('runner.') && !f.startsWith('exp-'));
if (stray.length) console.error(`bench-runner: unexpected wasm files in dist/go: ${stray.join(', ')}`);

// --- timings ------------------------------------------------------------------------------------
const HELLO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n';

/** Records long tasks from the first script on (registered before the page's own code). */
const LONGTASKS = () => {
  window.__longtasks = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

/** In the page: put `code` in the editor, press Run, resolve with ms until output text appears and until the run ended. */
function timedRun(page, code) {
  return page.evaluate(async (code) => {
    const ta = document.querySelector('.gp-editor__plain');
    ta.value = code;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const out = document.querySelector('.gp-out__text');
    const root = document.querySelector('.gp');
    const t0 = performance.now();
    let first = null;
    const done = new Promise((resolve) => {
      const mo = new MutationObserver(() => {
        if (first === null && out.textContent) first = performance.now() - t0;
        if (root.dataset.phase === 'idle' && first !== null) {
          mo.disconnect();
          resolve({ firstMs: first, endMs: performance.now() - t0, start: t0, end: performance.now() });
        }
      });
      mo.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-phase'] });
    });
    document.querySelector('.gp-btn--run').click();
    return done;
  }, code);
}

const longIn = (tasks, from, to) => tasks.filter((t) => t.start + t.duration >= from && t.start <= to);

// Timings depend on what else the machine runs: the load average goes into each timing's detail.
const loadBefore = loadavg()[0];
const { base, stop } = await startPreview(Number(process.env.BENCH_PORT ?? 4338));
const browser = await launchChromium();
const cold = [];
const warm = [];
const longest = [];
/** Long tasks outside the runs (page load, hydration): shows the observer sees long tasks at all. */
const outside = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.addInitScript(LONGTASKS);
    await page.goto(`${base}/en/playground/`, { waitUntil: 'networkidle' });
    await page.waitForSelector('.gp[data-hydrated]');
    // Let idle work (the chart module preload) finish first: it is not part of a run.
    await page.waitForTimeout(2000);
    const c = await timedRun(page, HELLO);
    cold.push(c.firstMs);
    const windows = [c];
    for (let j = 0; j < 3; j++) {
      const w = await timedRun(page, HELLO);
      warm.push(w.firstMs);
      windows.push(w);
    }
    // A GC-heavy example with the GC panel on screen: output, gc events, charts drawn during the run.
    await page.locator('.gp__select select').selectOption('maps-gc');
    await page.locator('.gp-notice--confirm button').first().click(); // "Replace" (the editor holds our hello)
    await page.locator('.gp-gc').scrollIntoViewIfNeeded();
    const g = await page.evaluate(() => {
      const root = document.querySelector('.gp');
      const t0 = performance.now();
      return new Promise((resolve) => {
        const mo = new MutationObserver(() => {
          if (root.dataset.phase === 'idle') {
            mo.disconnect();
            // Charts are drawn after the run ends, in their own tasks: give them a moment.
            setTimeout(() => resolve({ start: t0, end: performance.now() + 1000 }), 1000);
          }
        });
        mo.observe(root, { attributes: true, attributeFilter: ['data-phase'] });
        document.querySelector('.gp-btn--run').click();
      });
    });
    windows.push(g);
    const tasks = await page.evaluate(() => window.__longtasks);
    const inRuns = windows.flatMap((w) => longIn(tasks, w.start, w.end));
    longest.push(inRuns.length ? Math.max(...inRuns.map((t) => t.duration)) : 0);
    outside.push(...tasks.filter((t) => !inRuns.includes(t)).map((t) => t.duration));
    console.error(`bench-runner: run ${i + 1}/${runs}: cold ${round(c.firstMs)} ms, warm ${windows.slice(1, 4).map((w) => round(w.firstMs)).join('/')} ms, long tasks in runs ${inRuns.map((t) => round(t.duration)).join(', ') || 'none'}`);
    await context.close();
  }
} finally {
  await browser.close();
  stop();
}

const load = `load average ${round(loadBefore, 1)} → ${round(loadavg()[0], 1)} on ${(await import('node:os')).cpus().length} cores`;
fig('cold start to first output', round(median(cold)), 'ms', 2000, median(cold) <= 2000, { runs: cold.length, spread: spread(cold), detail: `p90 ${round(percentile(cold, 90))} ms; ${load}` });
fig('warm small run to output', round(median(warm)), 'ms', 200, median(warm) <= 200, { runs: warm.length, spread: spread(warm), detail: `p90 ${round(percentile(warm, 90))} ms; ${load}` });
fig('longest main-thread task during runs', round(Math.max(...longest)), 'ms', 50, Math.max(...longest) <= 50, {
  runs: longest.length,
  spread: spread(longest),
  detail: `0 = no long task (> 50 ms) while a run was in progress; outside runs (page load, hydration) the observer saw ${outside.length}, longest ${round(Math.max(0, ...outside))} ms; ${load}`,
});

for (const f of figures) console.error(`  ${f.pass ? 'pass' : 'FAIL'}  ${f.name}: ${f.value} ${f.unit} (budget ${f.budget})${f.spread ? `, spread ${f.spread}` : ''}`);
console.log(JSON.stringify({ figures }));
