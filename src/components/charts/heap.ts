/**
 * Heap over time: HeapAlloc, the heap goal, the live heap and the map's own bytes (MiB) against simulated
 * time; each GC cycle as a light band from its start to the end of mark termination (forced cycles
 * hatched darker), and the workload's phases as labelled bands along the top.
 */
import * as Plot from '@observablehq/plot';
import type { HeapLine, MarkSpan, Span } from '../lab/data/heap';
import { HEAP_SERIES } from '../lab/data/heap';
import { addLegend, base, COLORS, withoutPlotStyles, type ChartOptions, type LegendItem } from './common';

export interface HeapChartData {
  /** One line per series; the views pass `heapLines` (points on straight runs left out, same picture). */
  lines: readonly HeapLine[];
  marks: readonly MarkSpan[];
  phases: readonly Span[];
}

export function heapChart(d: HeapChartData, o: ChartOptions): SVGSVGElement | HTMLElement {
  const { t } = o;
  const names = HEAP_SERIES.map((s) => t(`heap.series.${s}`));
  let highest = 1;
  for (const l of d.lines) for (const v of l.mib) if (v > highest) highest = v;
  const top = highest * 1.12;
  // Labels sit at each phase's start; alternate rows keep short neighbouring phases readable.
  const phaseLabels = d.phases.map((p, i) => ({ ...p, text: t(`phase.${p.label}` as Parameters<typeof t>[0]), row: i % 2 }));
  const legend = HEAP_SERIES.map((s, i): LegendItem => ({ label: names[i], color: COLORS[s], shape: s === 'heapGoal' ? 'dashed' : 'line' }));
  const chart = Plot.plot({
    ...base(o, 300),
    marginTop: 22,
    x: { label: t('heap.x'), nice: false },
    y: { label: t('heap.y'), domain: [0, top], grid: true },
    marks: [
      Plot.rectX(d.marks, {
        x1: 'startMs',
        x2: (m: MarkSpan) => Math.max(m.endMs, m.startMs + 1e-6),
        y1: 0,
        y2: top,
        fill: COLORS.gc,
        fillOpacity: (m: MarkSpan) => (m.forced ? 0.35 : 0.18),
      }),
      Plot.ruleX(phaseLabels.slice(1), { x: 'startMs', stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '3,3' }),
      ...[0, 1].map((row) =>
        Plot.text(
          phaseLabels.filter((p) => p.row === row),
          { x: 'startMs', y: top, text: 'text', dx: 3, dy: row ? 4 : -10, textAnchor: 'start', fill: 'currentColor', fontSize: 11 },
        ),
      ),
      ...d.lines.map(({ series: s, tMs, mib }) =>
        Plot.lineY(mib, {
          x: tMs,
          stroke: COLORS[s],
          strokeWidth: s === 'heapAlloc' ? 2 : 1.5,
          strokeDasharray: s === 'heapGoal' ? '5,3' : undefined,
          curve: 'linear',
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
  return addLegend(withoutPlotStyles(chart), legend, o);
}
