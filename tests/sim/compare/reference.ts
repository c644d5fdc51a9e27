/**
 * Recorded real-runtime cases, in one shape for comparing the simulator with them.
 *
 * Two sources:
 *   - the shared Go 1.19.8 set (calibration/reference/go1.19-shared/results_agg_open.jsonl.gz): its own
 *     field names (`insert.heap_alloc`, `gctime_full.median_ms`, …), aggregated over 3 repetitions;
 *   - the calibration harness's data sets (calibration/data/**\/go1.X.Y/maps.jsonl): FORMAT.md results,
 *     one line per repetition, aggregated here by median.
 * Both become a `ReferenceCase`: the scenario to simulate and the expected value of each compared field.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type PhaseName = 'start' | 'insert' | 'delete' | 'gc' | 'rebuild_gc' | 'churn_end';

/** Expected values of one phase (null = not recorded). */
export interface RefPhase {
  count: number | null;
  B: number | null;
  buckets: number | null;
  overflowBuckets: number | null;
  directory: number | null;
  tables: number | null;
  groups: number | null;
  capacity: number | null;
  mapBytes: number | null;
  heapAlloc: number | null;
  heapInuse: number | null;
  heapObjects: number | null;
  /** Median wall time of the timed runtime.GC() calls after the phase. */
  forcedGcNs: number | null;
  /** Median concurrent-mark wall time of those forced cycles (gctrace clock field 2). */
  forcedMarkNs: number | null;
}

export interface ReferenceCase {
  id: string;
  /** Which data set, e.g. "go1.19-shared" or "calibration/data/quick/go1.26.8". */
  set: string;
  goVersion: string;
  scenario: Record<string, unknown>;
  phases: Partial<Record<PhaseName, RefPhase>>;
  /** Median STW per cycle (both pauses), over every cycle of the run. */
  stwMedianNs: number | null;
  reps: number;
  /**
   * How to simulate it like the program that measured it: the shared set's own cost profile (its host
   * conditions), or the harness's probe cycles (simulator options, run.ts).
   */
  options: { costProfile?: 'calibration' | 'harness' | 'go1.19-shared'; probeGc?: boolean };
}

const median = (xs: number[]): number | null => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------- shared go1.19 set

interface Agg {
  median: number | null;
  min: number | null;
  max: number | null;
  n: number;
}

const SHARED = join(ROOT, 'calibration/reference/go1.19-shared/results_agg_open.jsonl.gz');

/** The shared set names the 32-byte string value "string"; FORMAT.md calls it "string32". */
const valueName = (v: string) => (v === 'string' ? 'string32' : v);

export function loadShared(): ReferenceCase[] {
  const lines = gunzipSync(readFileSync(SHARED)).toString('utf8').split('\n').filter(Boolean);
  const out: ReferenceCase[] = [];
  for (const line of lines) {
    const c = JSON.parse(line) as { case_id: string; group: string; params: Record<string, unknown>; gomaxprocs: number; gogc: number; reps: number; metrics?: Record<string, Agg> };
    if (!['grid', 'gcparams', 'diag'].includes(c.group) || !c.metrics) continue;
    const p = c.params;
    const m = c.metrics;
    const v = (k: string): number | null => m[k]?.median ?? null;
    const n = p.n as number;
    const scenario = {
      version: 1,
      impl: 'classic',
      key: (p.key as string) ?? 'int64',
      value: valueName((p.val as string) ?? 'ptrshared'),
      n,
      hint: p.hint ? n : 0,
      deleteRatio: p.r as number,
      // Every run of this set rebuilt after the deletes (README "Method").
      rebuild: { threshold: 0, hint: 'live' },
      churn: null,
      gogc: c.gogc,
      gomemlimit: null,
      gomaxprocs: c.gomaxprocs,
      forcedGcRuns: (p.gc_reps as number) ?? 5,
      seed: 1,
    };
    const phase = (name: string, gcBlock: string | null): RefPhase => ({
      count: v(`${name}.count`),
      B: v(`${name}.B`),
      buckets: v(`${name}.nbuckets`),
      overflowBuckets: v(`${name}.overflow_buckets`),
      directory: null,
      tables: null,
      groups: null,
      capacity: null,
      // map_struct_bytes = header + mapextra + bucket array + individually allocated overflow buckets
      // (the raw runs show overflow_malloc_bytes already inside it): FORMAT's mapBytes.
      mapBytes: v(`${name}.map_struct_bytes`),
      heapAlloc: v(`${name}.heap_alloc`),
      heapInuse: v(`${name}.heap_inuse`),
      heapObjects: v(`${name}.heap_objects`),
      forcedGcNs: gcBlock && v(`${gcBlock}.median_ms`) !== null ? v(`${gcBlock}.median_ms`)! * 1e6 : null,
      forcedMarkNs: gcBlock && v(`${gcBlock}.mark_clock_ms`) !== null ? v(`${gcBlock}.mark_clock_ms`)! * 1e6 : null,
    });
    const phases: Partial<Record<PhaseName, RefPhase>> = {
      insert: phase('insert', 'gctime_full'),
      gc: phase('gc', 'gctime_deleted'),
      rebuild_gc: phase('rebuild_gc', 'gctime_rebuilt'),
    };
    if ((p.r as number) > 0) phases.delete = phase('delete', null);
    out.push({
      id: c.case_id,
      set: 'go1.19-shared',
      goVersion: 'go1.19.8',
      scenario,
      phases,
      stwMedianNs: v('all.stw_med_ms') === null ? null : v('all.stw_med_ms')! * 1e6,
      reps: c.reps,
      options: { costProfile: 'go1.19-shared' },
    });
  }
  return out;
}

