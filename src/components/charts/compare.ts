/** Compare: HeapAlloc over time of runs A and B on one chart, and their STW per cycle (log µs). */
import * as Plot from '@observablehq/plot';
import type { TaggedPoint } from '../lab/data/compare';
import { addLegend, base, COLORS, withoutPlotStyles, type ChartOptions, type LegendItem } from './common';

const RUNS = [
  { run: 'A', color: COLORS.a, symbol: 'circle' },
  { run: 'B', color: COLORS.b, symbol: 'diamond' },
] as const;

/** Run A's points and run B's, each drawn with its own constant colour (no colour scale per drawing). */
function byRun(points: readonly TaggedPoint[]) {
  return RUNS.map((r) => ({ ...r, points: points.filter((p) => p.run === r.run) }));
}

export function compareHeapChart(points: readonly TaggedPoint[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const { t } = o;
  const runs = byRun(points);
  const legend = runs.map((r): LegendItem => ({ label: r.run, color: r.color, shape: 'line' }));
  const chart = Plot.plot({
    ...base(o, 240),
    x: { label: t('heap.x') },
    y: { label: `${t('heap.series.heapAlloc')} (MiB)`, grid: true, zero: true },
    marks: [...runs.map((r) => Plot.lineY(r.points, { x: 'x', y: 'y', stroke: r.color, strokeWidth: 1.75 })), Plot.ruleY([0])],
  });
  return addLegend(withoutPlotStyles(chart), legend, o);
}

export function compareStwChart(points: readonly TaggedPoint[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const { t } = o;
  const runs = byRun(points);
  const ys = points.map((p) => p.y).filter((y) => y > 0);
  const legend = runs.map((r): LegendItem => ({ label: r.run, color: r.color, shape: r.symbol === 'circle' ? 'hollow' : 'diamond' }));
  const chart = Plot.plot({
    ...base(o, 200),
    // Half a cycle of room on each side, so the first and last cycles' marks are not cut at the frame.
    x: { label: t('pauses.x'), tickFormat: 'd', domain: [0.5, Math.max(1, ...points.map((p) => p.x)) + 0.5] },
    y: { type: 'log', label: t('compare.stw'), grid: true, domain: ys.length ? [Math.min(...ys) / 2, Math.max(...ys) * 2] : [1, 1000] },
    // A a little left of each cycle, B a little right: equal pauses would otherwise hide one run's marks.
    marks: runs.map((r, i) => Plot.dot(r.points, { x: 'x', y: 'y', stroke: r.color, symbol: r.symbol, r: 3.5, dx: i === 0 ? -3 : 3 })),
  });
  return addLegend(withoutPlotStyles(chart), legend, o);
}
