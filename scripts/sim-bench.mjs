#!/usr/bin/env node
/**
 * Simulator speed against the real runtime: for each recorded "insert 1e6, delete 90 %, rebuild" case, the wall
 * time of simulating it here next to the time Go took to run it natively (recorded data).
 *
 *   npm run sim:bench
 *   npm run sim:bench -- --runs 5      # simulator runs per case (median reported; default 3)
 *
 * Real time = the program's operations as recorded: insert + delete + runtime.GC() + rebuild copy and its GC
 * (phase durations), without process start-up and without the timed runtime.GC() blocks; the whole child
 * process wall time is shown too. The simulator runs the full scenario, timed GCs included. Budget
 * (DESIGN.md §7): simulator time ≤ 0.5 × real time.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { simulate } from '../src/sim/run.ts';
import { ROOT, dataSetDirs, loadShared } from '../tests/sim/compare/reference.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Recorded real times per case id: {opsMs, processMs, source}. */
const real = new Map();
const agg = gunzipSync(readFileSync(join(ROOT, 'calibration/reference/go1.19-shared/results_agg_open.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
for (const c of agg) {
  const m = c.metrics;
  if (!m || c.group !== 'grid') continue;
  const v = (k) => m[k]?.median ?? 0;
  real.set(`go1.19-shared/${c.case_id}`, {
    opsMs: v('insert.dur_ms') + v('delete.dur_ms') + v('gc.dur_ms') + v('rebuild_gc.dur_ms'),
    processMs: v('proc_wall_s') * 1000,
  });
}
for (const dir of dataSetDirs()) {
  for (const f of ['maps.jsonl']) {
    let lines = [];
    try {
      lines = readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean);
    } catch {
      continue;
    }
    const by = new Map();
    for (const l of lines) {
      const r = JSON.parse(l);
      if (!r.phases || r.scenario.mode) continue;
      const ops = r.phases.reduce((a, p) => a + (p.phase === 'start' ? 0 : p.durNs + (p.gcNs ?? 0)), 0) / 1e6;
      const key = `${dir.slice(ROOT.length)}/${r.case}`;
      by.set(key, [...(by.get(key) ?? []), { ops, proc: (r.host?.wallNs ?? 0) / 1e6, scenario: r.scenario }]);
    }
    for (const [k, xs] of by) real.set(k, { opsMs: median(xs.map((x) => x.ops)), processMs: median(xs.map((x) => x.proc)), scenario: xs[0].scenario });
  }
}

const cases = [];
for (const c of loadShared()) {
  if (c.scenario.n === 1e6 && c.scenario.deleteRatio === 0.9 && !c.scenario.hint && c.scenario.gogc === 100 && c.scenario.gomaxprocs === 2) {
    cases.push({ id: `go1.19-shared/${c.id}`, scenario: c.scenario });
  }
}
for (const [k, r] of real) {
  if (!k.startsWith('go1.19-shared/') && r.scenario && r.scenario.n === 1e6 && r.scenario.deleteRatio === 0.9 && !r.scenario.hint) {
    cases.push({ id: k, scenario: r.scenario });
  }
}

console.log(`| case | simulator ms (median of ${RUNS}) | real Go ms (operations) | real process ms | sim / real ops |`);
console.log('|---|---|---|---|---|');
const ratios = [];
/** Run-to-run spread of each case's simulator time: (max − min) / median. */
const runSpreads = [];
for (const c of cases) {
  const r = real.get(c.id);
  if (!r) continue;
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    simulate(c.scenario);
    ms.push(performance.now() - t);
  }
  const sim = median(ms);
  ratios.push(sim / r.opsMs);
  runSpreads.push((Math.max(...ms) - Math.min(...ms)) / sim);
  console.log(`| ${c.id} | ${sim.toFixed(0)} | ${r.opsMs.toFixed(0)} | ${r.processMs.toFixed(0)} | ${(sim / r.opsMs).toFixed(2)} |`);
}
console.log(`\nmedian sim/real: ${median(ratios).toFixed(2)}, worst: ${Math.max(...ratios).toFixed(2)} (budget ≤ 0.5)`);
if (process.argv.includes('--figures')) {
  // The line `npm run bench` (scripts/bench.mjs) reads.
  const m = median(ratios);
  const spread =
    `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} over ${ratios.length} cases; ` +
    `run to run within a case at most ±${((Math.max(...runSpreads) / 2) * 100).toFixed(0)} %`;
  console.log(JSON.stringify({ figures: [{ name: 'simulator time / real Go time (insert 1e6, delete 90 %, rebuild)', value: Number(m.toFixed(3)), unit: '×', budget: 0.5, pass: m <= 0.5, runs: RUNS, spread }] }));
}
