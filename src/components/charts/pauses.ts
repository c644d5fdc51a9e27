/**
 * Per-cycle pauses: STW 1 and STW 2 of every GC cycle on a log µs axis, with the time-to-stop part drawn
 * as its own mark; and, in a second chart, each cycle's concurrent mark duration (bars) with the
 * cumulative GC CPU share (line, right-hand scale in %).
 */
import * as Plot from '@observablehq/plot';
import type { PauseRow } from '../lab/data/pauses';
import { base, COLORS, type ChartOptions } from './common';

export function stwChart(rows: readonly PauseRow[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const { t } = o;
  const points = rows.flatMap((r) => [
    { n: r.n, us: r.stw1Us, kind: t('pauses.stw1'), forced: r.forced },
    { n: r.n, us: r.stw2Us, kind: t('pauses.stw2'), forced: r.forced },
  ]);
  const tts = rows.filter((r) => r.ttsUs !== null && r.ttsUs > 0).map((r) => ({ n: r.n, us: r.ttsUs as number }));
  const ys = [...points.map((p) => p.us), ...tts.map((p) => p.us)].filter((v) => v > 0);
  const lo = ys.length ? Math.min(...ys) : 1;
  const hi = ys.length ? Math.max(...ys) : 1000;
  return Plot.plot({
    ...base(o, 240),
    x: { label: t('pauses.x'), tickFormat: 'd', domain: [0.5, Math.max(1, rows.length ? rows[rows.length - 1].n : 1) + 0.5] },
    y: {
      type: 'log',
      label: t('pauses.y'),
      domain: [Math.max(0.1, lo / 2), hi * 2],
      grid: true,
    },
    color: {
      domain: [t('pauses.stw1'), t('pauses.stw2')],
      range: [COLORS.stw1, COLORS.stw2],
    },
    symbol: { domain: [t('pauses.stw1'), t('pauses.stw2')], range: ['circle', 'square'] },
    marks: [
      Plot.ruleX(rows, { x: 'n', y1: (r: PauseRow) => Math.min(r.stw1Us, r.stw2Us), y2: (r: PauseRow) => Math.max(r.stw1Us, r.stw2Us), stroke: COLORS.gc, strokeOpacity: 0.5 }),
      // Forced cycles (runtime.GC() calls of the workload) are hollow, automatic ones filled.
      Plot.dot(points.filter((p) => !p.forced), { x: 'n', y: 'us', stroke: 'kind', fill: 'kind', symbol: 'kind', r: 3.5 }),
      Plot.dot(points.filter((p) => p.forced), { x: 'n', y: 'us', stroke: 'kind', symbol: 'kind', r: 3.5 }),
      Plot.dot(tts, { x: 'n', y: 'us', symbol: 'times', r: 5, stroke: COLORS.tts, strokeWidth: 2 }),
    ],
  });
}

export function markChart(rows: readonly PauseRow[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const { t } = o;
  const maxMark = Math.max(1e-3, ...rows.map((r) => r.markMs));
  // The CPU share line shares the bars' y scale: 100 % maps to the top of the mark axis.
  const k = maxMark / 100;
  return Plot.plot({
    ...base(o, 170),
    marginRight: 48,
    x: { label: t('pauses.x'), tickFormat: 'd', domain: [0.5, Math.max(1, rows.length ? rows[rows.length - 1].n : 1) + 0.5] },
    y: { label: t('pauses.mark'), domain: [0, maxMark], grid: true },
    marks: [
      Plot.rectY(rows, { x1: (r: PauseRow) => r.n - 0.35, x2: (r: PauseRow) => r.n + 0.35, y: 'markMs', fill: COLORS.mark, fillOpacity: 0.7 }),
      Plot.lineY(rows, { x: 'n', y: (r: PauseRow) => r.gcCpuShare * 100 * k, stroke: COLORS.cpu, strokeWidth: 2, marker: rows.length < 40 ? 'circle-stroke' : undefined }),
      Plot.axisY(
        [0, 25, 50, 75, 100].map((p) => p * k),
        { anchor: 'right', label: t('pauses.cpu'), tickFormat: (v: number) => `${Math.round(v / k)}`, color: COLORS.cpu },
      ),
      Plot.ruleY([0]),
    ],
  });
}
