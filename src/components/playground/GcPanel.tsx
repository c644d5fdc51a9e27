/**
 * The GC cycles of the current run: a sentence, the heap chart, the lab's pause charts and a data table.
 * The text and the table need no chart library; the charts are drawn once `gc-figures` (Plot) has
 * loaded, off the render path in bounded tasks and only on screen (the lab's ChartHost, schedule.ts), once
 * the run has ended.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ChartHost, DataTable } from '../lab/Figure';
import { fmtBytes, fmtDurationUs } from '../lab/data/format';
import type { Locale, Translate } from '../lab/i18n';
import type { Column } from '../charts/export';
import { gcHeapRows, gcSummary, type GcEvent, type GcHeapRow } from './gc-data';
import type { PgTranslate } from './i18n';

type Figures = typeof import('./gc-figures');
let figures: Promise<Figures> | null = null;
/** Starts loading the charts (Plot) without drawing anything; the playground calls it when idle. */
export function preloadGcFigures(): Promise<Figures> {
  figures ??= import('./gc-figures');
  return figures;
}

interface Props {
  t: PgTranslate;
  labT: Translate;
  locale: Locale;
  go: string;
  events: readonly GcEvent[];
  running: boolean;
  /** HeapAlloc before an interpreted program started (the interpreter's own data). */
  startHeap: number | null;
}

function columns(t: PgTranslate, labT: Translate): Column<GcHeapRow & { stw1Us: number; stw2Us: number; markMs: number }>[] {
  return [
    { key: 'cycle', label: labT('pauses.x'), value: (r) => r.n },
    { key: 'forced', label: labT('pauses.forced'), value: (r) => r.forced },
    { key: 'start_ms', label: t('pg.gc.heap.x'), value: (r) => r.startMs },
    { key: 'stw1_us', label: `${labT('pauses.stw1')} (µs)`, value: (r) => r.stw1Us },
    { key: 'mark_ms', label: labT('pauses.mark'), value: (r) => r.markMs },
    { key: 'stw2_us', label: `${labT('pauses.stw2')} (µs)`, value: (r) => r.stw2Us },
    { key: 'heap_start_mib', label: 'H0 (MiB)', value: (r) => r.heapStartMiB },
    { key: 'heap_end_mib', label: 'H1 (MiB)', value: (r) => r.heapEndMiB },
    { key: 'heap_live_mib', label: `${t('pg.gc.heap.live')} (MiB)`, value: (r) => r.heapLiveMiB },
    { key: 'heap_goal_mib', label: `${t('pg.gc.heap.goal')} (MiB)`, value: (r) => r.heapGoalMiB },
  ];
}

export function GcPanel({ t, labT, locale, go, events, running, startHeap }: Props) {
  const [mod, setMod] = useState<Figures | null>(null);
  useEffect(() => {
    if (events.length && !mod) void preloadGcFigures().then((m) => setMod(() => m));
  }, [events.length, mod]);

  // The charts and the table show a finished run: drawing them while the program runs took main-thread
  // tasks of 50–300 ms on this 2-core machine under load (scripts/bench-runner.mjs), so during a run only
  // the sentence follows the cycles. A new run clears the charts at once.
  const [chartEvents, setChartEvents] = useState(events);
  useEffect(() => {
    if (!running || events.length === 0) setChartEvents(events);
  }, [events, running]);

  const labels = useMemo(
    () => ({ x: t('pg.gc.heap.x'), y: t('pg.gc.heap.y'), alloc: t('pg.gc.heap.alloc'), live: t('pg.gc.heap.live'), goal: t('pg.gc.heap.goal') }),
    [t],
  );
  const renders = useMemo(
    () => (mod && chartEvents.length ? mod.gcRenders(chartEvents, { t: labT, locale, labels }) : null),
    [mod, chartEvents, labT, locale, labels],
  );
  const s = gcSummary(events);
  const rows = useMemo(
    () =>
      gcHeapRows(chartEvents).map((r, i) => {
        const c = chartEvents[i].cycle;
        return { ...r, stw1Us: c.stw1Ns / 1e3, stw2Us: c.stw2Ns / 1e3, markMs: c.markNs / 1e6 };
      }),
    [chartEvents],
  );

  const sentence = events.length
    ? t('pg.gc.summary', {
        cycles: s.cycles,
        forced: s.forced,
        maxStw: fmtDurationUs(locale, s.maxStwUs ?? 0),
        goal: fmtBytes(locale, s.maxGoalBytes ?? 0),
      })
    : running
      ? t('pg.gc.waiting')
      : t('pg.gc.none');

  return (
    <section class="gp-gc lab" aria-labelledby="gp-gc-title" data-cycles={events.length}>
      <h3 id="gp-gc-title" class="gp-gc__title">
        {t('pg.gc.title')}
      </h3>
      <p class="gp-gc__source">{t('pg.gc.source', { go })}</p>
      <p class="gp-gc__sentence" aria-live="polite">
        {sentence}
      </p>
      {startHeap !== null && events.length ? <p class="gp-gc__note">{t('pg.gc.interp', { start: fmtBytes(locale, startHeap) })}</p> : null}
      {renders ? (
        <div class="gp-gc__charts">
          <h4>{t('pg.gc.heap.title')}</h4>
          <ChartHost render={renders.heap} label={t('pg.gc.heap.title')} />
          <h4>{t('pg.gc.pauses.title')}</h4>
          {renders.pauses.map((r, i) => (
            <ChartHost render={r} label={t('pg.gc.pauses.title')} key={i} />
          ))}
        </div>
      ) : null}
      {chartEvents.length ? (
        <details class="lab-fig__data">
          <summary>{t('pg.gc.table')}</summary>
          <DataTable table={{ columns: columns(t, labT), rows }} t={labT} caption={t('pg.gc.table')} />
        </details>
      ) : null}
    </section>
  );
}
