/**
 * Two runs side by side: the report-style metrics of each and their relative change, and both runs'
 * HeapAlloc and STW series tagged A / B for one chart. Only unit changes and differences.
 */
import { pauseSummary, type PauseSummary } from './pauses';
import type { ResultLike } from './result';

export type CompareMetric = 'meanStwUs' | 'maxStwUs' | 'peakHeapBytes' | 'endHeapBytes' | 'endMapBytes' | 'intervalMs' | 'meanScanWorkBytes' | 'cycles';

export interface CompareRow {
  metric: CompareMetric;
  a: number | null;
  b: number | null;
  /** (b − a) / |a|; null when either is missing or a is 0. */
  change: number | null;
}

export interface RunMetrics extends PauseSummary {
  endHeapBytes: number;
  endMapBytes: number;
}

export function runMetrics(r: ResultLike): RunMetrics {
  const series = r.series ?? [];
  const last = series[series.length - 1];
  const lastPhase = r.phases[r.phases.length - 1];
  return {
    ...pauseSummary(r, series.map((p) => p.heapAlloc)),
    endHeapBytes: last ? last.heapAlloc : (lastPhase?.heapAlloc ?? 0),
    endMapBytes: last ? last.mapBytes : (lastPhase?.mapBytes ?? 0),
  };
}

export const COMPARE_METRICS: CompareMetric[] = ['meanStwUs', 'maxStwUs', 'peakHeapBytes', 'endHeapBytes', 'endMapBytes', 'intervalMs', 'meanScanWorkBytes', 'cycles'];

export function compareRows(a: RunMetrics, b: RunMetrics): CompareRow[] {
  return COMPARE_METRICS.map((metric) => {
    const x = a[metric];
    const y = b[metric];
    const change = x === null || y === null || x === 0 ? null : (y - x) / Math.abs(x);
    return { metric, a: x, b: y, change };
  });
}

export interface TaggedPoint {
  run: 'A' | 'B';
  x: number;
  y: number;
}

/** HeapAlloc (MiB) over time (ms) of both runs. */
export function heapPair(a: ResultLike, b: ResultLike): TaggedPoint[] {
  const tag = (run: 'A' | 'B', r: ResultLike) => (r.series ?? []).map((p) => ({ run, x: p.tNs / 1e6, y: p.heapAlloc / 2 ** 20 }));
  return [...tag('A', a), ...tag('B', b)];
}

/** STW per cycle (µs) of both runs, by cycle number. */
export function stwPair(a: ResultLike, b: ResultLike): TaggedPoint[] {
  const tag = (run: 'A' | 'B', r: ResultLike) => r.cycles.map((c) => ({ run, x: c.n, y: (c.stw1Ns + c.stw2Ns) / 1e3 }));
  return [...tag('A', a), ...tag('B', b)];
}
