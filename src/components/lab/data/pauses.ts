/**
 * Per-cycle pause data and the report-style summary, from a result's `cycles` and `phases`.
 * Only arithmetic on the simulator's own fields: unit changes, sums, means, maxima.
 *
 * Derived here (listed in docs/widgets.md, "needs from sim"):
 *   - STW per cycle = stw1Ns + stw2Ns, as the report's "average STW" adds both pauses of a cycle.
 *   - GC CPU share = GC CPU so far / (elapsed × GOMAXPROCS), at the end of each cycle: the percentage a
 *     gctrace line prints, MemStats.GCCPUFraction (go1.19 runtime/mgc.go:1010-1020 gcMarkTermination:
 *     work.totaltime over the CPU time since the program started; go1.26.8 mgc.go:1437-1439, GCTotalTime −
 *     GCIdleTime over TotalTime). GC CPU of a cycle = both pauses × GOMAXPROCS + assist + background mark
 *     CPU. Idle mark CPU is left out, as the runtime leaves it out ("free": it runs on Ps that had nothing
 *     else to do), so a forced cycle, mostly idle marking while its caller waits, adds little.
 *   - GC interval = mean time between the starts of consecutive automatic (not forced) cycles.
 */
import type { CycleLike, PhaseLike, ResultLike } from './result';

export interface PauseRow {
  n: number;
  forced: boolean;
  startMs: number;
  stw1Us: number;
  stw2Us: number;
  /** Of stwUs, the time to stop, when the result reports it. */
  ttsUs: number | null;
  stwUs: number;
  markMs: number;
  /** Cumulative GC CPU share at the end of this cycle, 0..1. */
  gcCpuShare: number;
  heapStartMiB: number;
  heapEndMiB: number;
  heapLiveMiB: number;
  heapGoalMiB: number;
  scanWorkMiB: number | null;
}

export interface PauseSummary {
  cycles: number;
  meanStwUs: number | null;
  maxStwUs: number | null;
  maxMarkMs: number | null;
  peakHeapBytes: number;
  intervalMs: number | null;
  meanScanWorkBytes: number | null;
}

const MiB = 2 ** 20;

export function pauseRows(cycles: readonly CycleLike[], gomaxprocs: number): PauseRow[] {
  let gcCpuNs = 0;
  return cycles.map((c) => {
    const stw = c.stw1Ns + c.stw2Ns;
    gcCpuNs += stw * gomaxprocs + c.assistCpuNs + c.bgCpuNs;
    const endNs = c.startNs + c.stw1Ns + c.markNs + c.stw2Ns;
    return {
      n: c.n,
      forced: c.forced,
      startMs: c.startNs / 1e6,
      stw1Us: c.stw1Ns / 1e3,
      stw2Us: c.stw2Ns / 1e3,
      ttsUs: c.timeToStopNs === undefined ? null : c.timeToStopNs / 1e3,
      stwUs: stw / 1e3,
      markMs: c.markNs / 1e6,
      gcCpuShare: endNs > 0 ? Math.min(1, gcCpuNs / (endNs * gomaxprocs)) : 0,
      heapStartMiB: c.heapStart / MiB,
      heapEndMiB: c.heapEnd / MiB,
      heapLiveMiB: c.heapLive / MiB,
      heapGoalMiB: c.heapGoal / MiB,
      scanWorkMiB: c.scanWork === null ? null : c.scanWork / MiB,
    };
  });
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

function peakHeap(phases: readonly PhaseLike[], cycles: readonly CycleLike[], series?: readonly number[]): number {
  let peak = 0;
  for (const p of phases) peak = Math.max(peak, p.heapAlloc);
  for (const c of cycles) peak = Math.max(peak, c.heapStart, c.heapEnd);
  if (series) for (const v of series) peak = Math.max(peak, v);
  return peak;
}

/**
 * The report's table for one run. `heapSeries` (HeapAlloc samples) refines the peak between phase ends
 * and cycle boundaries when the simulator provides it.
 */
export function pauseSummary(r: ResultLike, heapSeries?: readonly number[]): PauseSummary {
  const stw = r.cycles.map((c) => (c.stw1Ns + c.stw2Ns) / 1e3);
  const auto = r.cycles.filter((c) => !c.forced);
  const gaps: number[] = [];
  for (let i = 1; i < auto.length; i++) gaps.push((auto[i].startNs - auto[i - 1].startNs) / 1e6);
  const scans = r.cycles.map((c) => c.scanWork).filter((x): x is number => x !== null);
  return {
    cycles: r.cycles.length,
    meanStwUs: mean(stw),
    maxStwUs: stw.length ? Math.max(...stw) : null,
    maxMarkMs: r.cycles.length ? Math.max(...r.cycles.map((c) => c.markNs / 1e6)) : null,
    peakHeapBytes: peakHeap(r.phases, r.cycles, heapSeries),
    intervalMs: mean(gaps),
    meanScanWorkBytes: mean(scans),
  };
}
