/**
 * Cost constants: how long things take, per Go version, from measured data only.
 *
 * The simulator's layout and pacing rules come from the runtime's source; its *times* come from here.
 * Each runtime model reads the constants of the Go version it stands for: classic maps → go1.19,
 * Swiss maps → go1.26. The files are JSON in the shape of `calibration/constants/<version>.json`
 * (every number `{median, lo, hi, n}`; the file says where it was measured and by which script). The
 * simulator uses the medians. A constant is never adjusted to make a test pass.
 *
 * Sources, in order of preference:
 *   1. calibration/constants/<version>.json, written by the calibration harness from its own runs;
 *   2. src/sim/costs.go1.19-shared.json, written by scripts/sim-derive-go119.mjs from the shared Go 1.19.8
 *      measurement in calibration/reference/go1.19-shared (used until 1. exists, and for the fields 1. lacks).
 *   A Swiss-map run without go1.26 constants falls back to the go1.19 costs and says so in its result.
 *
 * What each constant means (and where the simulator uses it):
 *   mutator.insertNs[k/v]     CPU per insert of a new key, amortised over growth (run.ts, insert and churn)
 *   mutator.deleteNs[k/v]     CPU per delete (run.ts)
 *   mutator.copyNsPerEntry    CPU per entry of a rebuild: iterate the old map, assign into the new one (run.ts)
 *   mutator.zeroBytesPerNs    zeroing rate of a large allocation or mapclear (heap rule 5, gc rule 2)
 *   gc.scanBytesPerNs         mark CPU per byte of pointerful object read (gc rule 3)
 *   gc.markNsPerObject        mark CPU per reachable object when its span metadata is in cache (gc rule 3)
 *   sim.markNsPerPointer      mark CPU per non-nil pointer followed (gc rule 3)
 *   sim.markObjectCache       extra mark CPU per object as its spans' metadata outgrows each cache level
 *   gc.markFixedNs            mark CPU of a cycle with an empty heap (roots, worker start-up)
 *   sim.markCpuFactorOneProc  mark CPU with GOMAXPROCS=1 relative to 2 (parallel marking overhead)
 *   sim.markUtilizationByProcs  mark CPU / (mark wall · procs) when every P marks (runtime.GC())
 *   gc.stwSweepTermNs         sweep-termination pause (gc rule 1); sim.stwByProcs per GOMAXPROCS
 *   gc.stwMarkTermNs          mark-termination pause when no running goroutine must be stopped
 *   sim.preemptNs             extra mark-termination pause to stop a goroutine running on another P
 *   gc.forcedGcFixedNs        runtime.GC() wall time on an empty heap (gc rule 8)
 *   sim.sweepNsPerSpan        sweeping one in-use span (gc rule 7)
 *   sim.baselineHeap          the runtime's own heap at program start (heap.ts)
 *   sim.stackScanBytes, sim.globalsScanBytes   roots counted in the heap goal (pacer P1)
 */
import calibration119 from '../../calibration/constants/go1.19.json';
import calibration126 from '../../calibration/constants/go1.26.json';
import markModel119 from './costs.go1.19.sim.json';
import markModel126 from './costs.go1.26.sim.json';
import shared119 from './costs.go1.19-shared.json';
import type { GcCostModel } from './gc';
import type { BaselineHeap } from './heap';
import type { MallocRules } from './alloc';
import type { PacerRules } from './pacer';
import type { Impl, KeyKind, ValueKind } from './scenario';

/** One measured number and its spread. */
export interface Stat {
  median: number;
  lo: number;
  hi: number;
  n: number;
}

interface CacheLevel {
  capacityBytes: number;
  missNs: number;
}

