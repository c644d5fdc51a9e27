/**
 * Heap-over-time data from a result's time series, cycles and trace: unit changes and regrouping only.
 *
 *   heapRows   one row per series point: t (ms), HeapAlloc, heap goal, live heap, map bytes (MiB)
 *   heapLines  one line per series, without the points it passes straight through (chart data only; below)
 *   markSpans  each GC cycle from its start to the end of mark termination (ms), forced or not
 *   phaseSpans the workload's phases (insert, delete, rebuild, …) from the trace's phase begin/end events
 */
import type { CycleLike } from './result';
import type { SeriesPoint } from '../../../sim/series';

/** One heap sample (the simulator's SeriesPoint, the fields drawn). */
export type SeriesPointLike = Pick<SeriesPoint, 'tNs' | 'heapAlloc' | 'heapGoal' | 'heapLive' | 'mapBytes'>;

export interface PhaseEventLike {
  type: string;
  atNs: number;
  phase?: string;
  edge?: 'begin' | 'end';
}

export const HEAP_SERIES = ['heapAlloc', 'heapGoal', 'heapLive', 'mapBytes'] as const;
export type HeapSeriesId = (typeof HEAP_SERIES)[number];

export interface HeapRow {
  tMs: number;
  heapAlloc: number;
  /** null when there is no goal (GOGC=off without a memory limit). */
  heapGoal: number | null;
  heapLive: number;
  mapBytes: number;
}

export interface Span {
  label: string;
  startMs: number;
  endMs: number;
}

export interface MarkSpan {
  n: number;
  startMs: number;
  endMs: number;
  forced: boolean;
}

const MiB = 2 ** 20;
/** A goal above this (1 PiB) is the pacer's way of saying "no goal". */
const NO_GOAL = 2 ** 50;

export function heapRows(points: readonly SeriesPointLike[]): HeapRow[] {
  return points.map((p) => ({
    tMs: p.tNs / 1e6,
    heapAlloc: p.heapAlloc / MiB,
    heapGoal: Number.isFinite(p.heapGoal) && p.heapGoal < NO_GOAL ? p.heapGoal / MiB : null,
    heapLive: p.heapLive / MiB,
    mapBytes: p.mapBytes / MiB,
  }));
}

/** One series' line as the chart draws it: point i at (tMs[i], mib[i]). Plot reads typed arrays as they are. */
export interface HeapLine {
  series: HeapSeriesId;
  tMs: Float64Array;
  mib: Float64Array;
}

/**
 * The chart's lines, one per series, each without the points that lie exactly on the straight segment
 * between the points kept on either side of it: the goal's and the map's plateaus, runs of steady growth.
 * The line through the points kept is the same set of points as the line through all of them (a linear
 * scale keeps points on a segment on it), at any size, so the picture keeps its geometry (only the
 * antialiasing of sloped stretches differs in edge pixels: drawn by Chromium at 640 px, 300–550 of
 * 338 000 pixels, by at most 52/255 in one channel, none at a peak or a step); every
 * point where a line turns stays, which includes every peak and valley of the GC saw-tooth, and so do the
 * first and last points. Plot then builds about half as many line points per redraw (results of 1e5 and 1e6
 * keys: 2 552 → 1 121 and 3 176 → 1 582; equality is exact, so runs whose ms values round unevenly stay).
 * Columns rather than a row object per point: Plot takes them without a pass of its own, and the redraw
 * allocates four pairs of arrays, not a thousand objects. Tables, CSV and JSON keep every row (`heapRows`).
 */
export function heapLines(rows: readonly HeapRow[]): HeapLine[] {
  return HEAP_SERIES.map((s) => {
    const present: number[] = [];
    for (let i = 0; i < rows.length; i++) if (rows[i][s] !== null) present.push(i);
    const kept = withoutStraightRuns(present, (i) => rows[i].tMs, (i) => rows[i][s] as number);
    return { series: s, tMs: Float64Array.from(kept, (i) => rows[i].tMs), mib: Float64Array.from(kept, (i) => rows[i][s] as number) };
  });
}

/**
 * The points of a polyline without those that lie on the segment between their kept neighbours (exact
 * arithmetic on the given values: collinear and between them on both axes). A point dropped lies on the
 * segment from the last point kept before it to the next point, and by induction on the final segment
 * between the kept points around it.
 */
export function withoutStraightRuns<T>(points: readonly T[], x: (p: T) => number, y: (p: T) => number): T[] {
  if (points.length <= 2) return points.slice();
  const out: T[] = [points[0]];
  for (let i = 1; i < points.length - 1; i++) {
    const a = out[out.length - 1];
    const b = points[i];
    const c = points[i + 1];
    const [ax, ay, bx, by, cx, cy] = [x(a), y(a), x(b), y(b), x(c), y(c)];
    const collinear = (bx - ax) * (cy - ay) === (cx - ax) * (by - ay);
    const between = Math.min(ax, cx) <= bx && bx <= Math.max(ax, cx) && Math.min(ay, cy) <= by && by <= Math.max(ay, cy);
    if (!(collinear && between)) out.push(b);
  }
  out.push(points[points.length - 1]);
  return out;
}

export function markSpans(cycles: readonly CycleLike[]): MarkSpan[] {
  return cycles.map((c) => ({
    n: c.n,
    startMs: c.startNs / 1e6,
    endMs: (c.startNs + c.stw1Ns + c.markNs + c.stw2Ns) / 1e6,
    forced: c.forced,
  }));
}

/**
 * Phases from begin/end events. A phase without an end event runs to `endNs` (the last sample), so a
 * trace cut short by its limit still labels what it has. The `start` phase (make) is left out: it has no
 * duration worth a label.
 */
export function phaseSpans(events: readonly PhaseEventLike[], endNs: number): Span[] {
  const open = new Map<string, number>();
  const out: Span[] = [];
  for (const e of events) {
    if (e.type !== 'phase' || !e.phase || e.phase === 'start') continue;
    if (e.edge === 'begin') open.set(e.phase, e.atNs);
    else if (e.edge === 'end') {
      const start = open.get(e.phase);
      if (start === undefined) continue;
      open.delete(e.phase);
      out.push({ label: e.phase, startMs: start / 1e6, endMs: e.atNs / 1e6 });
    }
  }
  for (const [phase, start] of open) out.push({ label: phase, startMs: start / 1e6, endMs: endNs / 1e6 });
  return out.sort((a, b) => a.startMs - b.startMs);
}
