/**
 * What every workload driver (run.ts, syncmap/run.ts) does the same way: build the heap and the runtime from a
 * scenario's costs, size batches of steps so they do not cross a GC trigger, sample the heap for the series, time
 * a block of runtime.GC() calls, and report the GC cycles with integer fields and the totals over the run.
 */
import type { CostModel } from './costs';
import { Runtime, type GcCycle, type GcEvent } from './gc';
import { Heap } from './heap';
import type { Scenario } from './scenario';
import type { SeriesPoint } from './series';

/** The heap and the runtime of one run, with the version's malloc and pacer rules and the scenario's GC settings. */
export function newRuntime(s: Scenario, costs: CostModel, onEvent: (e: GcEvent) => void): { heap: Heap; rt: Runtime } {
  const heap = new Heap({ rules: costs.rules.malloc, baseline: costs.baseline, zeroing: costs.zeroing, nonHeapBytes: costs.nonHeapBytes });
  const rt = new Runtime({
    heap,
    costs: costs.gc,
    procs: s.gomaxprocs,
    gcPercent: s.gogc,
    memoryLimit: s.gomemlimit,
    rules: costs.rules.pacer,
    onEvent,
  });
  return { heap, rt };
}

/** Steps per batch while a cycle marks: few, so assists and worker progress stay fine-grained. */
export const MARK_BATCH = 8;

/** Steps that may run as one batch: up to `max`, fewer near the trigger, MARK_BATCH while a cycle runs. */
export function stepBatch(rt: Runtime, bytesPerStep: number, max: number): number {
  if (rt.phase !== 'off') return Math.min(max, MARK_BATCH);
  const room = rt.roomBeforeTrigger();
  const k = Math.floor(room / Math.max(1, bytesPerStep)) - 1;
  return Math.max(1, Math.min(max, k));
}

/** A series point of the heap now (the sweeper caught up first); `count` is the map's entries. */
export function heapPoint(rt: Runtime, count: number, why: string): SeriesPoint {
  rt.sync();
  const h = rt.heap;
  return {
    tNs: rt.nowNs,
    heapAlloc: h.heapAlloc(),
    heapInuse: h.heapInuse(),
    heapGoal: rt.heapGoal(),
    heapLive: h.baseline.bytes + h.live.totalBytes,
    pacerHeapLive: rt.pacer.heapLive,
    mapBytes: h.mapBytes,
    count,
    numGC: rt.numGC,
    why,
  };
}

/** The MemStats fields of a phase snapshot (the result format's), read now. */
export interface PhaseStats {
  heapAlloc: number;
  heapInuse: number;
  heapObjects: number;
  numGC: number;
  pauseTotalNs: number;
  startNs: number;
  durNs: number;
  /** MemStats.NextGC: the heap goal after the phase. */
  nextGC: number;
  totalAlloc: number;
  mallocs: number;
}

/** A phase's MemStats (the sweeper caught up first), with when the phase began and how long it took. */
export function phaseStats(rt: Runtime, startNs: number, durNs: number): PhaseStats {
  rt.sync();
  const st = rt.heap.stats();
  return {
    heapAlloc: Math.round(st.heapAlloc),
    heapInuse: Math.round(st.heapInuse),
    heapObjects: Math.round(st.heapObjects),
    numGC: rt.numGC,
    pauseTotalNs: Math.round(rt.pauseTotalNs),
    startNs: Math.round(startNs),
    durNs: Math.round(durNs),
    nextGC: Math.round(rt.heapGoal()),
    totalAlloc: Math.round(st.totalAlloc),
    mallocs: Math.round(st.mallocs),
  };
}

/** Totals over a run (SimResult.summary). */
export interface RunSummary {
  simNs: number;
  numGC: number;
  pauseTotalNs: number;
  maxPauseNs: number;
  maxTimeToStopNs: number;
  assistCpuNs: number;
  markCpuNs: number;
  /** Churn: how far the paced inserter fell behind its schedule, at most. */
  lagMaxNs: number | null;
  rebuilds: number;
}

/** The runtime's cycles with every time and size rounded to an integer (the result format's units). */
export function roundedCycles(cycles: readonly GcCycle[]): GcCycle[] {
  return cycles.map((c) => ({
    ...c,
    startNs: Math.round(c.startNs),
    stw1Ns: Math.round(c.stw1Ns),
    markNs: Math.round(c.markNs),
    stw2Ns: Math.round(c.stw2Ns),
    assistCpuNs: Math.round(c.assistCpuNs),
    bgCpuNs: Math.round(c.bgCpuNs),
    idleCpuNs: Math.round(c.idleCpuNs),
    heapStart: Math.round(c.heapStart),
    heapEnd: Math.round(c.heapEnd),
    heapLive: Math.round(c.heapLive),
    heapGoal: Math.round(c.heapGoal),
    scanWork: Math.round(c.scanWork),
    timeToStopNs: Math.round(c.timeToStopNs),
    markCpuNs: Math.round(c.markCpuNs),
    trigger: c.trigger === null ? null : Math.round(c.trigger),
  }));
}

/** Totals of a finished run from its runtime and its rounded cycles. */
export function runSummary(rt: Runtime, cycles: readonly GcCycle[], lagMaxNs: number | null, rebuilds: number): RunSummary {
  let maxPause = 0;
  let maxTts = 0;
  let mark = 0;
  for (const c of cycles) {
    maxPause = Math.max(maxPause, c.stw1Ns, c.stw2Ns);
    maxTts = Math.max(maxTts, c.timeToStopNs);
    mark += c.assistCpuNs + c.bgCpuNs + c.idleCpuNs;
  }
  return {
    simNs: Math.round(rt.nowNs),
    numGC: rt.numGC,
    pauseTotalNs: Math.round(rt.pauseTotalNs),
    maxPauseNs: Math.round(maxPause),
    maxTimeToStopNs: Math.round(maxTts),
    assistCpuNs: Math.round(rt.assistTotalNs),
    markCpuNs: Math.round(mark),
    lagMaxNs: lagMaxNs === null ? null : Math.round(lagMaxNs),
    rebuilds,
  };
}

/** A block of timed runtime.GC() calls (the result format's forcedGcNs). */
export interface ForcedGcNs {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** `runs` runtime.GC() calls by the mutator, one after the other; `each` hears of every call's end and wall time. */
export function timedGcs(rt: Runtime, runs: number, each: (atNs: number, ns: number) => void): ForcedGcNs | null {
  if (runs <= 0) return null;
  const ns: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = rt.forceGC();
    ns.push(t);
    each(rt.nowNs, t);
  }
  const sorted = [...ns].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: Math.round(median), min: Math.round(sorted[0]), max: Math.round(sorted[sorted.length - 1]), runs };
}

/**
 * The incremental API over a driver's program (run.ts `Simulation`): `step(chunks)` advances the generator by
 * up to that many chunks and says whether the run is complete; `result()` is only for a complete run.
 */
export function incremental<P, R>(it: Iterator<unknown>, progress: (done: boolean) => P, result: () => R) {
  let done = false;
  return {
    step(chunks = 1): boolean {
      for (let i = 0; i < chunks && !done; i++) done = it.next().done === true;
      return done;
    },
    progress: (): P => progress(done),
    result(): R {
      if (!done) throw new Error('simulation not finished: call step() until it returns true');
      return result();
    },
  };
}
