/**
 * Cost constants: how long things take, per Go version, from measured data only.
 *
 * The simulator's layout and pacing rules come from the runtime's source; its *times* come from here.
 * Each runtime model reads the constants of the Go version it stands for: classic maps → go1.19,
 * Swiss maps → go1.26. The files are JSON in the shape of `calibration/constants/<version>.json`
 * (every number `{median, lo, hi, n}`; the file says where it was measured and by which script). The
 * simulator uses the medians. A constant is never adjusted to make a test pass.
 *
 * Sources. Each version has one or more measured sets of constants:
 *   harness        calibration/constants/<version>.json, written by the calibration harness from its own runs,
 *                  plus src/sim/costs.<version>.sim.json (the mark model and timing fields fitted on the same
 *                  runs by scripts/sim-derive-markmodel.mjs);
 *   go1.19-shared  src/sim/costs.go1.19-shared.json, written by scripts/sim-derive-go119.mjs from the shared
 *                  Go 1.19.8 measurement in calibration/reference/go1.19-shared;
 *   tts            src/sim/costs.go1.XX.tts.json, written by scripts/sim-derive-tts.mjs from the harness's
 *                  time-to-stop runs: the write barrier's cost while clearing (go1.19) and a Swiss clear's walk
 *                  over its tables (go1.26); only those runs isolate them.
 *
 * Which set wins (the default profile): the one measured under the lowest host contention. Every set records
 * it per run (`hostForeignCores`: CPU time other processes used on the 2-core host during the runs, median).
 * The reason is a mechanism, not a score: with other processes on the cores, a GC worker or a goroutine that
 * must reach a safe point waits for a CPU. That wait lands inside measured pause, mark and wall times, and
 * grows with the load, while the simulator models a machine of its own. Sets further down the order fill
 * in what the preferred one did not measure. Byte quantities (baseline heap, root scan bytes) do not depend
 * on contention; they come from the same preferred set so that one program's numbers stay together. A
 * comparison with one data set uses that set's own constants instead (profiles 'harness', 'go1.19-shared').
 *
 * What each constant means (and where the simulator uses it):
 *   mutator.insertNs[k/v]     CPU per insert of a new key, amortised over growth (run.ts, insert and churn)
 *   mutator.deleteNs[k/v]     CPU per delete (run.ts)
 *   mutator.copyNsPerEntry    CPU per entry of a rebuild: iterate the old map, assign into the new one (run.ts)
 *   mutator.allocNsPerByte    allocating large pointer-free chunks (the harness's probe; run rule 9)
 *   zeroing.zeroNsPerByte     zeroing reused pages of a large object: extra.allocNsPerObject of 4 MiB
 *                             pointer-free objects (micro, GC off, pages reused after runtime.GC()) / 4 MiB
 *   zeroing.bitmapNsPerByte   go1.19 heapBitsSetType of a large pointerful object: the same for 4 MiB []*T
 *                             minus the pointer-free figure (both are zeroed; only the pointerful one writes
 *                             bitmap bits) / 4 MiB (heap rule 5)
 *   zeroing.memclrNsPerByte   mapclear's memclr: extra.memclrBytesPerNs (micro: clearing a resident 256 MiB
 *                             slice, GC idle, the same memclrNoHeapPointers mapclear calls)
 *   zeroing.barrierNsPerByte  bulkBarrierPreWrite while clearing pointerful memory during mark (tts set)
 *   mutator.clearNsPerTable   a Swiss clear's visit of one table (tts set, go1.26; 0 for classic maps)
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
import markModel126NoGreenTea from './costs.go1.26-nogreenteagc.sim.json';
import shared119 from './costs.go1.19-shared.json';
import tts119 from './costs.go1.19.tts.json';
import tts126 from './costs.go1.26.tts.json';
import type { GcCostModel } from './gc';
import type { BaselineHeap, ZeroingCosts } from './heap';
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
  /** CPU time other processes used during the runs, in cores (median over runs). */
  hostForeignCores?: Stat;
  mutator?: {
    insertNs: Record<string, Stat>;
    deleteNs: Record<string, Stat>;
    copyNsPerEntry: Record<string, Stat>;
    allocNsPerByte?: Stat;
    zeroBytesPerNs?: Stat;
  };
  extra?: {
    /** Per object of `<size>/<scan|noscan>`, micro group. */
    allocNsPerObject?: Record<string, Stat>;
    memclrBytesPerNs?: Stat;
  };
  gc?: {
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
    /** bulkBarrierPreWrite per byte of pointerful memory (scripts/sim-derive-tts.mjs). */
    barrierNsPerByte?: Stat;
    /** Map.Clear per table visited (scripts/sim-derive-tts.mjs). */
    clearNsPerTable?: Stat;
    /** The calibration harness's own records beyond the baseline heap, per phase (scripts/sim-derive-markmodel.mjs). */
    harnessRecords?: { gc: number; rebuild_gc: number };
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
    /** Allocating and zeroing a pointer-free object, per byte (the probe's chunks, a make's small objects). */
    allocNsPerByte: number;
    /** Swiss clear: visiting one table of the directory (0 for classic maps, whose clear is one memclr). */
    clearNsPerTable: number;
  };
  zeroing: ZeroingCosts;
  gc: GcCostModel;
  baseline: BaselineHeap;
  nonHeapBytes: number;
  /** Bytes the calibration harness keeps beyond the baseline after phases gc and rebuild_gc (run rule 9). */
  harnessRecords: { gc: number; rebuild_gc: number } | null;
}

