/**
 * One figure of a widget: title, source line, chart(s), a text alternative (summary and a data table), and
 * export buttons. `FigureBody` renders either static SVG markup (build time, from the same chart
 * functions) or live charts (`ChartHost`); it imports no chart library, so it is cheap to hydrate.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Translate } from './i18n';
import type { Column } from '../charts/export';
import { cancelRender, hold, release, scheduleRender } from './schedule';
import type { FigureModel, StepModel } from './views/model';

export interface TableModel {
  columns: Column<any>[];
  rows: readonly any[];
}

/** How near the viewport a chart must be to be drawn (px). */
const NEAR_PX = 200;

/** Whether an element is near the viewport (NEAR_PX), as its IntersectionObserver last said; null until it has. */
export type NearRef = { readonly current: boolean | null };

/**
 * Keeps `NearRef` of the element in `ref` for its whole life. A figure keeps one from hydration on, so the
 * charts that replace its build-time ones know at mount whether to draw at once, without a layout read
 * (ChartHost): with the page's DOM just changed, that read cost a full style and layout in the task that
 * brought the first answer.
 */
export function useNearViewport(ref: { current: Element | null }): NearRef {
  const near = useRef<boolean | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => (near.current = entries[entries.length - 1].isIntersecting), { rootMargin: `${NEAR_PX}px` });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return near;
}

/** Rows a data table shows before it says "export the rest". */
const MAX_ROWS = 400;

