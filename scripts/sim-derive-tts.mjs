#!/usr/bin/env node
/**
 * Derives two costs that only the calibration harness's time-to-stop runs isolate, and writes them in the
 * `sim` block of the constants format:
 *   src/sim/costs.go1.19.tts.json   barrierNsPerByte: the write barrier's cost while clearing pointerful memory
 *   src/sim/costs.go1.26.tts.json   clearNsPerTable: what a Swiss map's clear costs per table it visits
 *
 *   node scripts/sim-derive-tts.mjs            # writes the files
 *   node scripts/sim-derive-tts.mjs --check    # prints only
 *
 * ---- barrierNsPerByte (go1.19) ----
 *
 * What the runs do (calibration/cmd/child/tts.go, group `tts`): a goroutine inserts one entry into a
 * map[string]*T made with hint 4e6 (a 232 MB pointerful bucket array) and empties it with the range-delete
 * idiom (go1.19: one mapclear = memclrHasPointers of the whole array), again and again, while main forces 20
 * GCs 10 ms apart.
 *
 * Why the mark-termination pause measures one clear under the write barrier: during mark, memclrHasPointers
 * first runs bulkBarrierPreWrite over every pointer slot, then memclrNoHeapPointers, all without a safe point.
 * gcMarkDone's ragged barrier (forEachP) waits until that goroutine passes a safe point, i.e. until one clear
 * has ended; the goroutine then starts the next clear (its insert takes about a microsecond) before the worker
 * that finished the barrier has woken and asked to stop the world. So the stop waits for one whole clear,
 * done with the barrier on (go1.19 mgc.go gcMarkDone; src/sim/gc.ts rule 10).
 *
 *   clear under barrier ≈ mark-termination pause (gctrace clock field 3); the pause's own work is a few µs
 *   barrierNsPerByte    = clear under barrier / map bytes − memclrNsPerByte
 *
 * memclrNsPerByte is 1 / extra.memclrBytesPerNs of calibration/constants/go1.19.json (micro: clearing a
 * resident 256 MiB slice with the GC idle: memclrNoHeapPointers, no barrier). Per run the value is the median
 * over the run's cycles; the file takes the run measured under the least host contention (host.foreignCores,
 * the criterion costs.ts uses between data sets), with lo/hi = min/max over runs.
 *
 * The clear-pointerful pauses of the same runs are then what the comparison test checks the model against, so
 * that one case agrees by construction; the other tts cases (make, noscan, one P) are independent of it.
 *
 * ---- clearNsPerTable (go1.26) ----
 *
 * The same clear loop on go1.26: Map.Clear visits every table of the directory and table.Clear returns at once
 * for an empty one (internal/runtime/maps map.go, table.go), so with one entry the op is an insert plus a walk
 * over 8192 tables:  clearNsPerTable = (op median − insertNs[key/value]) / tables, insertNs from
 * calibration/constants/go1.26.json; the least contended run per type, then the median over the types.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (v) => Number(v.toPrecision(4));

const ttsRuns = (version) => {
  const file = [`calibration/data/${version}/tts.jsonl`, `calibration/data/quick/${version}/tts.jsonl`]
    .map((f) => join(root, f))
    .find((f) => existsSync(f));
  if (!file) {
    console.error(`no ${version} tts data set under calibration/data`);
    process.exit(1);
  }
  const runs = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((r) => !r.errors);
  return { file: file.slice(root.length + 1), runs };
};
const leastContended = (xs) => [...xs].sort((a, b) => (a.foreignCores ?? Infinity) - (b.foreignCores ?? Infinity))[0];
const write = (file, out) => {
  if (check) console.log(JSON.stringify(out, null, 2));
  else {
    writeFileSync(join(root, file), JSON.stringify(out, null, 2) + '\n');
    console.error(`wrote ${file}`);
  }
};

// ---------------------------------------------------------------- go1.19: barrierNsPerByte

const { file: dataFile19, runs: runs19 } = ttsRuns('go1.19.8');
const constants = JSON.parse(readFileSync(join(root, 'calibration/constants/go1.19.json'), 'utf8'));
const memclrBytesPerNs = constants.extra?.memclrBytesPerNs?.median;
if (!(memclrBytesPerNs > 0)) {
  console.error('calibration/constants/go1.19.json has no extra.memclrBytesPerNs');
  process.exit(1);
}
const memclrNsPerByte = 1 / memclrBytesPerNs;

const runs = runs19.filter((r) => r.extra?.op === 'clear' && r.extra?.map?.classic?.scannable === true);
if (runs.length === 0) {
  console.error(`${dataFile19}: no pointerful clear runs`);
  process.exit(1);
}

const perRun = runs.map((r) => {
  const stw2 = r.cycles.filter((c) => c.window === 'tts').map((c) => c.stw2Ns);
  const clearNs = median(stw2);
  return {
    rep: r.rep,
    foreignCores: r.host?.foreignCores ?? Infinity,
    clearNs,
    mapBytes: r.extra.mapBytes,
    barrierNsPerByte: clearNs / r.extra.mapBytes - memclrNsPerByte,
  };
});
const best = leastContended(perRun);
const stat = (f) => ({
  median: round(f(best)),
  lo: round(Math.min(...perRun.map(f))),
  hi: round(Math.max(...perRun.map(f))),
  n: perRun.length,
});

const out = {
  goVersion: 'go1.19.8',
  source: `${runs[0].source}; ${dataFile19}`,
  derivedBy: 'scripts/sim-derive-tts.mjs',
  spread: 'median = the least contended run (lowest host.foreignCores); lo/hi = min/max over runs',
  data: [dataFile19, 'calibration/constants/go1.19.json (extra.memclrBytesPerNs)'],
  sim: {
    note: 'bulkBarrierPreWrite while clearing pointerful memory during mark; see the header of scripts/sim-derive-tts.mjs',
    barrierNsPerByte: stat((r) => r.barrierNsPerByte),
    clearUnderBarrierNs: stat((r) => r.clearNs),
    memclrNsPerByte: round(memclrNsPerByte),
    mapBytes: best.mapBytes,
    runs: perRun.map((r) => ({ rep: r.rep, foreignCores: round(r.foreignCores), clearUnderBarrierNs: r.clearNs })),
  },
};

for (const r of perRun) {
  console.error(
    `rep ${r.rep}: foreign cores ${r.foreignCores.toFixed(2)}, clear under barrier ${(r.clearNs / 1e6).toFixed(1)} ms → ` +
      `barrier ${r.barrierNsPerByte.toFixed(4)} ns/B`,
  );
}
write('src/sim/costs.go1.19.tts.json', out);

// ---------------------------------------------------------------- go1.26: clearNsPerTable

const { file: dataFile26, runs: runs26 } = ttsRuns('go1.26.8');
const constants26 = JSON.parse(readFileSync(join(root, 'calibration/constants/go1.26.json'), 'utf8'));
const byType = new Map();
for (const r of runs26.filter((x) => x.extra?.op === 'clear' && x.extra?.map?.swiss)) {
  const kv = `${r.scenario.key}/${r.scenario.value}`;
  const insertNs = constants26.mutator?.insertNs?.[kv]?.median;
  if (!(insertNs > 0)) continue;
  const tables = r.extra.map.swiss.tables;
  const perTable = (r.extra.opNs.median - insertNs) / tables;
  (byType.get(kv) ?? byType.set(kv, []).get(kv)).push({ rep: r.rep, foreignCores: r.host?.foreignCores, perTable, tables, opNs: r.extra.opNs.median });
}
if (byType.size === 0) {
  console.error(`${dataFile26}: no Swiss clear runs with a measured insertNs`);
  process.exit(1);
}
const chosen = [...byType.entries()].map(([kv, xs]) => ({ kv, ...leastContended(xs), all: xs }));
for (const c of chosen) {
  console.error(`go1.26 clear ${c.kv}: op ${(c.opNs / 1e3).toFixed(1)} µs over ${c.tables} tables → ${c.perTable.toFixed(3)} ns per table (rep ${c.rep})`);
}
const perTables = chosen.map((c) => c.perTable);
const all26 = chosen.flatMap((c) => c.all.map((x) => x.perTable));
write('src/sim/costs.go1.26.tts.json', {
  goVersion: 'go1.26.8',
  source: `${runs26[0].source}; ${dataFile26}`,
  derivedBy: 'scripts/sim-derive-tts.mjs',
  spread: 'median over key/value types of the least contended run each; lo/hi = min/max over all runs',
  data: [dataFile26, 'calibration/constants/go1.26.json (mutator.insertNs)'],
  sim: {
    note: "Map.Clear's walk over the directory, per table; see the header of scripts/sim-derive-tts.mjs",
    clearNsPerTable: { median: round(median(perTables)), lo: round(Math.min(...all26)), hi: round(Math.max(...all26)), n: all26.length },
  },
});