/** The JSON file's shape (calibration constants format, plus the optional `sim` block). */
export interface ConstantsFile {
  goVersion: string;
  source: string;
  derivedBy: string;
  spread: string;
  mutator: {
    insertNs: Record<string, Stat>;
    deleteNs: Record<string, Stat>;
    copyNsPerEntry: Record<string, Stat>;
    allocNsPerByte?: Stat;
    zeroBytesPerNs?: Stat;
  };
  gc: {
    scanBytesPerNs: Stat;
    markNsPerObject: Stat;
    markFixedNs: Stat;
    stwSweepTermNs: Stat;
    stwMarkTermNs: Stat;
    forcedGcFixedNs: Stat;
  };
  sim?: {
    /** One joint fit of the mark cost (scripts/sim-fit.mjs); its terms are only used together. */
    markModel?: { fixedNs: number; scanBytesPerNs: number; nsPerPointer: number; nsPerObject: number };
    markObjectCache?: { spanMetaBytes: number; levels: CacheLevel[] };
    markCpuFactorOneProc?: number;
    markUtilizationByProcs?: Record<string, number>;
    sweepNsPerSpan?: Stat;
    stwByProcs?: Record<string, { sweepTermNs: Stat; markTermNs: Stat }>;
    preemptNs?: Stat;
    baselineHeap?: BaselineHeap & { n?: number };
    stackScanBytes?: number;
    globalsScanBytes?: number;
  };
}

/** Everything the runtime model needs for one run. */
export interface CostModel {
  /** The Go version whose rules and costs this model follows. */
  goVersion: string;
  /** Where the numbers come from (shown next to results). */
  source: string;
  /** Set when a cost had to be borrowed from another version. */
  warnings: string[];
  rules: { malloc: MallocRules; pacer: PacerRules };
  mutator: {
    insertNs: number;
    deleteNs: number;
    copyNsPerEntry: number;
    zeroBytesPerNs: number;
    /** Allocating and zeroing a pointer-free object, per byte (the probe's chunks). */
    allocNsPerByte: number;
  };
  gc: GcCostModel;
  baseline: BaselineHeap;
  nonHeapBytes: number;
}

const as = (f: unknown) => f as ConstantsFile;

/**
 * Which measurements a run's costs come from:
 *   'calibration'    calibration/constants (the harness's runs) plus the mark model fitted on the harness's data
 *                    (default);
 *   'go1.19-shared'  everything from the shared Go 1.19.8 measurement, for comparing with that data set under
 *                    the host conditions it was measured in (Swiss runs still use the go1.26 calibration).
 */
export type CostProfile = 'calibration' | 'go1.19-shared';

/** Files per profile and version, preferred first; later files fill in what earlier ones lack. */
const FILES: Record<CostProfile, Record<'go1.19' | 'go1.26', ConstantsFile[]>> = {
  calibration: {
    'go1.19': [as(calibration119), as(markModel119), as(shared119)],
    'go1.26': [as(calibration126), as(markModel126)],
  },
  'go1.19-shared': {
    'go1.19': [as(shared119)],
    'go1.26': [as(calibration126), as(markModel126)],
  },
};

/** Which runtime a map implementation stands for. */
export function versionFor(impl: Impl): 'go1.19' | 'go1.26' {
  return impl === 'classic' ? 'go1.19' : 'go1.26';
}

