/**
 * A real run's GC cycles (gctrace, src/lib/gctrace.ts) in the shapes the charts and the text read.
 * Unit changes and sums only; the cycles have calibration/FORMAT.md's fields, the same as the simulator's,
 * so the lab's pause chart (pauseRows → stwChart, markChart) draws them unchanged.
 *
 * Time: `sinceRunStartNs` (the worker's clock at the run's start subtracted) replaces gctrace's "@", which
 * counts from the Go process start; the interpreter's process outlives a run.
 */
import type { GcCycle } from '../../lib/gctrace';
import type { CycleLike } from '../lab/data/result';

export interface GcEvent {
  cycle: GcCycle;
  sinceRunStartNs: number;
}

export interface GcHeapRow {
  n: number;
  forced: boolean;
  /** Cycle start and end of mark termination, ms since the run started. */
  startMs: number;
  endMs: number;
  heapStartMiB: number;
  heapEndMiB: number;
  heapLiveMiB: number;
  heapGoalMiB: number;
}

export interface GcSummary {
  cycles: number;
  forced: number;
  /** Longest stw1 + stw2 of one cycle, µs. */
  maxStwUs: number | null;
  maxGoalBytes: number | null;
}

const MiB = 2 ** 20;

/** Cycles re-timed to the run's start, for pauseRows (GC CPU share since the run started). */
export function runCycles(events: readonly GcEvent[]): CycleLike[] {
  return events.map((e) => ({ ...e.cycle, startNs: e.sinceRunStartNs }));
}

export function gcHeapRows(events: readonly GcEvent[]): GcHeapRow[] {
  return events.map(({ cycle: c, sinceRunStartNs }) => {
    const startMs = sinceRunStartNs / 1e6;
    return {
      n: c.n,
      forced: c.forced,
      startMs,
      endMs: startMs + (c.stw1Ns + c.markNs + c.stw2Ns) / 1e6,
      heapStartMiB: c.heapStart / MiB,
      heapEndMiB: c.heapEnd / MiB,
      heapLiveMiB: c.heapLive / MiB,
      heapGoalMiB: c.heapGoal / MiB,
    };
  });
}

export function gcSummary(events: readonly GcEvent[]): GcSummary {
  const stw = events.map((e) => (e.cycle.stw1Ns + e.cycle.stw2Ns) / 1e3);
  return {
    cycles: events.length,
    forced: events.filter((e) => e.cycle.forced).length,
    maxStwUs: stw.length ? Math.max(...stw) : null,
    maxGoalBytes: events.length ? Math.max(...events.map((e) => e.cycle.heapGoal)) : null,
  };
}
