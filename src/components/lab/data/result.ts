/**
 * The parts of a simulator result the views read, by structure (calibration/FORMAT.md, version 1), so the
 * chart-data functions can be tested with hand-made results and also read a real-runtime result of the
 * same format. Sizes are bytes, times nanoseconds.
 */
import type { PhaseEventLike, SeriesPointLike } from './heap';

export interface PhaseLike {
  phase: string;
  count: number;
  B: number | null;
  buckets: number | null;
  overflowBuckets?: number | null;
  directory?: number | null;
  tables: number | null;
  groups: number | null;
  capacity: number | null;
  tombstones?: number | null;
  mapBytes: number;
  heapAlloc: number;
  heapInuse?: number;
  heapObjects?: number;
  numGC: number;
  /** Simulated time at which the phase ended (ns). Not in FORMAT.md v1; the simulator adds it. */
  tNs?: number;
}

export interface CycleLike {
  n: number;
  startNs: number;
  stw1Ns: number;
  markNs: number;
  stw2Ns: number;
  assistCpuNs: number;
  bgCpuNs: number;
  idleCpuNs: number;
  heapStart: number;
  heapEnd: number;
  heapLive: number;
  heapGoal: number;
  scanWork: number | null;
  forced: boolean;
  /** Of stw1Ns + stw2Ns, the wait for running goroutines to stop ("time to stop"); simulator only. */
  timeToStopNs?: number;
}

export interface ResultLike {
  source?: string;
  phases: PhaseLike[];
  cycles: CycleLike[];
  /** Heap samples over simulated time (simulator only; src/sim/series.ts). */
  series?: SeriesPointLike[];
  /** Timed events (simulator only; src/sim/trace.ts). */
  trace?: PhaseEventLike[];
}
