/**
 * Bounded time series for charts.
 *
 * A run can last from microseconds to minutes of simulated time, so the sampling interval is not known in
 * advance. Rule: sample whenever the clock passed the next sample time; when the buffer holds 2·max points,
 * keep every other point and double the interval. The result has between max and 2·max points, evenly
 * spread over the run, plus the points the caller forces (phase ends, GC starts/ends), which survive
 * thinning so a chart shows every sawtooth peak.
 */
import { logArray } from './fork';


/** One sample of the simulated heap. Bytes and ns of simulated time. */
export interface SeriesPoint {
  tNs: number;
  heapAlloc: number;
  heapInuse: number;
  /** The pacer's goal at that moment. */
  heapGoal: number;
  /** Bytes reachable right now (live objects, runtime baseline included). */
  heapLive: number;
  /** The pacer's heapLive: marked bytes plus bytes allocated since the last cycle. */
  pacerHeapLive: number;
  /** Bytes of map structure (headers, bucket arrays, overflow, directory, tables, groups). */
  mapBytes: number;
  count: number;
  numGC: number;
  /** Why this point was kept: 'sample', or an event name ('gcStart', 'markDone', a phase name). */
  why: string;
}

export class Series {
  /** Points are never changed once added (a log for fork.ts); thinning drops some. */
  readonly points: SeriesPoint[] = logArray();
  private intervalNs: number;
  private nextNs = 0;

  constructor(
    private readonly max: number,
    initialIntervalNs: number,
  ) {
    this.intervalNs = initialIntervalNs;
  }

  /** True when the clock has passed the next regular sample time. */
  due(nowNs: number): boolean {
    return nowNs >= this.nextNs;
  }

  add(p: SeriesPoint): void {
    if (p.why === 'sample') {
      this.nextNs = p.tNs + this.intervalNs;
    }
    this.points.push(p);
    if (this.points.length >= 2 * this.max) this.thin();
  }

  private thin(): void {
    let keep = 0;
    let regular = 0;
    for (let i = 0; i < this.points.length; i++) {
      const p = this.points[i];
      if (p.why !== 'sample' || regular++ % 2 === 0) this.points[keep++] = p;
    }
    this.points.length = keep;
    this.intervalNs *= 2;
    // Forced points alone may still exceed the budget: thin them too, keeping the first and last.
    if (this.points.length >= 2 * this.max) {
      const last = this.points[this.points.length - 1];
      const step = Math.ceil(this.points.length / this.max);
      const kept = this.points.filter((_, i) => i % step === 0);
      if (kept[kept.length - 1] !== last) kept.push(last);
      this.points.length = 0;
      this.points.push(...kept);
    }
  }
}