const as = (f: unknown) => f as ConstantsFile;

/**
 * Which measurements a run's costs come from:
 *   'calibration'    the default: every measured set of the version, the least contended first (see above);
 *   'harness'        the calibration harness's set first, to compare with its data sets under their own host
 *                    conditions;
 *   'go1.19-shared'  the shared Go 1.19.8 set first, to compare with that data set (Swiss runs are unaffected).
 */
export type CostProfile = 'calibration' | 'harness' | 'go1.19-shared';

/** One measured set: its files (earlier ones win) and the host contention recorded during its runs. */
interface CostSet {
  name: 'harness' | 'go1.19-shared' | 'tts';
  files: ConstantsFile[];
}

const SETS: Record<'go1.19' | 'go1.26', CostSet[]> = {
  'go1.19': [
    { name: 'harness', files: [as(calibration119), as(markModel119)] },
    { name: 'go1.19-shared', files: [as(shared119)] },
    { name: 'tts', files: [as(tts119)] },
  ],
  'go1.26': [
    { name: 'harness', files: [as(calibration126), as(markModel126)] },
    // The write barrier while clearing is not measurable on go1.26 (the harness's clear touches one table of
    // ≤ 32 KiB); bulkBarrierPreWrite's cost per byte is borrowed from go1.19.
    { name: 'tts', files: [as(tts126), as(tts119)] },
  ],
};

/** Median foreign cores of a set's runs; a set that does not record them goes last. */
function contention(set: CostSet): number {
  for (const f of set.files) if (f.hostForeignCores) return f.hostForeignCores.median;
  return Infinity;
}

/** The sets of a version in the order the profile prefers them. */
export function costSets(version: 'go1.19' | 'go1.26', profile: CostProfile = 'calibration'): { name: string; foreignCores: number }[] {
  return orderSets(version, profile).map((s) => ({ name: s.name, foreignCores: contention(s) }));
}

function orderSets(version: 'go1.19' | 'go1.26', profile: CostProfile): CostSet[] {
  const sets = [...SETS[version]];
  if (profile === 'calibration') return sets.sort((a, b) => contention(a) - contention(b));
  const first = profile === 'harness' ? 'harness' : 'go1.19-shared';
  return sets.sort((a, b) => Number(b.name === first) - Number(a.name === first));
}

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

/**
 * The value of one key/value type from the first file that measured it, or the median over the types of the
 * first file with any, when no file measured this one.
 */
