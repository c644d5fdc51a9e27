#!/usr/bin/env node
// Lab benchmark (DESIGN.md §7): control change → every chart of the widget redrawn, median and p95, at
// N = 1e5 and 1e6; the longest main-thread task meanwhile; and the JavaScript a page loads before any
// interaction (brotli, quality 11), on /en/lab/ and on a chapter page with one widget.
//
// Needs a production build (`npm run build`). Serves dist/ itself on BENCH_PORT (default 4331) and drives
// Debian's Chromium headless. Prints a table; `--json` prints JSON instead. BENCH_RUNS sets the changes per
// row (15), BENCH_ROWS a subset of the rows (see below), BENCH_DIST another build folder than dist/.
//
// A run changes one control to a value not used before (the worker caches results by scenario, so a
// repeated value would measure the cache), then waits until the widget reports a new drawing (`data-drawn`)
// and, when the occupancy view is shown, a new occupancy summary. Three controls are measured, because they
// take the worker's three paths: the deletion ratio acts after the insert phase, so the worker resumes from
// its saved insert phase (run.ts Checkpoints); GOGC changes when the collector runs but not the map's
// operations, so the worker replays the last run's map tape (run.ts Tapes) and simulates the heap, pacer
// and GC again; the seed (like N, the types or the hint) changes the map's operations, so the whole run is
// simulated from the start, recording a tape and saving checkpoints for the next changes. The deletion
// ratio is also moved downwards (`deleteRatioDown`), which resumes from the end of the insert phase.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';

const port = Number(process.env.BENCH_PORT ?? 4331);
const base = `http://127.0.0.1:${port}`;
const runs = Number(process.env.BENCH_RUNS ?? 15);
const asJson = process.argv.includes('--json');

// BENCH_DIST: another build's folder, e.g. to compare two builds on the same machine state.
const dist = process.env.BENCH_DIST ?? 'dist';
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`bench-lab: no production build in ${dist}/; run \`npm run build\` first`);
  process.exit(2);
}

// A small static server for dist/ with the headers `astro preview` sends (COOP/COEP). Astro allows one
// preview server per project, and others may be running one: this keeps the benchmark independent.
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.wasm': 'application/wasm', '.woff2': 'font/woff2', '.png': 'image/png' };
const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', base);
  let file = join(dist, decodeURIComponent(url.pathname));
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const stopServer = () => server.close();

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/**
 * The controls measured: the number field's name, and the value (as typed) of run i, never repeated. The
 * deletion ratio is moved both ways: upwards a run resumes from the deeper of its saved states (the
 * deletes already done are skipped), downwards from the end of the insert phase (all deletes again).
 */
const CONTROLS = {
  deleteRatio: { field: 'deleteRatio', value: (i) => 51 + i }, // percent: 0.51, 0.52, …
  deleteRatioDown: { field: 'deleteRatio', value: (i) => 49 - i }, // 0.49, 0.48, …
  gogc: { field: 'gogc', value: (i) => 101 + i },
  seed: { field: 'seed', value: (i) => 2 + i },
};

