#!/usr/bin/env node
/**
 * Golden results of the simulator: runs a fixed list of scenarios through simulate() and writes every
 * simulated output (phases, cycles, summary, series, trace, trace counts) as JSON, so a refactor that
 * must not change behaviour (e.g. speeding up the map models) can be checked byte for byte.
 *
 *   npx tsx scripts/sim-golden.mjs /tmp/golden-before.json
 *   npx tsx scripts/sim-golden.mjs /tmp/golden-after.json --compare /tmp/golden-before.json
 *
 * Besides the plain runs (SCENARIOS), the file holds runs with other options (OPTION_RUNS: modes tts and
 * syncmap, trace details 'all' and 'none', probeGc) and the lab worker's three paths (LAB_PATHS: a fresh
 * run that records a tape and saves checkpoints, a run resumed from them, a run that replays the tape), so
 * a change to recording, checkpoints or replay is caught too.
 *
 * Every field of SimResult is simulated (no wall clock), so two runs of the same code give identical
 * files. The file also records a hash of each simulator source file, so a difference can be traced to
 * the file that changed (others may be editing parts of src/sim at the same time).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpoints, Tapes, createSimulation, simulate } from '../src/sim/index.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** ~20 scenarios: both impls, key/value kinds, n 1e3 … 1e6, deletes, rebuild, churn, seeds, hint, GOGC. */
const SCENARIOS = [
  { impl: 'classic', key: 'string16', value: 'ptr64', n: 1e6, deleteRatio: 0.9, rebuild: { threshold: 0, hint: 'live' } },
  { impl: 'swiss', key: 'string16', value: 'ptr64', n: 1e6, deleteRatio: 0.9, rebuild: { threshold: 0, hint: 'live' } },
  { impl: 'classic', key: 'int64', value: 'int64', n: 1e6, deleteRatio: 0.5 },
  { impl: 'swiss', key: 'int64', value: 'int64', n: 1e6, deleteRatio: 0.5 },
  { impl: 'classic', key: 'string16', value: 'ptr64', n: 1e5, deleteRatio: 0.9 },
  { impl: 'swiss', key: 'string16', value: 'ptr64', n: 1e5, deleteRatio: 0.9 },
  { impl: 'classic', key: 'int64', value: 'struct64', n: 1e5, deleteRatio: 1, seed: 7 },
  { impl: 'swiss', key: 'int64', value: 'struct64', n: 1e5, deleteRatio: 1, seed: 7 },
  { impl: 'classic', key: 'string16', value: 'string32', n: 3e5, deleteRatio: 0.3, hint: 3e5, seed: 3 },
  { impl: 'swiss', key: 'string16', value: 'string32', n: 3e5, deleteRatio: 0.3, hint: 3e5, seed: 3 },
  { impl: 'classic', key: 'int64', value: 'ptr256', n: 1e4, deleteRatio: 0.9, rebuild: { threshold: 0.5, hint: 'half' } },
  { impl: 'swiss', key: 'int64', value: 'ptr256', n: 1e4, deleteRatio: 0.9, rebuild: { threshold: 0.5, hint: 'half' } },
  { impl: 'classic', key: 'string16', value: 'ptr1024', n: 1e3, deleteRatio: 0.5, seed: 11 },
  { impl: 'swiss', key: 'string16', value: 'ptr1024', n: 1e3, deleteRatio: 0.5, seed: 11 },
  { impl: 'classic', key: 'int64', value: 'ptrshared', n: 1e5, deleteRatio: 0, gogc: 50 },
  { impl: 'swiss', key: 'int64', value: 'ptrshared', n: 1e5, deleteRatio: 0, gogc: 50 },
  { impl: 'classic', key: 'string16', value: 'ptr64', n: 1e5, churn: { durationMs: 300, insertsPerSec: 300000, ttlMs: 100, delete: true }, seed: 5 },
  { impl: 'swiss', key: 'string16', value: 'ptr64', n: 1e5, churn: { durationMs: 300, insertsPerSec: 300000, ttlMs: 100, delete: true }, seed: 5 },
  { impl: 'classic', key: 'int64', value: 'int64', n: 2e5, churn: { durationMs: 200, insertsPerSec: 500000, ttlMs: 50, delete: false }, seed: 9 },
  { impl: 'swiss', key: 'int64', value: 'int64', n: 2e5, churn: { durationMs: 200, insertsPerSec: 500000, ttlMs: 50, delete: true }, seed: 9 },
  { impl: 'classic', key: 'int64', value: 'ptr64', n: 5e4, deleteRatio: 0.95, rebuild: { threshold: 0.2, hint: 'live' }, seed: 2, gomaxprocs: 1 },
  { impl: 'swiss', key: 'int64', value: 'ptr64', n: 5e4, deleteRatio: 0.95, rebuild: { threshold: 0.2, hint: 'live' }, seed: 2, gomaxprocs: 1 },
];

