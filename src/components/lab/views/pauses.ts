/** The per-cycle pauses figure: STW chart, mark/CPU chart, the report-style summary and the cycle table. */
import { pauseRows, pauseSummary, type PauseRow, type PauseSummary } from '../data/pauses';
import { fmtBytes, fmtDurationUs } from '../data/format';
import { markChart, stwChart } from '../../charts/pauses';
import type { Column } from '../../charts/export';
import { runSource, type FigureModel, type Run, type SummaryRow, type ViewContext } from './model';
import type { Locale, Translate } from '../i18n';

export function pauseColumns(t: Translate): Column<PauseRow>[] {
  return [
    { key: 'cycle', label: t('pauses.x'), value: (r) => r.n },
    { key: 'forced', label: t('pauses.forced'), value: (r) => r.forced },
    { key: 'start_ms', label: `${t('heap.x')}`, value: (r) => r.startMs },
    { key: 'stw1_us', label: `${t('pauses.stw1')} (µs)`, value: (r) => r.stw1Us },
    { key: 'stw2_us', label: `${t('pauses.stw2')} (µs)`, value: (r) => r.stw2Us },
    { key: 'time_to_stop_us', label: `${t('pauses.tts')} (µs)`, value: (r) => r.ttsUs },
    { key: 'mark_ms', label: t('pauses.mark'), value: (r) => r.markMs },
    { key: 'gc_cpu_pct', label: t('pauses.cpu'), value: (r) => r.gcCpuShare * 100 },
    { key: 'heap_start_mib', label: t('pauses.col.heapStart'), value: (r) => r.heapStartMiB },
    { key: 'heap_end_mib', label: t('pauses.col.heapEnd'), value: (r) => r.heapEndMiB },
    { key: 'heap_live_mib', label: t('pauses.col.heapLive'), value: (r) => r.heapLiveMiB },
    { key: 'heap_goal_mib', label: `${t('heap.series.heapGoal')} (MiB)`, value: (r) => r.heapGoalMiB },
    { key: 'scan_work_mib', label: t('pauses.col.scanWork'), value: (r) => r.scanWorkMiB },
  ];
}

/** The summary's values as text ("—" where a run has no cycles). */
export function summaryText(locale: Locale, s: PauseSummary) {
  const dash = '—';
  return {
    cycles: String(s.cycles),
    meanStw: s.meanStwUs === null ? dash : fmtDurationUs(locale, s.meanStwUs),
    maxStw: s.maxStwUs === null ? dash : fmtDurationUs(locale, s.maxStwUs),
    maxMark: s.maxMarkMs === null ? dash : fmtDurationUs(locale, s.maxMarkMs * 1000),
    peakHeap: fmtBytes(locale, s.peakHeapBytes),
    interval: s.intervalMs === null ? dash : fmtDurationUs(locale, s.intervalMs * 1000),
    scanWork: s.meanScanWorkBytes === null ? dash : fmtBytes(locale, s.meanScanWorkBytes),
  };
}

export function summaryRows(t: Translate, x: ReturnType<typeof summaryText>): SummaryRow[] {
  return [
    { label: t('pauses.summary.cycles'), a: x.cycles },
    { label: t('pauses.summary.meanStw'), a: x.meanStw },
    { label: t('pauses.summary.maxStw'), a: x.maxStw },
    { label: t('pauses.summary.peakHeap'), a: x.peakHeap },
    { label: t('pauses.summary.interval'), a: x.interval },
    { label: t('pauses.summary.scanWork'), a: x.scanWork },
  ];
}

export function pausesFigure(run: Run, ctx: ViewContext, heapSeries?: readonly number[]): FigureModel {
  const { t, locale } = ctx;
  const rows = pauseRows(run.result.cycles, run.scenario.gomaxprocs);
  const summary = pauseSummary(run.result, heapSeries);
  const text = summaryText(locale, summary);
  return {
    view: 'pauses',
    title: t('pauses.title'),
    source: runSource(t, run, ctx.simVersion),
    charts: rows.length ? [(o) => stwChart(rows, o), (o) => markChart(rows, o)] : [],
    sentence: rows.length ? t('pauses.summary.sentence', text) : t('pauses.none'),
    summary: summaryRows(t, text),
    table: { columns: pauseColumns(t), rows },
    json: { summary, cycles: rows },
  };
}
