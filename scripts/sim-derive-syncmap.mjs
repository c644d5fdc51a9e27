#!/usr/bin/env node
/**
 * Derives the mutator's CPU time per operation of the sync.Map workload (calibration/cmd/child/syncmap.go,
 * group `syncmap`) and writes it for the simulator's sync.Map mode (src/sim/syncmap/):
 *   src/sim/costs.go1.19.syncmap.json   Go <= 1.23 sync.Map (read/dirty maps) and map + RWMutex
 *   src/sim/costs.go1.26.syncmap.json   Go >= 1.24 sync.Map (HashTrieMap) and map + RWMutex
 *
 *   node scripts/sim-derive-syncmap.mjs            # writes the files
 *   node scripts/sim-derive-syncmap.mjs --check    # prints only
 *
 * What one run measures: `writers` goroutines do `ops` operations together (insert: Store of a new key;
 * update: Store of an existing key; churn: Store of a new key plus, once a writer holds its window, Delete
 * of its oldest key). The ops phase records the process CPU time over the operations (phase.cpuNs, every
 * thread). The GC's share of it is in the gctrace cycles of the `ops` window: both pauses' CPU and the
 * assist, background and idle mark CPU. What is left is the writers' own work:
 *
 *   mutatorNsPerOp = (phase.cpuNs − Σ_ops-window (stw1CpuNs + assistCpuNs + bgCpuNs + idleCpuNs + stw2CpuNs)) / ops
 *
 * It still holds what gctrace does not split out: the background sweeper, lock hand-offs between the writers
 * (with two Ps), the write barrier while marking. It is a CPU time, not a wall time: the simulator runs every
 * writer's operations on its one mutator goroutine, so the sum of their CPU is what it spends.
 *
 * Key: `<impl>/<work>/<gomaxprocs>`; median over the repetitions, lo/hi = min/max (two repetitions per case).
 * `deleteNs`: a Delete alone is not measured. Churn minus update bounds it from above, per delete:
 *   (churn ns/op − update ns/op) · ops / deletes,   deletes = ops − keys (each writer deletes from its window on).
 * Both workloads keep `keys` entries and store once per op; churn's stores are of new keys (a new entry, and for
 * the read/dirty sync.Map the dirty map's copies and promotions), update's of existing ones, so the difference
 * is a Delete plus what a new key costs over an existing one. The simulator uses it only for the Deletes of its
 * own `delete` work (the book's program), which the harness does not run.
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
const stat = (xs) => ({ median: round(median(xs)), lo: round(Math.min(...xs)), hi: round(Math.max(...xs)), n: xs.length });

function derive(version, out) {
  const rel = `calibration/data/${version}/syncmap.jsonl`;
  const file = join(root, rel);
  if (!existsSync(file)) throw new Error(`${rel}: missing`);
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .filter((r) => !r.errors?.length && r.extra?.kind === 'syncmap');
  const perOp = new Map();
  const shape = new Map();
  const foreign = [];
  for (const r of rows) {
    const w = r.scenario.syncmap;
    const ops = r.extra.ops;
    const ph = r.phases.find((p) => p.phase === 'ops');
    if (!ph || !(ph.cpuNs > 0) || !(ops > 0)) continue;
    let gc = 0;
    for (const c of r.cycles) {
      if (c.window !== 'ops') continue;
      gc += (c.stw1CpuNs ?? 0) + (c.assistCpuNs ?? 0) + (c.bgCpuNs ?? 0) + (c.idleCpuNs ?? 0) + (c.stw2CpuNs ?? 0);
    }
    const key = `${w.impl}/${w.work}/${r.scenario.gomaxprocs}`;
    if (!perOp.has(key)) perOp.set(key, []);
    perOp.get(key).push((ph.cpuNs - gc) / ops);
    shape.set(key, { ops, keys: w.keys, writers: w.writers });
    if (r.host?.foreignCores !== undefined) foreign.push(r.host.foreignCores);
  }
  const mutatorNsPerOp = {};
  for (const [k, xs] of [...perOp].sort()) mutatorNsPerOp[k] = stat(xs);
  const deleteNs = {};
  for (const k of Object.keys(mutatorNsPerOp)) {
    const [impl, work, procs] = k.split('/');
    if (work !== 'churn') continue;
    const ins = mutatorNsPerOp[`${impl}/update/${procs}`];
    if (!ins) continue;
    const s = shape.get(k);
    const deletes = s.ops - s.keys;
    if (!(deletes > 0)) continue;
    const one = (c, i) => Math.max(0, ((c - i) * s.ops) / deletes);
    deleteNs[`${impl}/${procs}`] = {
      median: round(one(mutatorNsPerOp[k].median, ins.median)),
      lo: round(one(mutatorNsPerOp[k].lo, ins.hi)),
      hi: round(one(mutatorNsPerOp[k].hi, ins.lo)),
      n: Math.min(mutatorNsPerOp[k].n, ins.n),
    };
  }
  const goVersion = rows[0]?.goVersion ?? version;
  const doc = {
    goVersion,
    source: `${rows[0]?.source ?? version}; ${rel}`,
    derivedBy: 'scripts/sim-derive-syncmap.mjs',
    spread: 'lo/hi = min/max over the repetitions of a case',
    data: [rel],
    hostForeignCores: foreign.length ? stat(foreign) : undefined,
    syncmap: {
      note: 'mutator CPU per operation of the sync.Map workload, GC CPU (gctrace, ops window) taken out; key impl/work/GOMAXPROCS. deleteNs: churn minus update, per delete (an upper bound); key impl/GOMAXPROCS',
      mutatorNsPerOp,
      deleteNs,
    },
  };
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (check) process.stdout.write(`${out}\n${text}`);
  else writeFileSync(join(root, out), text);
}

derive('go1.19.8', 'src/sim/costs.go1.19.syncmap.json');
derive('go1.26.8', 'src/sim/costs.go1.26.syncmap.json');
