/**
 * Per-cycle pauses: STW 1 and STW 2 of every GC cycle on a log µs axis, with the time-to-stop part drawn
 * as its own mark; and, in a second chart, each cycle's concurrent mark duration (bars) with the
 * cumulative GC CPU share (line, right-hand scale in %).
 */
import * as Plot from '@observablehq/plot';
import type { PauseRow } from '../lab/data/pauses';
import { addLegend, base, COLORS, withoutPlotStyles, type ChartOptions, type LegendItem } from './common';

export function stwChart(rows: readonly PauseRow[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const { t } = o;
  const tts = rows.filter((r) => r.ttsUs !== null && r.ttsUs > 0);
  let lo = Infinity;
  let hi = 0;
  for (const r of rows) {
    for (const us of [r.stw1Us, r.stw2Us, r.ttsUs ?? 0]) {
      if (us > 0 && us < lo) lo = us;
      if (us > hi) hi = us;
    }
  }
  if (hi === 0) [lo, hi] = [1, 1000];
  // Automatic cycles are filled, forced ones (runtime.GC() calls of the workload) hollow. Each mark has
  // constant colours and a constant symbol: no colour or symbol scale to build per drawing.
  const auto = rows.filter((r) => !r.forced);
  const forced = rows.filter((r) => r.forced);
  const dots = (data: readonly PauseRow[], y: 'stw1Us' | 'stw2Us', hollow: boolean) => {
    const color = y === 'stw1Us' ? COLORS.stw1 : COLORS.stw2;
    return Plot.dot(data, { x: 'n', y, stroke: color, fill: hollow ? 'none' : color, symbol: y === 'stw1Us' ? 'circle' : 'square', r: 3.5 });
  };
  const legend: LegendItem[] = [
    { label: t('pauses.stw1'), color: COLORS.stw1, shape: 'circle' },
    { label: t('pauses.stw2'), color: COLORS.stw2, shape: 'square' },
  ];
  if (forced.length) legend.push({ label: t('pauses.forced'), color: 'currentColor', shape: 'hollow' });
  if (tts.length) legend.push({ label: t('pauses.tts'), color: COLORS.tts, shape: 'cross' });
  const chart = Plot.plot({
    ...base(o, 240),
    x: { label: t('pauses.x'), tickFormat: 'd', domain: [0.5, Math.max(1, rows.length ? rows[rows.length - 1].n : 1) + 0.5] },
    y: { type: 'log', label: t('pauses.y'), domain: [Math.max(0.1, lo / 2), hi * 2], grid: true },
    marks: [
      Plot.ruleX(rows, { x: 'n', y1: (r: PauseRow) => Math.min(r.stw1Us, r.stw2Us), y2: (r: PauseRow) => Math.max(r.stw1Us, r.stw2Us), stroke: COLORS.gc, strokeOpacity: 0.5 }),
      dots(auto, 'stw1Us', false),
      dots(auto, 'stw2Us', false),
      dots(forced, 'stw1Us', true),
      dots(forced, 'stw2Us', true),
      Plot.dot(tts, { x: 'n', y: 'ttsUs', symbol: 'times', r: 5, stroke: COLORS.tts, strokeWidth: 2 }),
    ],
  });
  return addLegend(withoutPlotStyles(chart), legend, o);
}

export function markChart(rows: readonly PauseRow[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const { t } = o;
  const maxMark = Math.max(1e-3, ...rows.map((r) => r.markMs));
  // The CPU share line shares the bars' y scale: 100 % maps to the top of the mark axis.
  const k = maxMark / 100;
  const chart = Plot.plot({
    ...base(o, 170),
    marginRight: 48,
    x: { label: t('pauses.x'), tickFormat: 'd', domain: [0.5, Math.max(1, rows.length ? rows[rows.length - 1].n : 1) + 0.5] },
    y: { domain: [0, maxMark] },
    marks: [
      Plot.rectY(rows, { x1: (r: PauseRow) => r.n - 0.35, x2: (r: PauseRow) => r.n + 0.35, y: 'markMs', fill: COLORS.mark, fillOpacity: 0.7 }),
      Plot.lineY(rows, { x: 'n', y: (r: PauseRow) => r.gcCpuShare * 100 * k, stroke: COLORS.cpu, strokeWidth: 2, marker: rows.length < 40 ? 'circle-stroke' : undefined }),
      // An explicit axis mark turns off Plot's implicit y axis and grid, so the left (ms) axis is
      // drawn here too; without it the bars had no scale.
      Plot.gridY(),
      Plot.axisY({ anchor: 'left', label: t('pauses.mark') }),
      Plot.axisY(
        [0, 25, 50, 75, 100].map((p) => p * k),
        { anchor: 'right', label: t('pauses.cpu'), tickFormat: (v: number) => `${Math.round(v / k)}`, color: COLORS.cpu },
      ),
      Plot.ruleY([0]),
    ],
  });
  return withoutPlotStyles(chart);
}
