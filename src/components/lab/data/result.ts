/**
 * The parts of a simulator result the views read, by structure (calibration/FORMAT.md, version 1), so the
 * chart-data functions can be tested with hand-made results and also read a real-runtime result of the
 * same format. The field types are the simulator's own (type-only imports: nothing of the simulator is
 * bundled); fields the real-runtime format lacks or leaves empty are optional or nullable here.
 * Sizes are bytes, times nanoseconds.
 */
import type { GcCycle } from '../../../sim/gc';
import type { SimPhase } from '../../../sim/run';
import type { PhaseEventLike, SeriesPointLike } from './heap';

/** A phase snapshot: the FORMAT.md structure and heap fields the views use. */
export type PhaseLike = Pick<SimPhase, 'count' | 'B' | 'buckets' | 'tables' | 'groups' | 'capacity' | 'mapBytes' | 'heapAlloc' | 'numGC'> &
  Partial<Pick<SimPhase, 'overflowBuckets' | 'directory' | 'tombstones' | 'heapInuse' | 'heapObjects'>> & { phase: string };

/**
 * A GC cycle. `scanWork` is null when a measured run could not read it; `timeToStopNs` (of stw1Ns +
 * stw2Ns, the wait for running goroutines to stop) is the simulator's.
 */
export type CycleLike = Omit<GcCycle, 'scanWork' | 'timeToStopNs' | 'markCpuNs' | 'trigger'> & {
  scanWork: number | null;
  timeToStopNs?: number;
};

export interface ResultLike {
  source?: string;
  phases: PhaseLike[];
  cycles: CycleLike[];
  /** Heap samples over simulated time (simulator only; src/sim/series.ts). */
  series?: SeriesPointLike[];
  /** Timed events (simulator only; src/sim/trace.ts). */
  trace?: PhaseEventLike[];
}