/** Control → charts latency on the lab page, `runs` times, for one scenario and one control. */
async function latency(browser, n, views, control = 'deleteRatio', query = null) {
  // The machine's 1-minute load average before and after the row: on a shared 2-core VM the figures move
  // with it, so each row says what it was measured under.
  const loadBefore = loadavg()[0];
  const page = await browser.newPage({ viewport: { width: 1280, height: 4000 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && console.error(`console error: ${m.text()}`));
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  // A row with its own query (a preset) takes N and the views from it; the others start at deletion ratio 0.5.
  await page.goto(`${base}/en/lab/?${query ?? `n=${n}&deleteRatio=0.5&views=${views}`}`);
  await page.waitForSelector('.lab[data-state="live"][data-drawn]', { timeout: 120_000 });
  if (views.includes('occupancy')) await page.waitForSelector('.lab-fig[data-view=occupancy] .lab-fig__sentence', { timeout: 120_000 });
  await page.evaluate(() => (window.__longTasks.length = 0));
  const times = [];
  const sims = [];
  const draws = [];
  const parts = { request: [], toWorker: [], worker: [], back: [], drawing: [], frame: [] };
  let resumed = 0;
  let replayed = 0;
  /** Drawing time per chart (ms), keyed "label #k" (a figure with two charts has #1 and #2). */
  const charts = new Map();
  for (let i = 0; i < runs + 2; i++) {
    const ms = await page.evaluate(async ({ name, value }) => {
      // ms: input event → every chart of the widget replaced in the DOM (and the widget says so through
      // `data-drawn`); sim: the worker's simulation time for that answer. The island records the stages
      // of the way on the page's clock (LabIsland simulateNow: postedAt, workerInAt, workerOutAt,
      // receivedAt); frame: from the last chart in the DOM to the end of the next frame (rAF, then a task).
      const lab = document.querySelector('.lab');
      const input = document.querySelector(`input[name="${name}"]`);
      const occ = () => document.querySelector('.lab-fig[data-view=occupancy] .lab-fig__sentence')?.textContent ?? null;
      const drawnBefore = lab.dataset.drawn;
      const occBefore = occ();
      // Chart hosts whose content was replaced since the input event: the widget's own signal is checked
      // against the DOM, not taken on trust.
      const replaced = new Set();
      performance.clearMeasures('lab:chart'); // schedule.ts DRAW_MEASURE: one entry per chart drawn
      const t0 = performance.now();
      input.value = String(value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no redraw within 60 s (data-drawn ${lab.dataset.drawn}, state ${lab.dataset.state})`)), 60_000);
        const done = () =>
          lab.dataset.drawn !== drawnBefore &&
          lab.dataset.state === 'live' &&
          (occBefore === null || occ() !== occBefore) &&
          Array.from(lab.querySelectorAll('.lab-fig__chart')).every((h) => replaced.has(h));
        const mo = new MutationObserver((records) => {
          for (const r of records) if (r.type === 'childList' && r.target.classList?.contains('lab-fig__chart')) replaced.add(r.target);
          if (done()) {
            clearTimeout(timer);
            mo.disconnect();
            resolve();
          }
        });
        mo.observe(lab, { attributes: true, childList: true, subtree: true, characterData: true });
      });
      const end = performance.now();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const framed = performance.now();
      const d = lab.dataset;
      const at = (k) => Number(d[k]);
      return {
        ms: end - t0,
        sim: Number(d.simMs),
        draw: end - at('resultAt'),
        // each chart's drawing (Plot, and putting it in the DOM), in drawing order, by its figure's label
        charts: performance.getEntriesByName('lab:chart').map((e) => [String(e.detail), e.duration]),
        resumed: d.simResumed === 'true',
        replayed: d.simReplayed === 'true',
        parts: {
          request: at('postedAt') - t0,
          toWorker: at('workerInAt') - at('postedAt'),
          worker: at('workerOutAt') - at('workerInAt'),
          back: at('receivedAt') - at('workerOutAt'),
          drawing: end - at('receivedAt'),
          frame: framed - end,
        },
      };
    }, { name: CONTROLS[control].field, value: CONTROLS[control].value(i) });
    if (i >= 2) {
      // the first two warm up the worker's JIT
      times.push(ms.ms);
      sims.push(ms.sim);
      draws.push(ms.draw);
      for (const k of Object.keys(parts)) parts[k].push(ms.parts[k]);
      const seen = new Map();
      for (const [label, dur] of ms.charts) {
        const k = seen.set(label, (seen.get(label) ?? 0) + 1).get(label);
        const key = `${label} #${k}`;
        if (!charts.has(key)) charts.set(key, []);
        charts.get(key).push(dur);
      }
      if (ms.resumed) resumed++;
      if (ms.replayed) replayed++;
    }
  }
  const longTasks = await page.evaluate(() => window.__longTasks);
  await page.close();
  return {
    n,
    views,
    control,
    resumed,
    replayed,
    runs: times.length,
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    simMedian: quantile(sims, 0.5),
    drawMedian: quantile(draws, 0.5),
    /** Medians of each stage (ms): input → request posted, → taken by the worker, → answer posted, → received on the page, → last chart in the DOM, → next frame done. */
    breakdown: Object.fromEntries(Object.entries(parts).map(([k, xs]) => [k, quantile(xs, 0.5)])),
    maxLongTaskMs: Math.max(0, ...longTasks),
    load: [loadBefore, loadavg()[0]],
    /** Median drawing time of each chart (ms). */
    charts: Object.fromEntries([...charts].map(([k, xs]) => [k, quantile(xs, 0.5)])),
  };
}

/** Script bytes a page loads before any interaction, raw and brotli; optionally after scrolling the widget in. */
async function pageWeight(browser, path, scrollTo) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const scripts = new Map();
  page.on('response', async (res) => {
    const type = res.request().resourceType();
    if (type !== 'script' && !res.url().endsWith('.js')) return;
    try {
      scripts.set(res.url(), await res.body());
    } catch {}
  });
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  const size = () => {
    let raw = 0;
    let br = 0;
    for (const body of scripts.values()) {
      raw += body.length;
      br += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    }
    return { files: scripts.size, raw, brotli: br };
  };
  const before = size();
  let visible = null;
  if (scrollTo) {
    await page.locator(scrollTo).first().scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    visible = size();
  }
  await page.close();
  return { path, beforeInteraction: before, widgetInView: visible };
}

try {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const rows = [
    [1e5, 'heap,pauses', 'deleteRatio'],
    [1e5, 'heap,pauses', 'gogc'],
    [1e5, 'heap,pauses,occupancy', 'deleteRatio'],
    [1e6, 'heap,pauses', 'deleteRatio'],
    [1e6, 'heap,pauses', 'gogc'],
    [1e6, 'heap,pauses,occupancy', 'deleteRatio'],
    [1e5, 'heap,pauses', 'seed'],
    [1e6, 'heap,pauses', 'seed'],
    [1e5, 'heap,pauses', 'deleteRatioDown'],
    [1e6, 'heap,pauses', 'deleteRatioDown'],
    // A one-chart widget, as most of the chapters embed (e.g. chapter 1's session map: 10^5 keys, heap view).
    [1e5, 'heap', 'deleteRatio'],
    [1e5, 'heap', 'gogc'],
    // Compare mode: the preset's classic map (A) and Swiss map (B), 10^6 keys; a change to A's deletion ratio
    // carries to B, so both resume (in two workers on a machine with two cores).
    [1e6, 'compare,heap,occupancy', 'deleteRatio', 'preset=classic-vs-swiss'],
  ];
  // BENCH_ROWS=0,3 measures only those rows (0-based, in the order above) and skips the page weights.
  const only = process.env.BENCH_ROWS ? new Set(process.env.BENCH_ROWS.split(',').map(Number)) : null;
  const results = { latency: [], weight: [] };
  for (const [i, row] of rows.entries()) if (!only || only.has(i)) results.latency.push(await latency(browser, ...row));
  if (!only) results.weight = [await pageWeight(browser, '/en/lab/', null), await pageWeight(browser, '/en/ch5-summary/', '.lab-host')];
  await browser.close();
  if (process.argv.includes('--figures')) {
    // The line `npm run bench` (scripts/bench.mjs) reads: budgets from DESIGN.md §7.
    const figures = results.latency.flatMap((r) => {
      const big = r.n >= 1e6;
      const name = `${r.control} → charts, N=${r.n.toExponential(0)}, ${r.views}`;
      const spread = `p95 ${r.p95.toFixed(0)} ms; worker ${r.simMedian.toFixed(0)} ms + drawing ${r.drawMedian.toFixed(0)} ms; ${r.resumed}/${r.runs} resumed from a checkpoint, ${r.replayed}/${r.runs} replayed a map tape; load average ${r.load.map((x) => x.toFixed(1)).join('→')}`;
      return [
        { name: `${name}, median`, value: Math.round(r.median), unit: 'ms', budget: big ? 150 : 16, pass: r.median <= (big ? 150 : 16), runs: r.runs, spread },
        ...(big ? [] : [{ name: `${name}, p95`, value: Math.round(r.p95), unit: 'ms', budget: 50, pass: r.p95 <= 50, runs: r.runs }]),
        { name: `${name}, longest main-thread task`, value: Math.round(r.maxLongTaskMs), unit: 'ms', budget: 50, pass: r.maxLongTaskMs <= 50, runs: r.runs },
      ];
    });
    console.log(JSON.stringify({ figures }));
  } else if (asJson) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    console.log('control change → all charts redrawn (uncached values), headless Chromium, production build');
    console.log('N          views                    control         resumed replayed runs  median ms   p95 ms   simulation (worker, median)   drawing (median)   longest main-thread task ms   load avg');
    for (const r of results.latency) {
      console.log(
        `${String(r.n).padEnd(10)} ${r.views.padEnd(24)} ${r.control.padEnd(15)} ${String(r.resumed).padStart(7)} ${String(r.replayed).padStart(8)} ${String(r.runs).padStart(4)} ${r.median.toFixed(1).padStart(10)} ${r.p95.toFixed(1).padStart(8)} ${r.simMedian.toFixed(1).padStart(12)} ${r.drawMedian.toFixed(1).padStart(28)} ${(r.maxLongTaskMs > 0 ? r.maxLongTaskMs.toFixed(0) : 'none > 50').padStart(28)}   ${r.load.map((x) => x.toFixed(1)).join('→')}`,
      );
    }
    console.log('\nwhere the time goes (medians of each stage, ms): input → request posted | → taken by the worker | worker (queue + simulation) | → answer received on the page | → last chart in the DOM | → next frame painted');
    for (const r of results.latency) {
      const b = r.breakdown;
      const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-').padStart(6);
      console.log(`${String(r.n).padEnd(10)} ${r.views.padEnd(24)} ${r.control.padEnd(15)} ${f(b.request)} | ${f(b.toWorker)} | ${f(b.worker)} | ${f(b.back)} | ${f(b.drawing)} | ${f(b.frame)}`);
    }
    console.log('\neach chart drawn (medians, ms: Plot, and the chart put into the DOM)');
    for (const r of results.latency) {
      const parts = Object.entries(r.charts).map(([k, v]) => `${k} ${v.toFixed(1)}`);
      console.log(`${String(r.n).padEnd(10)} ${r.views.padEnd(24)} ${r.control.padEnd(15)} ${parts.join(' | ')}`);
    }
    console.log('\nJavaScript loaded (brotli q11 / raw bytes)');
    for (const w of results.weight) {
      const f = (x) => `${(x.brotli / 1024).toFixed(1)} KB br / ${(x.raw / 1024).toFixed(1)} KB raw, ${x.files} files`;
      console.log(`${w.path.padEnd(20)} before interaction: ${f(w.beforeInteraction)}`);
      if (w.widgetInView) console.log(`${''.padEnd(20)} widget scrolled into view (hydrated): ${f(w.widgetInView)}`);
    }
  }
} finally {
  stopServer();
}
process.exit(0);
