/** The heap-over-time figure: one chart, a summary sentence and the sampled series as a table. */
import { heapLines, heapRows, markSpans, phaseSpans, type HeapRow } from '../data/heap';
import { pauseSummary } from '../data/pauses';
import { fmtNum } from '../data/format';
import { heapChart } from '../../charts/heap';
import type { Column } from '../../charts/export';
import type { Translate } from '../i18n';
import { runSource, type FigureModel, type Run, type ViewContext } from './model';

export function heapColumns(t: Translate): Column<HeapRow>[] {
  return [
    { key: 't_ms', label: t('heap.x'), value: (r) => r.tMs },
    { key: 'heap_alloc_mib', label: `${t('heap.series.heapAlloc')} (MiB)`, value: (r) => r.heapAlloc },
    { key: 'heap_goal_mib', label: `${t('heap.series.heapGoal')} (MiB)`, value: (r) => r.heapGoal },
    { key: 'heap_live_mib', label: `${t('heap.series.heapLive')} (MiB)`, value: (r) => r.heapLive },
    { key: 'map_mib', label: `${t('heap.series.mapBytes')} (MiB)`, value: (r) => r.mapBytes },
  ];
}

export function heapFigure(run: Run, ctx: ViewContext): FigureModel {
  const { t, locale } = ctx;
  const points = run.result.series ?? [];
  const rows = heapRows(points);
  const endNs = points.length ? points[points.length - 1].tNs : 0;
  const data = {
    // the lines' points without those on straight runs (data/heap.ts heapLines): same picture, less work
    lines: heapLines(rows),
    marks: markSpans(run.result.cycles),
    phases: phaseSpans(run.result.trace ?? [], endNs),
  };
  const last = rows[rows.length - 1];
  const peak = pauseSummary(run.result, points.map((p) => p.heapAlloc)).peakHeapBytes / 2 ** 20;
  return {
    view: 'heap',
    title: t('heap.title'),
    source: runSource(t, run, ctx.simVersion),
    charts: rows.length ? [(o) => heapChart(data, o)] : [],
    sentence: last
      ? t('heap.summary', {
          duration: fmtNum(locale, last.tMs, 0),
          peak: fmtNum(locale, peak, 1),
          cycles: run.result.cycles.length,
          end: fmtNum(locale, last.heapAlloc, 1),
          map: fmtNum(locale, last.mapBytes, 1),
        })
      : t('chart.empty'),
    table: { columns: heapColumns(t), rows },
    json: { series: rows, gcCycles: data.marks, phases: data.phases },
  };
}
