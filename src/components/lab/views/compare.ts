/** The compare figure: both runs on one heap chart and one STW chart, and the metrics with their change. */
import { compareRows, heapPair, runMetrics, stwPair, type CompareRow } from '../data/compare';
import { fmtBytes, fmtDelta, fmtDurationUs } from '../data/format';
import { compareHeapChart, compareStwChart } from '../../charts/compare';
import type { Column } from '../../charts/export';
import type { Locale, MessageKey, Translate } from '../i18n';
import { runSource, type FigureModel, type Run, type SummaryRow, type ViewContext } from './model';

function show(locale: Locale, row: CompareRow, v: number | null): string {
  if (v === null) return '—';
  switch (row.metric) {
    case 'meanStwUs':
    case 'maxStwUs':
      return fmtDurationUs(locale, v);
    case 'intervalMs':
      return fmtDurationUs(locale, v * 1000);
    case 'cycles':
      return String(v);
    default:
      return fmtBytes(locale, v);
  }
}

export function compareColumns(t: Translate): Column<CompareRow>[] {
  return [
    { key: 'metric', label: t('compare.metric'), value: (r) => r.metric },
    { key: 'a', label: t('lab.compare.a'), value: (r) => r.a },
    { key: 'b', label: t('lab.compare.b'), value: (r) => r.b },
    { key: 'change', label: t('compare.delta'), value: (r) => r.change },
  ];
}

export function compareFigure(a: Run, b: Run | null, ctx: ViewContext): FigureModel | null {
  if (!b) return null;
  const { t, locale } = ctx;
  const rows = compareRows(runMetrics(a.result), runMetrics(b.result));
  const summary: SummaryRow[] = rows.map((r) => ({
    label: t(`compare.m.${r.metric}` as MessageKey),
    a: show(locale, r, r.a),
    b: show(locale, r, r.b),
    delta: fmtDelta(locale, r.a, r.b),
  }));
  const heap = heapPair(a.result, b.result);
  const stw = stwPair(a.result, b.result);
  const [sa, sb] = [runSource(t, a, ctx.simVersion), runSource(t, b, ctx.simVersion)];
  const sources = sa === sb ? [sa] : [`A: ${sa}`, `B: ${sb}`];
  const peak = summary[2];
  const mean = summary[0];
  return {
    view: 'compare',
    title: t('compare.title'),
    source: sources.join(' '),
    charts: [(o) => compareHeapChart(heap, o), (o) => compareStwChart(stw, o)],
    sentence: t('compare.sentence', { peakA: peak.a, peakB: peak.b ?? '—', peakD: peak.delta ?? '—', stwA: mean.a, stwB: mean.b ?? '—', stwD: mean.delta ?? '—' }),
    summary,
    summaryHead: [t('compare.metric'), t('lab.compare.a'), t('lab.compare.b'), t('compare.delta')],
    table: { columns: compareColumns(t), rows },
    json: { metrics: rows, scenarioA: a.scenario, scenarioB: b.scenario },
  };
}