function perType(files: ConstantsFile[], get: (f: ConstantsFile) => Record<string, Stat> | undefined, kv: string, what: string, warnings: string[]): number {
  const hit = pick(files, (f) => get(f)?.[kv]);
  if (hit) return hit.median;
  const table = pick(files, (f) => {
    const t = get(f);
    return t && Object.keys(t).length > 0 ? t : undefined;
  });
  if (!table) throw new Error(`costs: no ${what} measured`);
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

/**
 * Go 1.26 without Green Tea (GOEXPERIMENT=nogreenteagc): the GC timings fitted on that binary's runs of the
 * map cases (scripts/sim-derive-markmodel.mjs) come first in the harness set; the rest (mutator, zeroing,
 * baseline) is the default binary's, since only the collector differs.
 */
function withoutGreenTea(sets: CostSet[]): CostSet[] {
  return sets.map((set) => (set.name === 'harness' ? { ...set, files: [as(markModel126NoGreenTea), ...set.files] } : set));
}

/**
 * Builds the cost model of `impl`'s Go version for a run with `procs` Ps and key/value types. `greenTea`
 * false takes Go 1.26's costs measured without Green Tea (swiss only; Go 1.19 has no Green Tea).
 */
export function costsFor(
  impl: Impl,
  key: KeyKind,
  value: ValueKind,
  procs: number,
  profile: CostProfile = 'calibration',
  greenTea = true,
): CostModel {
  const version = versionFor(impl);
  const warnings: string[] = [];
  const sets = version === 'go1.26' && !greenTea ? withoutGreenTea(orderSets(version, profile)) : orderSets(version, profile);
  const files = sets.flatMap((s) => s.files);
  const f0 = files[0];
  const kv = `${key}/${value}`;
  const need = <T>(get: (f: ConstantsFile) => T | undefined, what: string): T => {
    const v = pick(files, get);
    if (v === undefined) throw new Error(`costs: ${what} missing for ${version}`);
    return v;
  };

  const oneProc = procs === 1 ? (pick(files, (f) => f.sim?.markCpuFactorOneProc) ?? 1) : 1;
  const stwBy = pick(files, (f) => f.sim?.stwByProcs?.[String(Math.min(procs, 2))]);
  const stwSweepTermNs = stwBy?.sweepTermNs.median ?? need((f) => f.gc?.stwSweepTermNs, 'stwSweepTermNs').median;
  const stwMarkTermNs = stwBy?.markTermNs.median ?? need((f) => f.gc?.stwMarkTermNs, 'stwMarkTermNs').median;
  // The mark model: all terms from one fit, or the constants file's single numbers without the extra terms.
  const fitFile = files.find((f) => f.sim?.markModel);
  const mm = fitFile?.sim?.markModel;
  const cache = mm ? fitFile?.sim?.markObjectCache : undefined;
  const markFixedNs = (mm?.fixedNs ?? need((f) => f.gc?.markFixedNs, 'markFixedNs').median) * oneProc;
  const scanBytesPerNs = mm?.scanBytesPerNs ?? need((f) => f.gc?.scanBytesPerNs, 'scanBytesPerNs').median;
  const nsPerObject = mm?.nsPerObject ?? need((f) => f.gc?.markNsPerObject, 'markNsPerObject').median;
  const forcedGc = need((f) => f.gc?.forcedGcFixedNs, 'forcedGcFixedNs');
  const forcedGcFixedNs = forcedGc.median;

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
    forcedGcOverheadSpreadNs: [forcedGc.lo, forcedGc.hi].map((v) => Math.max(0, v - stwSweepTermNs - stwMarkTermNs - markFixedNs / procs)) as [number, number],
    sweepNsPerSpan: pick(files, (f) => f.sim?.sweepNsPerSpan)?.median ?? 0,
    stackScanBytes: pick(files, (f) => f.sim?.stackScanBytes) ?? 0,
    globalsScanBytes: pick(files, (f) => f.sim?.globalsScanBytes) ?? 0,
  };
  const base = need((f) => f.sim?.baselineHeap, 'baselineHeap');
  const alloc4M = (kind: 'scan' | 'noscan') => need((f) => f.extra?.allocNsPerObject?.[`4194304/${kind}`], `allocNsPerObject 4 MiB ${kind}`).median / 4194304;
  const zeroNsPerByte = alloc4M('noscan');
  const zeroing: ZeroingCosts = {
    zeroNsPerByte,
    bitmapNsPerByte: Math.max(0, alloc4M('scan') - zeroNsPerByte),
    memclrNsPerByte: 1 / need((f) => f.extra?.memclrBytesPerNs, 'memclrBytesPerNs').median,
    barrierNsPerByte: need((f) => f.sim?.barrierNsPerByte, 'barrierNsPerByte').median,
  };
  const fc = contention(sets[0]);
  const order = sets.map((s) => `${s.name}${Number.isFinite(contention(s)) ? ` (${contention(s).toFixed(2)} foreign cores)` : ''}`).join(', then ');
  return {
    goVersion: f0.goVersion,
    source:
      `${f0.source} (${f0.derivedBy}${fitFile && fitFile !== f0 ? `; mark model: ${fitFile.derivedBy}` : ''}); ` +
      `sets in order: ${order}${profile === 'calibration' && Number.isFinite(fc) ? ', least contended first' : ''}`,
    warnings,
    rules: version === 'go1.19' ? { malloc: 'go1.19', pacer: 'go1.19' } : { malloc: 'go1.26', pacer: 'go1.21+' },
    mutator: {
      insertNs: perType(files, (f) => f.mutator?.insertNs, kv, 'insertNs', warnings),
      deleteNs: perType(files, (f) => f.mutator?.deleteNs, kv, 'deleteNs', warnings),
      copyNsPerEntry: perType(files, (f) => f.mutator?.copyNsPerEntry, kv, 'copyNsPerEntry', warnings),
      allocNsPerByte: need((f) => f.mutator?.allocNsPerByte, 'allocNsPerByte').median,
      clearNsPerTable: impl === 'swiss' ? need((f) => f.sim?.clearNsPerTable, 'clearNsPerTable').median : 0,
    },
    zeroing,
    gc,
    baseline: { bytes: base.bytes, objects: base.objects, inuseBytes: base.inuseBytes },
    harnessRecords: pick(files, (f) => f.sim?.harnessRecords) ?? null,
    // Not measured in the Go 1.19 data set: the memory-limit goal then sees only heap pages (pacer P4).
    nonHeapBytes: 0,
  };
}
