/** Compare: HeapAlloc over time of runs A and B on one chart, and their STW per cycle (log µs). */
import * as Plot from '@observablehq/plot';
import type { TaggedPoint } from '../lab/data/compare';
import { base, COLORS, type ChartOptions } from './common';

const runColor = { domain: ['A', 'B'], range: [COLORS.a, COLORS.b], legend: true } as const;

export function compareHeapChart(points: readonly TaggedPoint[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const { t } = o;
  return Plot.plot({
    ...base(o, 240),
    x: { label: t('heap.x') },
    y: { label: `${t('heap.series.heapAlloc')} (MiB)`, grid: true, zero: true },
    color: { ...runColor, domain: [...runColor.domain], range: [...runColor.range] },
    marks: [Plot.lineY(points, { x: 'x', y: 'y', z: 'run', stroke: 'run', strokeWidth: 1.75 }), Plot.ruleY([0])],
  });
}

export function compareStwChart(points: readonly TaggedPoint[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const { t } = o;
  const ys = points.map((p) => p.y).filter((y) => y > 0);
  return Plot.plot({
    ...base(o, 200),
    x: { label: t('pauses.x'), tickFormat: 'd' },
    y: { type: 'log', label: t('compare.stw'), grid: true, domain: ys.length ? [Math.min(...ys) / 2, Math.max(...ys) * 2] : [1, 1000] },
    color: { ...runColor, domain: [...runColor.domain], range: [...runColor.range] },
    symbol: { domain: ['A', 'B'], range: ['circle', 'diamond'] },
    marks: [Plot.dot(points, { x: 'x', y: 'y', stroke: 'run', symbol: 'run', r: 3.5 })],
  });
}