export function DataTable({ table, t, caption }: { table: TableModel; t: Translate; caption: string }) {
  const rows = table.rows.slice(0, MAX_ROWS);
  return (
    <div class="lab-table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table class="lab-table">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {table.columns.map((c) => {
                const v = c.value(r);
                return <td key={c.key}>{typeof v === 'number' ? Number(v.toPrecision(6)).toString() : v === null ? '' : String(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {table.rows.length > MAX_ROWS ? (
        <p class="lab-table__more">
          {MAX_ROWS} / {table.rows.length} · {t('chart.export.csv')}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Mounts one live chart, drawn off the render path and only near the viewport (STYLE.md 15).
 *
 * One IntersectionObserver per host for its whole life, so the host always knows whether it is in view:
 * a new `render` (a new answer, another occupancy step) of a host in view is queued at once, in the same
 * commit (layout effect), and the island's `flushRenders()` draws it in the same task as the rest of the
 * answer; a host out of view draws its newest `render` when it comes near. Until the observer's first
 * report the host is held (schedule.ts), so `whenIdle()` does not announce a drawing that has not started;
 * a host that is near the viewport when it mounts draws at once instead (one layout read). Before printing,
 * every host draws what it has not drawn yet.
 */
export function ChartHost({ render, label, reserve, near }: { render: () => Element; label: string; reserve?: number; near?: NearRef }) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef(render);
  latest.current = render;
  const self = useRef<{ visible: boolean | null; drawn: (() => Element) | null; draw: () => void } | null>(null);
  useLayoutEffect(() => {
    const host = ref.current;
    if (!host) return;
    let alive = true;
    const me = { visible: null as boolean | null, drawn: null as (() => Element) | null, draw: () => {} };
    const paint = () => {
      if (!alive) return;
      const r = latest.current;
      // The host is the image (role="img" with a label); the text alternative is the summary and table.
      const el = r();
      el.setAttribute('aria-hidden', 'true');
      host.replaceChildren(el);
      host.style.minHeight = ''; // the room kept for it (reserve) is its own now
      me.drawn = r;
    };
    me.draw = () => scheduleRender(host, paint);
    // Printing lays out every chart, also those far from the viewport that wait to be drawn: draw them now,
    // in the handler (the browser paginates after it), or the printout has blank figures.
    const beforePrint = () => {
      if (me.drawn === latest.current) return;
      cancelRender(host);
      paint();
    };
    addEventListener('beforeprint', beforePrint);
    self.current = me;
    if (typeof IntersectionObserver === 'undefined') {
      me.visible = true;
      me.draw();
      return () => {
        alive = false;
        removeEventListener('beforeprint', beforePrint);
      };
    }
    // A new host near the viewport draws in this task, without waiting for the observer's first report
    // (a frame later): otherwise the figure shows empty hosts for a frame. Whether it is near comes from
    // its figure's observer (`near`) when that has reported, else from one layout read, at mount only.
    const box = near?.current == null ? host.getBoundingClientRect() : null;
    if (box ? box.bottom >= -NEAR_PX && box.top <= innerHeight + NEAR_PX : near!.current) {
      me.visible = true;
      me.draw();
    } else {
      hold(host);
    }
    const io = new IntersectionObserver(
      (entries) => {
        me.visible = entries[entries.length - 1].isIntersecting;
        if (me.visible && me.drawn !== latest.current) me.draw();
        release(host);
      },
      { rootMargin: `${NEAR_PX}px` },
    );
    io.observe(host);
    // Canvas charts resolve theme colours when drawn: draw again when Starlight switches the theme.
    const mo = new MutationObserver(() => {
      if (!host.querySelector('canvas')) return;
      if (me.visible) me.draw();
      else me.drawn = null;
    });
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      alive = false;
      removeEventListener('beforeprint', beforePrint);
      io.disconnect();
      mo.disconnect();
      cancelRender(host);
      release(host);
    };
  }, []);
  useLayoutEffect(() => {
    const me = self.current;
    if (me?.visible && me.drawn !== render) me.draw();
  }, [render]);
  // `reserve`: the height of the static chart this one replaces, kept until the first drawing (set once, at
  // mount: Preact applies an unchanged style prop only once, and the drawing clears it).
  return <div class="lab-fig__chart" ref={ref} role="img" aria-label={label} style={reserve ? { minHeight: `${reserve}px` } : undefined} />;
}

/**
 * The data table in a <details>. Live figures render its rows only once it is opened (a 400-row table
 * costs more than the charts); build-time figures include them, for readers without JavaScript.
 */
function DataDetails({ t, table, caption, lazy }: { t: Translate; table: TableModel; caption: string; lazy: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="lab-fig__data" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('chart.table.show')}</summary>
      {!lazy || open ? <DataTable table={table} t={t} caption={caption} /> : null}
    </details>
  );
}

export interface FigureBodyProps {
  t: Translate;
  figure: FigureModel;
  /** For stepped figures: the step shown (overrides the figure's charts, sentence and table). */
  step?: StepModel;
  /** Static SVG markup (build time). */
  svgs?: string[];
  /** Live chart renderers (browser). */
  renders?: Array<() => Element>;
  /** Heights (px) of the static charts the live ones replace, kept until each is drawn. */
  reserve?: readonly number[];
  /** Whether the figure is near the viewport (its `useNearViewport`), for the live charts' first drawing. */
  near?: NearRef;
}

export function FigureBody({ t, figure, svgs, renders, step, reserve, near }: FigureBodyProps) {
  const table = step?.table ?? figure.table;
  return (
    <div class="lab-fig__body">
      <div class="lab-fig__charts">
        {svgs
          ? svgs.map((html, i) => <div class="lab-fig__chart" role="img" aria-label={figure.title} key={i} dangerouslySetInnerHTML={{ __html: html }} />)
          : (renders ?? []).map((r, i) => <ChartHost render={r} label={figure.title} key={i} reserve={reserve?.[i]} near={near} />)}
      </div>
      <div class="lab-fig__summary">
        <Summary figure={figure} sentence={step ? step.sentence : undefined} />
      </div>
      <DataDetails t={t} table={table} caption={figure.title} lazy={!svgs} />
    </div>
  );
}

/** The text alternative above the data table: one sentence, and the summary rows (A, B and change when comparing). */
export function Summary({ figure, sentence }: { figure: FigureModel; sentence?: string }) {
  return (
    <>
      <p class="lab-fig__sentence">{sentence ?? figure.sentence}</p>
      {figure.notes?.map((n) => (
        <p class="lab-fig__note" key={n}>
          {n}
        </p>
      ))}
      {figure.summary?.length ? (
        <table class="lab-summary">
          {figure.summaryHead ? (
            <thead>
              <tr>
                {figure.summaryHead.map((h, i) => (
                  <th scope="col" key={i}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
          ) : null}
          <tbody>
            {figure.summary.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{r.a}</td>
                {r.b !== undefined ? <td>{r.b}</td> : null}
                {r.b !== undefined ? <td>{r.delta ?? ''}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