function pick<T>(files: ConstantsFile[], get: (f: ConstantsFile) => T | undefined): T | undefined {
  for (const f of files) {
    const v = get(f);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** Median of a per-type table, or of all types when this one was not measured. */
function perType(table: Record<string, Stat> | undefined, kv: string, what: string, warnings: string[]): number {
  if (!table || Object.keys(table).length === 0) throw new Error(`costs: no ${what} measured`);
  const hit = table[kv];
  if (hit) return hit.median;
  const all = Object.values(table)
    .map((s) => s.median)
    .sort((a, b) => a - b);
  warnings.push(`costs: ${what} of ${kv} not measured; using the median over measured types`);
  return all[all.length >> 1];
}

/** Cache-miss model of the per-object mark cost (gc rule 3). */
function objectCost(base: number, levels: CacheLevel[]): (ws: number) => number {
  return (ws) => {
    let ns = base;
    for (const l of levels) if (ws > l.capacityBytes) ns += l.missNs * (1 - l.capacityBytes / ws);
    return ns;
  };
}

/** Builds the cost model of `impl`'s Go version for a run with `procs` Ps and key/value types. */
export function costsFor(
  impl: Impl,
  key: KeyKind,
  value: ValueKind,
  procs: number,
  profile: CostProfile = 'calibration',
): CostModel {
  const version = versionFor(impl);
  const warnings: string[] = [];
  const files = FILES[profile][version];
  const f0 = files[0];
  const kv = `${key}/${value}`;
  const need = <T>(get: (f: ConstantsFile) => T | undefined, what: string): T => {
    const v = pick(files, get);
    if (v === undefined) throw new Error(`costs: ${what} missing for ${version}`);
    return v;
  };

  const oneProc = procs === 1 ? (pick(files, (f) => f.sim?.markCpuFactorOneProc) ?? 1) : 1;
  const stwBy = pick(files, (f) => f.sim?.stwByProcs?.[String(Math.min(procs, 2))]);
  const stwSweepTermNs = stwBy?.sweepTermNs.median ?? need((f) => f.gc.stwSweepTermNs, 'stwSweepTermNs').median;
  const stwMarkTermNs = stwBy?.markTermNs.median ?? need((f) => f.gc.stwMarkTermNs, 'stwMarkTermNs').median;
  // The mark model: all terms from one fit, or the constants file's single numbers without the extra terms.
  const fitFile = files.find((f) => f.sim?.markModel);
  const mm = fitFile?.sim?.markModel;
  const cache = mm ? fitFile?.sim?.markObjectCache : undefined;
  const markFixedNs = (mm?.fixedNs ?? need((f) => f.gc.markFixedNs, 'markFixedNs').median) * oneProc;
  const scanBytesPerNs = mm?.scanBytesPerNs ?? need((f) => f.gc.scanBytesPerNs, 'scanBytesPerNs').median;
  const nsPerObject = mm?.nsPerObject ?? need((f) => f.gc.markNsPerObject, 'markNsPerObject').median;
  const forcedGcFixedNs = need((f) => f.gc.forcedGcFixedNs, 'forcedGcFixedNs').median;

  const gc: GcCostModel = {
    scanBytesPerNs: scanBytesPerNs / oneProc,
    markNsPerPointer: (mm?.nsPerPointer ?? 0) * oneProc,
    markNsPerObject: objectCost(
      nsPerObject * oneProc,
      (cache?.levels ?? []).map((l) => ({ capacityBytes: l.capacityBytes, missNs: l.missNs * oneProc })),
    ),
    spanMetaBytes: cache?.spanMetaBytes ?? 160,
    markFixedNs,
    // Measured for 1 and 2 Ps; more Ps use the 2-P figure.
    markUtilization: pick(files, (f) => f.sim?.markUtilizationByProcs?.[String(Math.min(procs, 2))]) ?? 1,
    stwSweepTermNs,
    stwMarkTermNs,
    preemptNs: procs > 1 ? (pick(files, (f) => f.sim?.preemptNs)?.median ?? 0) : 0,
    // runtime.GC() on an empty heap minus what gc.ts already models for it (gc rule 8).
    forcedGcOverheadNs: Math.max(0, forcedGcFixedNs - stwSweepTermNs - stwMarkTermNs - markFixedNs / procs),
    sweepNsPerSpan: pick(files, (f) => f.sim?.sweepNsPerSpan)?.median ?? 0,
    stackScanBytes: pick(files, (f) => f.sim?.stackScanBytes) ?? 0,
    globalsScanBytes: pick(files, (f) => f.sim?.globalsScanBytes) ?? 0,
  };
  const base = need((f) => f.sim?.baselineHeap, 'baselineHeap');
  return {
    goVersion: f0.goVersion,
    source: `${f0.source} (${f0.derivedBy}${fitFile && fitFile !== f0 ? `; mark model: ${fitFile.derivedBy}` : ''})`,
    warnings,
    rules: version === 'go1.19' ? { malloc: 'go1.19', pacer: 'go1.19' } : { malloc: 'go1.26', pacer: 'go1.21+' },
    mutator: {
      insertNs: perType(pick(files, (f) => f.mutator.insertNs), kv, 'insertNs', warnings),
      deleteNs: perType(pick(files, (f) => f.mutator.deleteNs), kv, 'deleteNs', warnings),
      copyNsPerEntry: perType(pick(files, (f) => f.mutator.copyNsPerEntry), kv, 'copyNsPerEntry', warnings),
      zeroBytesPerNs: need((f) => f.mutator.zeroBytesPerNs, 'zeroBytesPerNs').median,
      allocNsPerByte:
        pick(files, (f) => f.mutator.allocNsPerByte)?.median ?? 1 / need((f) => f.mutator.zeroBytesPerNs, 'zeroBytesPerNs').median,
    },
    gc,
    baseline: { bytes: base.bytes, objects: base.objects, inuseBytes: base.inuseBytes },
    // Not measured in the Go 1.19 data set: the memory-limit goal then sees only heap pages (pacer P4).
    nonHeapBytes: 0,
  };
}