// ---------------------------------------------------------------- calibration harness sets (FORMAT.md)

interface FmtPhase {
  phase: PhaseName;
  count: number;
  B: number | null;
  buckets: number | null;
  overflowBuckets: number | null;
  directory: number | null;
  tables: number | null;
  groups: number | null;
  capacity: number | null;
  mapBytes: number;
  heapAlloc: number;
  heapInuse: number;
  heapObjects: number;
  forcedGcNs: { median: number } | null;
}
interface FmtCycle {
  stw1Ns: number;
  markNs: number;
  stw2Ns: number;
  forced: boolean;
  window?: string;
}
interface FmtResult {
  scenario: Record<string, unknown> & { mode?: string };
  case?: string;
  goVersion?: string;
  phases: FmtPhase[] | null;
  cycles: FmtCycle[];
}

/** Every `maps*.jsonl` under calibration/data, grouped by the folder (one Go version each). */
export function dataSetDirs(): string[] {
  const base = join(ROOT, 'calibration/data');
  const dirs: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^maps.*\.jsonl$/.test(e)) dirs.push(d);
    }
  };
  walk(base);
  return [...new Set(dirs)].sort();
}

export function loadDataSet(dir: string): ReferenceCase[] {
  const results: FmtResult[] = [];
  for (const f of readdirSync(dir).filter((e) => /^maps.*\.jsonl$/.test(e))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as FmtResult;
      if (r.phases && !r.scenario.mode) results.push(r);
    }
  }
  const byCase = new Map<string, FmtResult[]>();
  for (const r of results) {
    const id = r.case ?? JSON.stringify(r.scenario);
    byCase.set(id, [...(byCase.get(id) ?? []), r]);
  }
  const set = dir.slice(ROOT.length).replace(/\\/g, '/');
  const out: ReferenceCase[] = [];
  for (const [id, reps] of byCase) {
    const phases: Partial<Record<PhaseName, RefPhase>> = {};
    const names = reps[0].phases!.map((p) => p.phase);
    for (const name of names) {
      const all = reps.map((r) => r.phases!.find((p) => p.phase === name)).filter((p): p is FmtPhase => !!p);
      const med = (f: (p: FmtPhase) => number | null | undefined) => median(all.map(f).filter((x): x is number => typeof x === 'number'));
      const marks = reps.map((r) => median(r.cycles.filter((c) => c.window === `${name}.forcedGc`).map((c) => c.markNs)));
      phases[name] = {
        count: med((p) => p.count),
        B: med((p) => p.B),
        buckets: med((p) => p.buckets),
        overflowBuckets: med((p) => p.overflowBuckets),
        directory: med((p) => p.directory),
        tables: med((p) => p.tables),
        groups: med((p) => p.groups),
        capacity: med((p) => p.capacity),
        mapBytes: med((p) => p.mapBytes),
        heapAlloc: med((p) => p.heapAlloc),
        heapInuse: med((p) => p.heapInuse),
        heapObjects: med((p) => p.heapObjects),
        forcedGcNs: med((p) => p.forcedGcNs?.median),
        forcedMarkNs: median(marks.filter((x): x is number => x !== null)),
      };
    }
    const stw = reps.map((r) => median(r.cycles.map((c) => c.stw1Ns + c.stw2Ns)));
    out.push({
      id,
      set,
      goVersion: reps[0].goVersion ?? set.split('/').pop()!,
      // A binary built with GOEXPERIMENT=nogreenteagc (its own data set, go1.26.8+nogreenteagc) is Go 1.26
      // without Green Tea: the simulator's scenario field greenTea says so.
      scenario: /nogreenteagc/.test(set) ? { ...reps[0].scenario, greenTea: false } : reps[0].scenario,
      phases,
      stwMedianNs: median(stw.filter((x): x is number => x !== null)),
      reps: reps.length,
      // The harness's own constants (its host conditions), and its probe cycles (run.ts run rule 9).
      options: { costProfile: 'harness', probeGc: true },
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