/** Scenarios with run options other than the defaults. */
const OPTION_RUNS = [
  [{ mode: 'tts', impl: 'classic', key: 'int64', value: 'int64', tts: { op: 'make', hint: 100000, gcs: 4, gapMs: 2 } }, {}],
  [{ mode: 'tts', impl: 'swiss', key: 'int64', value: 'int64', tts: { op: 'clear', hint: 100000, gcs: 4, gapMs: 2 } }, {}],
  [{ mode: 'tts', impl: 'classic', key: 'string16', value: 'ptr64', tts: { op: 'clear', hint: 50000, gcs: 3, gapMs: 1 } }, {}],
  [{ mode: 'syncmap', impl: 'classic', syncmap: { impl: 'syncmap', work: 'churn', ops: 20000, keys: 5000, writers: 2 } }, {}],
  [{ mode: 'syncmap', impl: 'swiss', syncmap: { impl: 'rwmutex', work: 'insert', ops: 20000, keys: 20000, writers: 2 } }, {}],
  [{ impl: 'classic', key: 'string16', value: 'ptr64', n: 200000, deleteRatio: 0.7 }, { traceDetail: 'all', traceLimit: 1e6 }],
  [{ impl: 'swiss', key: 'string16', value: 'ptr64', n: 200000, deleteRatio: 0.7 }, { traceDetail: 'all', traceLimit: 1e6 }],
  [{ impl: 'classic', key: 'int64', value: 'int64', n: 200000, deleteRatio: 0.7 }, { traceDetail: 'none' }],
  [{ impl: 'classic', key: 'string16', value: 'ptr64', n: 100000, deleteRatio: 0.9, rebuild: { threshold: 0, hint: 'half' } }, { probeGc: true }],
];

/**
 * The lab worker's paths, each in one pair of stores as the worker keeps them: the scenario fresh (records a
 * tape, saves checkpoints), then a higher deletion ratio (resumed from a checkpoint), then another GOGC
 * (replays the tape of the run before).
 */
const LAB_PATHS = [
  { impl: 'classic', key: 'string16', value: 'ptr64', n: 2e5, deleteRatio: 0.5 },
  { impl: 'swiss', key: 'string16', value: 'ptr64', n: 2e5, deleteRatio: 0.5 },
  { impl: 'classic', key: 'int64', value: 'int64', n: 1e5, deleteRatio: 0.6, rebuild: { threshold: 0.3, hint: 'live' } },
  { impl: 'swiss', key: 'int64', value: 'struct64', n: 1e5, deleteRatio: 0.6, rebuild: { threshold: 0.3, hint: 'half' } },
];

function labPathRuns(s) {
  const stores = { checkpoints: new Checkpoints(2), tapes: new Tapes(2) };
  const resumed = { ...s, deleteRatio: s.deleteRatio + 0.2 };
  const runs = [s, resumed, { ...resumed, gogc: 200 }].map((x) => {
    const sim = createSimulation(x, stores);
    while (!sim.step(1));
    return { r: sim.result(), path: sim.resumed ? 'resumed' : sim.replayed ? 'replayed' : 'fresh' };
  });
  // The file must hold what it says: a run that fell back to the map model would test nothing new.
  const paths = runs.map((x) => x.path).join(',');
  if (paths !== 'fresh,resumed,replayed') throw new Error(`lab paths of ${JSON.stringify(s)} were ${paths}`);
  return runs.map((x) => x.r);
}

function sourceHashes() {
  const out = {};
  for (const dir of ['src/sim', 'src/sim/maps']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) {
      if (!f.endsWith('.ts') && !f.endsWith('.json')) continue;
      out[`${dir}/${f}`] = createHash('sha256').update(readFileSync(join(ROOT, dir, f))).digest('hex').slice(0, 12);
    }
  }
  return out;
}

const out = process.argv[2];
if (!out) {
  console.error('usage: sim-golden.mjs OUT.json [--compare BEFORE.json]');
  process.exit(2);
}
const results = [];
for (const s of SCENARIOS) {
  const r = simulate(s);
  results.push({
    scenario: s,
    phases: r.phases,
    cycles: r.cycles,
    summary: r.summary,
    series: r.series,
    trace: r.trace,
    traceCounts: r.traceCounts,
    traceDropped: r.traceDropped,
    warnings: r.warnings,
  });
}
const pick = (r) => ({ phases: r.phases, cycles: r.cycles, summary: r.summary, series: r.series, trace: r.trace, traceCounts: r.traceCounts, traceDropped: r.traceDropped, tts: r.tts, warnings: r.warnings });
for (const [s, o] of OPTION_RUNS) results.push({ scenario: s, options: o, ...pick(simulate(s, o)) });
for (const s of LAB_PATHS) for (const [i, r] of labPathRuns(s).entries()) results.push({ scenario: s, labPath: ['fresh', 'resumed', 'replayed'][i], ...pick(r) });
writeFileSync(out, JSON.stringify({ sources: sourceHashes(), results }, null, 1));

const cmpArg = process.argv.indexOf('--compare');
if (cmpArg > 0) {
  const before = JSON.parse(readFileSync(process.argv[cmpArg + 1], 'utf8'));
  const after = JSON.parse(readFileSync(out, 'utf8'));
  let same = true;
  if (before.results.length !== after.results.length) {
    same = false;
    console.log(`DIFFERENT: ${before.results.length} results before, ${after.results.length} now (made by another version of this script?)`);
  }
  for (let i = 0; i < Math.min(before.results.length, after.results.length); i++) {
    const a = JSON.stringify(before.results[i]);
    const b = JSON.stringify(after.results[i]);
    if (a !== b) {
      same = false;
      const r = after.results[i];
      console.log(`DIFFERENT: result ${i} ${JSON.stringify(r.scenario)}${r.options ? ` options ${JSON.stringify(r.options)}` : ''}${r.labPath ? ` (${r.labPath})` : ''}`);
    }
  }
  const changed = Object.keys({ ...before.sources, ...after.sources }).filter((f) => before.sources[f] !== after.sources[f]);
  console.log(`source files changed since the golden file: ${changed.join(', ') || 'none'}`);
  console.log(same ? `results identical (${after.results.length} runs)` : 'RESULTS DIFFER');
  process.exit(same ? 0 : 1);
}
console.log(`wrote ${results.length} results to ${out}`);
