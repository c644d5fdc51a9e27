/**
 * The heap of a real run, cycle by cycle, from gctrace alone: each cycle is a light band from its start
 * to the end of mark termination; the heap line joins every cycle's heap at its start and at its end
 * (gctrace's H0 and H1; between cycles the line is drawn straight, as gctrace says nothing about the time
 * in between); the live heap each cycle marked (H2) and the heap goal are dots. MiB, as gctrace prints
 * them (whole MiB, truncated).
 */
import * as Plot from '@observablehq/plot';
import { addLegend, base, COLORS, withoutPlotStyles, type ChartOptions, type LegendItem } from '../../charts/common';
import type { GcHeapRow } from '../gc-data';

export interface GcHeapLabels {
  x: string;
  y: string;
  alloc: string;
  live: string;
  goal: string;
}

export function gcHeapChart(rows: readonly GcHeapRow[], o: ChartOptions & { labels: GcHeapLabels }): SVGSVGElement | HTMLElement {
  const L = o.labels;
  const line = rows.flatMap((r) => [
    { t: r.startMs, mib: r.heapStartMiB },
    { t: r.endMs, mib: r.heapEndMiB },
  ]);
  const top = Math.max(1, ...rows.map((r) => Math.max(r.heapStartMiB, r.heapEndMiB, r.heapGoalMiB))) * 1.12;
  const last = rows.length ? rows[rows.length - 1].endMs : 1;
  const legend: LegendItem[] = [
    { label: L.alloc, color: COLORS.heapAlloc, shape: 'line' },
    { label: L.live, color: COLORS.heapLive, shape: 'circle' },
    { label: L.goal, color: COLORS.heapGoal, shape: 'diamond' },
  ];
  const chart = Plot.plot({
    ...base(o, 260),
    x: { label: L.x, domain: [0, Math.max(1, last * 1.02)] },
    y: { label: L.y, domain: [0, top], grid: true },
    marks: [
      Plot.rectX(rows, {
        x1: 'startMs',
        x2: (r: GcHeapRow) => Math.max(r.endMs, r.startMs + last / 400),
        y1: 0,
        y2: top,
        fill: COLORS.gc,
        fillOpacity: (r: GcHeapRow) => (r.forced ? 0.35 : 0.18),
      }),
      Plot.lineY(line, { x: 't', y: 'mib', stroke: COLORS.heapAlloc, strokeWidth: 2 }),
      Plot.dot(rows, { x: 'endMs', y: 'heapLiveMiB', fill: COLORS.heapLive, r: 3 }),
      Plot.dot(rows, { x: 'startMs', y: 'heapGoalMiB', stroke: COLORS.heapGoal, symbol: 'diamond', r: 3.5 }),
      Plot.ruleY([0]),
    ],
  });
  return addLegend(withoutPlotStyles(chart), legend, o);
}
