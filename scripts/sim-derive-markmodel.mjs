#!/usr/bin/env node
/**
 * Fits the simulator's mark-cost model (scripts/sim-fit.mjs) and a few timing fields the calibration
 * constants do not carry, from the calibration harness's data sets, and writes src/sim/costs.<version>.sim.json
 * for each Go version found (calibration/data/<version>/, else calibration/data/quick/<version>/): go1.19.8,
 * go1.26.8, and go1.26.8+nogreenteagc (Go 1.26 without Green Tea) → src/sim/costs.go1.26-nogreenteagc.sim.json.
 *
 *   node scripts/sim-derive-markmodel.mjs           # writes the files and prints the fits
 *   node scripts/sim-derive-markmodel.mjs --check   # prints only
 *
 * Rows: every map case run with GOGC=100 and no memory limit (groups maps and gcparams), for each phase with
 * timed runtime.GC() calls: the median over
 * those forced cycles of the mark CPU (gctrace assist + background + idle) and of the mark wall time, then
 * the median over repetitions. Features come from the phase's snapshot (count, mapBytes) and the scenario's
 * key/value types.
 *
 * Also derived here (gc.ts and costs.ts explain their use):
 *   sweepNsPerSpan  (runtime.GC() wall − its mark wall − its pauses) / in-use spans, on heaps of > 5000 spans
 *   preemptNs       median mark-termination pause of automatic cycles with GOMAXPROCS=2, minus that of forced
 *                   ones: stopping the goroutine that runs on the other P
 *   harnessRecords  bytes the harness program itself keeps beyond the baseline heap after the forced GC of phases
 *                   gc and rebuild_gc: its result (phases with their map readings, windows, cycles) grows as the
 *                   run goes on. The harness records, per phase, `heapDelta` (HeapAlloc − the baseline) and
 *                   `liveExpected` (map bytes + entries' objects); their difference, median over every run.
 *                   run.ts adds them to the simulated heap when it mimics the harness (run rule 9).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFit, features, fitMarkModel, median } from './sim-fit.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

function dataDir(version) {
  for (const d of [`calibration/data/${version}`, `calibration/data/quick/${version}`]) {
    if (existsSync(join(root, d, 'maps.jsonl'))) return d;
  }
  return null;
}

const readJsonl = (f) =>
  existsSync(f)
    ? readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l))
        .filter((r) => !r.errors?.length)
    : [];

function derive(version) {
  const dir = dataDir(version);
  if (!dir) return null;
  const files = ['maps.jsonl', 'gcparams.jsonl'].filter((f) => existsSync(join(root, dir, f)));
  // GOGC=100 without a memory limit: the GOGC/limit variants of gcparams mark the same heaps, and some of
  // those runs (go1.26.8) took 5–15× longer than the same heap in group maps, which points at the host,
  // not at the heap; their GOMAXPROCS=1 runs are kept for the single-P factor.
  const results = files
    .flatMap((f) => readJsonl(join(root, dir, f)))
    .filter((r) => r.phases && !r.scenario.mode && !r.scenario.churn && r.scenario.gogc === 100 && r.scenario.gomemlimit === null);

  const perRep = new Map();
  const records = { gc: [], rebuild_gc: [] };
  for (const r of results) {
    for (const p of r.phases) {
      if (p.phase in records && typeof p.liveExpected === 'number' && typeof p.heapDelta === 'number') {
        records[p.phase].push(p.heapDelta - p.liveExpected);
      }
    }
  }
  const natMarkTerm = [];
  const forcedMarkTerm = [];
  for (const r of results) {
    const s = r.scenario;
    for (const c of r.cycles) {
      if (c.procs !== 2) continue;
      (c.forced ? forcedMarkTerm : natMarkTerm).push(c.stw2Ns);
    }
    for (const p of r.phases) {
      if (!p.forcedGcNs) continue;
      const block = r.cycles.filter((c) => c.window === `${p.phase}.forcedGc`);
      if (block.length === 0) continue;
      const key = `${r.case}/${p.phase}`;
      const row = perRep.get(key) ?? {
        id: key,
        procs: s.gomaxprocs,
        ...features(s.key, s.value, p.count, p.mapBytes),
        y: [],
        clock: [],
        wall: [],
        stw: [],
      };
      row.y.push(median(block.map((c) => c.assistCpuNs + c.bgCpuNs + c.idleCpuNs)));
      row.clock.push(median(block.map((c) => c.markNs)));
      row.wall.push(p.forcedGcNs.median);
      row.stw.push(median(block.map((c) => c.stw1Ns + c.stw2Ns)));
      perRep.set(key, row);
    }
  }
  const rows = [...perRep.values()].map((r) => ({ ...r, y: median(r.y), clock: median(r.clock), wall: median(r.wall), stw: median(r.stw) }));
  const fit = fitMarkModel(rows);
  const sweep = rows.filter((r) => r.spans > 5000 && r.wall > r.clock).map((r) => (r.wall - r.clock - r.stw) / r.spans).filter((x) => x > 0);
  const stat = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (f) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
    return { median: Number(median(s).toPrecision(4)), lo: Number(q(0.1).toPrecision(4)), hi: Number(q(0.9).toPrecision(4)), n: s.length };
  };
  const forcedMt = median(forcedMarkTerm);
  return {
    fit,
    out: {
      goVersion: version,
      source: `${results[0]?.source ?? version}; ${dir}`,
      derivedBy: 'scripts/sim-derive-markmodel.mjs',
      spread: 'p10/p90 over the samples (fitted coefficients: one value)',
      data: files.map((f) => `${dir}/${f}`),
      sim: {
        note: 'the simulator mark model and timing fields beyond calibration/constants; see src/sim/costs.ts',
        ...fit.sim,
        ...(sweep.length ? { sweepNsPerSpan: stat(sweep) } : {}),
        ...(natMarkTerm.length ? { preemptNs: stat(natMarkTerm.map((x) => Math.max(0, x - forcedMt))) } : {}),
        ...(records.gc.length && records.rebuild_gc.length
          ? { harnessRecords: { gc: Math.round(median(records.gc)), rebuild_gc: Math.round(median(records.rebuild_gc)), n: records.gc.length } }
          : {}),
      },
    },
  };
}

// go1.26.8+nogreenteagc: Go 1.26 built with GOEXPERIMENT=nogreenteagc (the map cases only), for the
// simulator's mark costs without Green Tea (scenario greenTea: false; src/sim/costs.ts).
for (const version of ['go1.19.8', 'go1.26.8', 'go1.26.8+nogreenteagc']) {
  const d = derive(version);
  if (!d) {
    console.error(`${version}: no data set`);
    continue;
  }
  console.error(`${version} (${d.out.data.join(', ')}): ${describeFit(d.fit)}`);
  if (process.argv.includes('--rows')) {
    for (const r of [...d.fit.rows].sort((x, y) => d.fit.ratio(x) - d.fit.ratio(y))) {
      console.error(`  ${d.fit.ratio(r).toFixed(2)}  ${(r.y / 1e6).toFixed(2)} ms  P${r.procs}  ${r.id}`);
    }
  }
  const file = join(root, `src/sim/costs.${version.replace(/\.\d+(\+|$)/, (_, plus) => (plus ? '-' : ''))}.sim.json`);
  if (check) console.log(JSON.stringify(d.out, null, 2));
  else {
    writeFileSync(file, JSON.stringify(d.out, null, 2) + '\n');
    console.error(`wrote ${file}`);
  }
}
