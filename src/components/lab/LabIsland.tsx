/**
 * The lab widget's island: controls, figures, and the plumbing between them.
 *
 * Static first. The page arrives with every figure already drawn (build-time SVG passed in as named
 * slots: `heap`, `pauses`, `occupancy`, `compare`) and the scenario it was drawn from. Hydrating costs only
 * this component and the controls. The first edit (or a URL that differs from the build's scenario)
 * starts the simulator worker and loads the view builders with Plot; from then on the figures are live.
 *
 * Data flow (DESIGN.md §3): control → patch → raw scenario → worker (`parseLenient`, `simulate`) →
 * normalised scenario + notes + result → view builders → charts. The island never computes a model
 * quantity; it moves results from the worker to the view builders.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Component, type ComponentChildren } from 'preact';
import type { Scenario } from '../../sim/scenario';
import { makeT, maybeLocale, type Translate } from './i18n';
import { ErrorBoundary } from './ErrorBoundary';
import { ScenarioForm, type Patch, type ScenarioFormProps } from './controls/ScenarioForm';
import { FigureBody, useNearViewport } from './Figure';
import { flushRenders, taskBegan, whenIdle } from './schedule';
import { decodeState, encodeState, withCompareRun, type LabState } from './state/url';
import { overlay, type RawScenario } from './state/flat';
import { getPreset, PRESET_IDS, VIEW_IDS, isPresetId, type PresetId, type ViewId } from './presets';
import { shapeAtMake, type MapShapeAtMake } from './data/shape';
import { sourceLine } from '../charts/common';
import { run as runSim } from '../../worker/sim-client';
import type { RunProgress } from '../../worker/sim-protocol';
import type { FigureModel, Run, ViewContext } from './views/model';
import type { ResultLike } from './data/result';

type ViewsModule = typeof import('./views/index');
type ExportKind = 'csv' | 'json' | 'svg' | 'png';

export type ControlsSpec = 'all' | 'none' | string[];

export interface LabIslandProps {
  idPrefix: string;
  lang: string;
  /** The normalised state the static figures were drawn from. */
  initial: { preset: PresetId | null; a: Scenario; b: Scenario | null; views: ViewId[] };
  shapes: { a: MapShapeAtMake | null; b: MapShapeAtMake | null };
  controls: ControlsSpec;
  /** 'lab': preset picker, view toggles, compare editing, copy link/embed, URL state. 'embed': URL state. */
  mode: 'page' | 'lab' | 'embed';
  /** The URL may not change the views (one-chart embed pages). */
  lockViews?: boolean;
  simVersion: string;
  /** Source line of each build-time figure (shown until the figures go live). */
  sources?: Partial<Record<ViewId, string>>;
  caption?: string;
  heap?: ComponentChildren;
  pauses?: ComponentChildren;
  occupancy?: ComponentChildren;
  compare?: ComponentChildren;
}

interface Live {
  a: Run;
  b: Run | null;
}

let viewsPromise: Promise<ViewsModule> | null = null;
/** The chart code has been warmed on this page (LabInner `warmUp`). */
let chartCodeWarmed = false;
function loadViews(): Promise<ViewsModule> {
  viewsPromise ??= import('./views/index');
  return viewsPromise;
}

function sameJson(x: unknown, y: unknown) {
  return JSON.stringify(x) === JSON.stringify(y);
}

function LabInner(props: LabIslandProps & { t: Translate; onHardReset: () => void }) {
  const { t, idPrefix, mode, initial } = props;
  const locale = maybeLocale(props.lang);
  const [state, setState] = useState<LabState>(() => ({ ...initial }));
  const [live, setLive] = useState<Live | null>(null);
  const [views, setViews] = useState<ViewsModule | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  // Shown busy (status line, aria-busy, stale figures) only once an answer has taken BUSY_DELAY_MS: a
  // quick answer then changes the page once, not three times (busy, new figures, not busy).
  const [busy, setBusyShown] = useState(false);
  const busyTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const setBusy = (on: boolean) => {
    if (busyTimer.current !== null) clearTimeout(busyTimer.current);
    busyTimer.current = on ? setTimeout(() => setBusyShown(true), BUSY_DELAY_MS) : null;
    if (!on) setBusyShown(false);
  };
  useEffect(() => () => void (busyTimer.current !== null && clearTimeout(busyTimer.current)), []);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<'a' | 'b'>('a');
  const [copied, setCopied] = useState<string | null>(null);
  const [controls, setControls] = useState<ControlsSpec>(props.controls);
  const rootRef = useRef<HTMLDivElement>(null);
  const drawSeq = useRef(0);
  const shapes = useRef(props.shapes);
  const latest = useRef<Live | null>(null);
  const inflight = useRef(0);
  /** Reset presses so far: an answer to a request made before the last one is dropped. */
  const resets = useRef(0);
  /** The pending delayed URL write, if any. */
  const urlTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /**
   * How far a long simulation is, for the status line (LabStatus). Not LabInner state: a report every
   * 100 ms re-renders the status line only, not the widget.
   */
  const progressSink = useRef<((p: ShownProgress | null) => void) | null>(null);
  /** True while a raw scenario (from the URL or a preset) is being normalised: the controls show the last normalised one. */
  const [rawPending, setRawPending] = useState(false);

  /** Simulates the state's scenarios; resolves with the runs, or null if a newer edit superseded them. */
  async function simulate(next: LabState, extraNotes: string[] = []): Promise<Live | null> {
    inflight.current++;
    try {
      return await simulateNow(next, extraNotes);
    } finally {
      inflight.current--;
    }
  }

  async function simulateNow(next: LabState, extraNotes: string[]): Promise<Live | null> {
    const generation = resets.current;
    setBusy(true);
    setError(null);
    const viewsLoading = loadViews();
    // A change that came without the pointer or focus on the widget first (a script, an embed's attribute)
    // found the chart code cold: warm it while the worker simulates, so the answer's first drawing is not one
    // long task. Idle periods only; once per page.
    void viewsLoading.then((mod) => warmChartCode(mod, { t, locale, width: 640 }));
    if (!live && rootRef.current) dropFallbackTables(rootRef.current, t('lab.loading'));
    // Occupancy frames come separately: heap and pause charts need not wait for them.
    const occ = next.views.includes('occupancy') ? runSim(`${idPrefix}:occ`, next.a, 'occupancy', { lane: 1 }) : null;
    progressSink.current?.(null);
    const report = (run: ShownProgress['run']) => (p: RunProgress) => progressSink.current?.({ ...p, run });
    const answers = Promise.all([
      runSim(`${idPrefix}:a`, next.a, 'sim', { onProgress: report(next.b ? 'A' : null) }),
      next.b ? runSim(`${idPrefix}:b`, next.b, 'sim', { onProgress: report('B'), lane: 1 }) : Promise.resolve(null),
    ]);
    const postedAt = performance.now(); // runSim posts its request synchronously
    const [ra, rb] = await answers;
    const receivedAt = performance.now();
    taskBegan(receivedAt); // the charts drawn in this task share its budget with this render (schedule.ts)
    if (ra === null || (next.b && rb === null)) return null; // superseded: a newer request will answer
    if (generation !== resets.current) return null; // the reader pressed Reset meanwhile
    const failed = [ra, rb].find((r) => r?.type === 'error');
    if (failed && failed.type === 'error') {
      setBusy(false);
      setError(failed.message);
      return null;
    }
    if (ra.type !== 'result' || !ra.result || (rb && (rb.type !== 'result' || !rb.result))) return null;
    const mod = await viewsLoading;
    const runA: Run = { scenario: ra.scenario, result: ra.result as ResultLike };
    const runB: Run | null = rb && rb.type === 'result' && rb.result ? { scenario: rb.scenario, result: rb.result as ResultLike } : null;
    shapes.current = { a: shapeAtMake(runA.result, runA.scenario.impl), b: runB ? shapeAtMake(runB.result, runB.scenario.impl) : null };
    // For the benchmark (scripts/bench-lab.mjs): where the time of a redraw went, on this page's clock
    // (performance.now()): request posted, A's request taken and answered in the worker (its epoch-ms
    // `timing` less this page's time origin), answer(s) received here, and the views ready to render.
    if (rootRef.current) {
      const d = rootRef.current.dataset;
      d.simMs = (ra.ms + (rb?.type === 'result' ? rb.ms : 0)).toFixed(1);
      d.simResumed = String(ra.resumed);
      if (rb?.type === 'result') d.simResumedB = String(rb.resumed);
      else delete d.simResumedB;
      d.simReplayed = String(ra.replayed);
      d.postedAt = postedAt.toFixed(1);
      if (ra.timing) {
        d.workerInAt = (ra.timing.receivedAt - performance.timeOrigin).toFixed(1);
        d.workerOutAt = (ra.timing.postedAt - performance.timeOrigin).toFixed(1);
      }
      d.receivedAt = receivedAt.toFixed(1);
      d.resultAt = performance.now().toFixed(1);
    }
    const liveNext: Live = { a: runA, b: runB };
    latest.current = liveNext;
    setViews(() => mod);
    setLive(liveNext);
    if (occ) {
      void occ.then((ro) => {
        taskBegan(performance.now());
        if (ro?.type !== 'result' || !ro.occupancy || latest.current !== liveNext) return;
        const withOcc: Live = { ...liveNext, a: { ...liveNext.a, occupancy: ro.occupancy } };
        latest.current = withOcc;
        setLive(withOcc);
      });
    }
    setState((s) => ({ ...s, a: ra.scenario, b: runB ? runB.scenario : null }));
    const tag = (p: string) => (runB ? (n: string) => `${p}: ${n}` : (n: string) => n);
    setNotes([...extraNotes, ...ra.notes.map(tag('A')), ...(rb && rb.type === 'result' ? rb.notes.map(tag('B')) : [])]);
    setBusy(false);
    return liveNext;
  }

  /**
   * The reader's pointer or focus entered a widget that still shows its build-time figures: ask the worker
   * for the shown scenarios now (sim-protocol.ts `warm`), load the views, and warm the chart code in idle
   * periods (charts/warm.ts: Plot's first drawing would be a long task). The first change then
   * resumes or replays the run (tens of ms at 10^6 keys) instead of simulating it from the start and
   * starting the worker (half a second or more); a first change that cannot use the run drops it.
   */
  const warmed = useRef(false);
  function warmUp() {
    if (warmed.current || live || inflight.current > 0 || fields?.size === 0) return;
    warmed.current = true;
    void loadViews().then((mod) => warmChartCode(mod, { t, locale, width: 640 }));
    // Each on the channel and in the lane its real request will use: that request replaces it unless it can
    // start from it (sim.worker.ts), and that worker keeps what it saves (sim-client.ts).
    const ask = (name: string, s: RawScenario, kind: 'sim' | 'occupancy', lane: 0 | 1) => void runSim(`${idPrefix}:${name}`, s, kind, { warm: true, lane });
    ask('a', state.a, 'sim', 0);
    if (state.b) ask('b', state.b, 'sim', 1);
    if (state.views.includes('occupancy')) ask('occ', state.a, 'occupancy', 1);
  }

  function update(next: LabState) {
    setState(next);
    void simulate(next);
  }

  /**
   * A state whose scenarios are raw (from a link or a preset: text values, missing fields): the controls
   * keep showing the current normalised scenarios until the worker has normalised these.
   */
  function updateRaw(next: LabState, notes: string[] = []) {
    setState((s) => ({ ...s, preset: next.preset, views: next.views }));
    setRawPending(true);
    void simulate(next, notes).finally(() => setRawPending(false));
  }

  function patch(which: 'a' | 'b', p: Patch) {
    const cur = which === 'a' ? state.a : (state.b ?? state.a);
    const nextScenario = overlay(cur as RawScenario, p as RawScenario);
    // Editing A carries the same change to B when comparing, unless B differs in that field already.
    const next: LabState = { ...state, preset: null, [which]: nextScenario };
    if (which === 'a' && state.b) {
      const b = { ...(state.b as RawScenario) };
      for (const k of Object.keys(p)) if (sameJson((state.a as RawScenario)[k], b[k])) b[k] = (p as RawScenario)[k];
      next.b = b;
    }
    update(next);
  }

  // The URL (lab and embed pages): read once on mount, then keep it in step with the state.
  useEffect(() => {
    if (mode === 'page' || !location.search) return;
    const { state: decodedRaw, notes: urlNotes } = decodeState(location.search);
    const decoded = props.lockViews ? withCompareRun({ ...decodedRaw, views: initial.views }) : decodedRaw;
    if (mode === 'embed') {
      const c = new URLSearchParams(location.search).get('controls');
      if (c) setControls(c === 'all' || c === 'none' ? c : c.split(',').map((x) => x.trim()));
    }
    if (sameJson(decoded, initial) && urlNotes.length === 0) return;
    updateRaw(decoded, urlNotes);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (mode === 'page' || !live) return;
    // Each history update costs the main thread a few ms (and Chromium throttles bursts of them): during a
    // slider drag the URL is written once the drag pauses.
    const timer = (urlTimer.current = setTimeout(() => {
      // Display options of embed pages (theme, controls) are not state but must survive a reload.
      const here = new URLSearchParams(location.search);
      const q = new URLSearchParams(encodeState(state));
      for (const k of ['theme', 'controls']) if (here.has(k)) q.set(k, here.get(k)!);
      if (`?${q}` !== location.search) history.replaceState(history.state, '', `${location.pathname}?${q}${location.hash}`);
    }, URL_WRITE_DELAY_MS));
    return () => clearTimeout(timer);
  }, [state, live, mode]);

  const ctx: ViewContext = useMemo(() => ({ t, locale, simVersion: props.simVersion }), [t, locale, props.simVersion]);
  // A figure is rebuilt only when what it is drawn from changed: the occupancy frames arrive after the
  // heap and pause results, and must not redraw the heap and pause charts a second time.
  const figureCache = useRef(new Map<ViewId, { inputs: unknown[]; figure: FigureModel | null }>());
  const figures = useMemo(() => {
    if (!views || !live) return null;
    try {
      return state.views.flatMap((v) => {
        const a = live.a;
        const inputs = v === 'occupancy' ? [views, ctx, a.scenario, a.result, a.occupancy] : [views, ctx, a.scenario, a.result, live.b?.scenario, live.b?.result];
        const hit = figureCache.current.get(v);
        const figure = hit && hit.inputs.every((x, i) => x === inputs[i]) ? hit.figure : views.buildFigure(v, live, ctx);
        figureCache.current.set(v, { inputs, figure });
        return figure ? [figure] : [];
      });
    } catch (e) {
      setError(`${t('lab.error.title')}: ${(e as Error).message}`);
      return null;
    }
    // state.views only: a figure is rebuilt when its runs or the view list change, not on every edit
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [views, live, state.views.join(','), ctx]);

  // The charts of new figures were queued by their hosts' layout effects in this commit (children's run
  // first): draw them now, in this task, so they reach the DOM with the figures' text and the browser lays
  // out and paints once. Then tell tests and the benchmark when every chart in view has been drawn.
  useLayoutEffect(() => {
    if (!figures) return;
    flushRenders();
    const seq = ++drawSeq.current;
    void whenIdle().then(() => {
      if (seq === drawSeq.current && rootRef.current) rootRef.current.dataset.drawn = String(seq);
    });
  }, [figures]);

  async function exportFigure(view: ViewId, kind: ExportKind, frame: HTMLElement | null) {
    const exp = await import('../charts/export');
    const name = `map-gc-lab-${view}`;
    if (kind === 'svg' || kind === 'png') {
      // A chart is an <svg> (its legend inside, charts/common.ts addLegend) or a <canvas> (big occupancy pictures).
      const charts = Array.from(frame?.querySelectorAll<SVGSVGElement | HTMLCanvasElement>('.lab-fig__chart > svg, .lab-fig__chart > canvas') ?? []);
      if (!charts.length || !frame) return;
      const svg = exp.standaloneSvg(charts, frame, frame.querySelector('.lab-fig__source')?.textContent ?? '');
      if (kind === 'svg') exp.download(`${name}.svg`, 'image/svg+xml', svg);
      else exp.download(`${name}.png`, 'image/png', await exp.svgToPng(svg));
      return;
    }
    let fig = figures?.find((f) => f.view === view) ?? null;
    if (!fig) {
      const runs = live ?? (await simulate(state));
      const mod = await loadViews();
      fig = runs ? (mod.buildFigures([view], runs, ctx)[0] ?? null) : null;
    }
    if (!fig) return;
    if (kind === 'csv') exp.download(`${name}.csv`, 'text/csv', exp.toCsv(fig.table.rows, fig.table.columns));
    else exp.download(`${name}.json`, 'application/json', JSON.stringify({ source: fig.source, scenario: state.a, scenarioB: state.b, data: fig.json }, null, 2));
  }

  async function copy(what: 'link' | 'embed') {
    const q = encodeState(state);
    const origin = location.origin;
    const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const attrs = [...new URLSearchParams(q)].map(([k, v]) => `${k}="${esc(v)}"`).join(' ');
    const lang = locale === 'en' ? ' lang="en"' : '';
    const text =
      what === 'link'
        ? `${origin}${location.pathname}?${q}`
        : `<script src="${origin}/embed/map-gc-lab.js" async></script>\n<map-gc-lab${lang} ${attrs}></map-gc-lab>`;
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied(`failed:${text}`);
    }
  }

  const fields = useMemo(() => (controls === 'all' ? null : controls === 'none' ? new Set<string>() : new Set(controls)), [controls]);
  const editingB = editing === 'b' && state.b !== null;
  // A stable callback that always patches with this render's state, so the memoised form can skip renders.
  const patchNow = useRef((p: Patch) => patch(editingB ? 'b' : 'a', p));
  patchNow.current = (p: Patch) => patch(editingB ? 'b' : 'a', p);
  const onPatch = useMemo(() => (p: Patch) => patchNow.current(p), []);
  const shown = (editingB ? state.b : state.a) as Scenario;
  const source = (impl: 'classic' | 'swiss') => sourceLine(t, props.simVersion, impl);
  const impls = [...new Set([state.a, state.b].filter(Boolean).map((s) => (s as Scenario).impl))];

  return (
    <div
      class={`lab lab--${mode}`}
      ref={rootRef}
      data-state={error ? 'error' : busy ? 'busy' : live ? 'live' : 'static'}
      aria-busy={busy}
      onPointerEnter={warmUp}
      onFocusIn={warmUp}
    >
      {props.caption ? <p class="lab__caption">{props.caption}</p> : null}
      {fields?.size === 0 && mode !== 'lab' ? null : (
        <div class="lab__panel">
          {mode === 'lab' ? (
            <div class="lab__bar">
              <label class="lab-ctl__label" for={`${idPrefix}-preset`}>
                {t('lab.preset')}
              </label>
              <select
                id={`${idPrefix}-preset`}
                name="preset"
                value={state.preset ?? ''}
                onInput={(e) => {
                  const id = (e.currentTarget as HTMLSelectElement).value;
                  if (!isPresetId(id)) return;
                  updateRaw(decodeState(`preset=${id}`).state);
                }}
              >
                <option value="" disabled>
                  {t('lab.preset.custom')}
                </option>
                {PRESET_IDS.map((id) => (
                  <option value={id} key={id}>
                    {getPreset(id).label[locale]}
                  </option>
                ))}
              </select>
              <fieldset class="lab__views">
                <legend>{t('lab.views')}</legend>
                {VIEW_IDS.map((v) => (
                  <label key={v}>
                    <input
                      type="checkbox"
                      name={`view-${v}`}
                      checked={state.views.includes(v)}
                      onInput={(e) => {
                        const on = (e.currentTarget as HTMLInputElement).checked;
                        const vs = on ? VIEW_IDS.filter((x) => x === v || state.views.includes(x)) : state.views.filter((x) => x !== v);
                        const next = withCompareRun({ ...state, views: vs }); // ticking compare brings B (URL rule 7)
                        const needsOcc = v === 'occupancy' && on && !live?.a.occupancy;
                        if (!live || next.b !== state.b || needsOcc) update(next);
                        else setState(next);
                      }}
                    />{' '}
                    {t(`view.${v}`)}
                  </label>
                ))}
              </fieldset>
            </div>
          ) : null}
          {state.b && mode === 'lab' ? (
            <div class="lab__tabs" role="radiogroup" aria-label={t('lab.compare.edit')}>
              {(['a', 'b'] as const).map((w) => (
                <label key={w} class={editing === w ? 'is-on' : ''}>
                  <input type="radio" name={`${idPrefix}-editing`} value={w} checked={editing === w} onInput={() => setEditing(w)} />
                  {t('lab.controls')} {t(w === 'a' ? 'lab.compare.a' : 'lab.compare.b')}
                </label>
              ))}
            </div>
          ) : null}
          <ScenarioFormMemo
            idPrefix={idPrefix}
            scenario={shown}
            shape={editingB ? shapes.current.b : shapes.current.a}
            locale={locale}
            t={t}
            fields={fields}
            disabled={rawPending}
            onPatch={onPatch}
          />
          <div class="lab__actions">
            <button
              type="button"
              class="lab-btn"
              title={t('lab.resetHint')}
              onClick={() => {
                // Effects run after the next paint: a URL write still pending, or an answer still on its
                // way, would otherwise put back the state this click leaves.
                if (urlTimer.current !== null) clearTimeout(urlTimer.current);
                resets.current++;
                latest.current = null; // a late occupancy answer belongs to the runs just dropped
                setBusy(false);
                setLive(null);
                setNotes([]);
                setError(null);
                setState({ ...initial });
                if (mode !== 'page') history.replaceState(history.state, '', location.pathname + location.hash);
              }}
            >
              {t('lab.reset')}
            </button>
            {mode === 'lab' ? (
              <>
                <button type="button" class="lab-btn" onClick={() => void copy('link')}>
                  {t('lab.copyLink')}
                </button>
                <button type="button" class="lab-btn" onClick={() => void copy('embed')}>
                  {t('lab.copyEmbed')}
                </button>
              </>
            ) : null}
            <LabStatus t={t} busy={busy} sink={progressSink}>
              {copied ? (copied.startsWith('failed:') ? t('lab.copyFailed') : t('lab.copied')) : ''}
            </LabStatus>
          </div>
          {copied?.startsWith('failed:') ? <textarea class="lab__copytext" readOnly aria-label={t('lab.copyEmbed')} value={copied.slice(7)} /> : null}
        </div>
      )}
      <noscript>
        <p class="lab__noscript">{t('lab.noscript')}</p>
      </noscript>
      {notes.length ? (
        <div class="lab__notes" role="note">
          <p>{t('lab.notes')}</p>
          <ul>
            {notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <div class="lab-error" role="alert">
          <p class="lab-error__title">{t('lab.error.sim')}</p>
          <pre class="lab-error__message">{error}</pre>
          <button type="button" class="lab-btn" onClick={props.onHardReset}>
            {t('lab.error.reset')}
          </button>
        </div>
      ) : null}
      <div class="lab__figures">
        {state.views.map((view) => (
          <FigureFrame
            key={view}
            view={view}
            t={t}
            title={t(`view.${view}`)}
            source={props.sources?.[view] ?? impls.map(source).join(' ')}
            figure={figures?.find((f) => f.view === view) ?? null}
            fallback={live ? null : props[view]}
            stale={busy}
            onExport={(kind, frame) => void exportFigure(view, kind, frame)}
            onMissing={() => void (inflight.current === 0 && !live ? simulate(state) : undefined)}
          />
        ))}
      </div>
    </div>
  );
}

/**
 * The controls re-render only when what they show changed: an answer brings the normalised scenario as a
 * new object, usually equal to the one the reader's edit produced, and the shape line's numbers.
 */
class ScenarioFormMemo extends Component<ScenarioFormProps> {
  override shouldComponentUpdate(b: ScenarioFormProps) {
    const a = this.props;
    return !(
      a.idPrefix === b.idPrefix &&
      a.locale === b.locale &&
      a.t === b.t &&
      a.fields === b.fields &&
      a.disabled === b.disabled &&
      a.onPatch === b.onPatch &&
      sameJson(a.shape, b.shape) &&
      sameJson(a.scenario, b.scenario)
    );
  }
  override render(props: ScenarioFormProps) {
    return <ScenarioForm {...props} />;
  }
}

function FigureFrame(props: {
  view: ViewId;
  t: Translate;
  title: string;
  source: string;
  figure: FigureModel | null;
  fallback: ComponentChildren | undefined | null;
  stale: boolean;
  onExport: (kind: ExportKind, frame: HTMLElement | null) => void;
  onMissing: () => void;
}) {
  const { t, figure } = props;
  const ref = useRef<HTMLElement>(null);
  const near = useNearViewport(ref);
  const missing = !figure && !props.fallback;
  const stepper = figure?.stepper;
  // The step shown belongs to the figure it was chosen in: a new figure starts at its own initial step in
  // the same render (not one render later, which would draw the old step's index of the new figure first).
  const [chosen, setChosen] = useState<{ figure: FigureModel | null; index: number }>({ figure: null, index: 0 });
  const stepIndex = chosen.figure === figure ? chosen.index : stepper ? stepper.initial : 0;
  const setStepIndex = (next: number | ((i: number) => number)) =>
    setChosen((c) => {
      const cur = c.figure === figure ? c.index : stepper ? stepper.initial : 0;
      return { figure, index: typeof next === 'function' ? next(cur) : next };
    });
  const [playing, setPlaying] = useState(false);
  useEffect(() => setPlaying(false), [figure]);
  const step = useMemo(() => (stepper ? stepper.at(Math.min(stepIndex, stepper.steps - 1)) : undefined), [figure, stepIndex]);
  useEffect(() => {
    if (!playing || !stepper) return;
    const timer = setInterval(() => setStepIndex((i) => (i + 1 < stepper.steps ? i + 1 : (setPlaying(false), i))), 900);
    return () => clearInterval(timer);
  }, [playing, stepper]);
  // The figure's width, kept by a ResizeObserver: reading clientWidth while charts are being inserted
  // would force a layout per chart.
  const width = useRef(640);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    width.current = chartWidth(el.clientWidth);
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) width.current = chartWidth(e.contentRect.width);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // One renderer per chart per figure (and step): ChartHost redraws only when they change.
  const renders = useMemo(
    () =>
      (step?.charts ?? figure?.charts)?.map(
        (c) => () =>
          c({ t, locale: maybeLocale(document.documentElement.lang), width: width.current, resolve: (v) => resolveColor(v, ref.current) }),
      ),
    [figure, step],
  );
  useEffect(() => {
    if (missing) props.onMissing();
  }, [missing]);
  // The heights of the static charts shown now: the live charts that replace them keep that room until
  // they are drawn (ChartHost `reserve`), so the page does not jump while the first live drawing waits for
  // its task. Read while the fallback is up, once per render of it (at hydration).
  const reserve = useRef<number[]>([]);
  useLayoutEffect(() => {
    if (figure || !ref.current) return;
    reserve.current = Array.from(ref.current.querySelectorAll('.lab-fig__chart'), (c) => c.getBoundingClientRect().height);
  }, [figure, props.fallback]);
  return (
    <figure class={`lab-fig${props.stale ? ' is-stale' : ''}`} data-view={props.view} ref={ref}>
      <figcaption class="lab-fig__head">
        <span class="lab-fig__title">{props.title}</span>
        <span class="lab-fig__source">{figure?.source ?? props.source}</span>
      </figcaption>
      {figure && stepper && step ? (
        <div class="lab-step" role="group" aria-label={t('occupancy.step')}>
          <button type="button" class="lab-btn lab-btn--small" disabled={stepIndex <= 0} onClick={() => setStepIndex((i) => Math.max(0, i - 1))}>
            {t('occupancy.prev')}
          </button>
          <input
            type="range"
            class="lab-step__range"
            name="occupancy-step"
            min={0}
            max={stepper.steps - 1}
            value={stepIndex}
            aria-label={t('occupancy.slider')}
            aria-valuetext={`${stepIndex + 1} / ${stepper.steps}: ${step.caption}`}
            onInput={(e) => setStepIndex(Number((e.currentTarget as HTMLInputElement).value))}
          />
          <button
            type="button"
            class="lab-btn lab-btn--small"
            disabled={stepIndex >= stepper.steps - 1}
            onClick={() => setStepIndex((i) => Math.min(stepper.steps - 1, i + 1))}
          >
            {t('occupancy.next')}
          </button>
          <button
            type="button"
            class="lab-btn lab-btn--small"
            aria-pressed={playing}
            onClick={() => {
              if (!playing && stepIndex >= stepper.steps - 1) setStepIndex(0);
              setPlaying(!playing);
            }}
          >
            {playing ? t('occupancy.pause') : t('occupancy.play')}
          </button>
          <p class="lab-step__caption" aria-live="polite">
            {stepIndex + 1} / {stepper.steps} · {step.caption}
          </p>
        </div>
      ) : null}
      {figure ? (
        <FigureBody t={t} figure={figure} renders={renders} step={step} reserve={reserve.current} near={near} />
      ) : (
        (props.fallback ?? <p class="lab-fig__loading">{t('lab.loading')}</p>)
      )}
      <div class="lab-fig__export" role="group" aria-label={`${t('chart.export')}: ${props.title}`}>
        <span>{t('chart.export')}</span>
        {(['csv', 'json', 'svg', 'png'] as const).map((k) => (
          <button type="button" class="lab-btn lab-btn--small" key={k} onClick={() => props.onExport(k, ref.current)}>
            {t(`chart.export.${k}`)}
          </button>
        ))}
      </div>
    </figure>
  );
}

/** `var(--lab-c-full, #2563eb)` → the colour the page's theme gives it now (for canvas drawing). */
function resolveColor(v: string, scope: Element | null): string {
  const m = /^var\((--[\w-]+)(?:,\s*([^)]+))?\)$/.exec(v);
  if (!m) return v;
  return (scope && getComputedStyle(scope).getPropertyValue(m[1]).trim()) || m[2]?.trim() || v;
}

/** A long simulation's progress as the status line shows it: which run (compare mode), how far, which phase. */
interface ShownProgress extends RunProgress {
  run: 'A' | 'B' | null;
}

/** Phases the status line names (the rest, e.g. 'init', show the percentage alone). */
const NAMED_PHASES = new Set(['insert', 'delete', 'gc', 'rebuild_gc', 'churn_end', 'ops']);

/**
 * The widget's status line: "Simulating…" while busy (announced once: it is the live region), and, for a
 * long simulation, how far it is beside it (not announced: it changes ten times a second). Otherwise its
 * children (e.g. "Link copied").
 */
function LabStatus(props: { t: Translate; busy: boolean; sink: { current: ((p: ShownProgress | null) => void) | null }; children: ComponentChildren }) {
  const { t, busy } = props;
  const [p, setP] = useState<ShownProgress | null>(null);
  props.sink.current = setP;
  useEffect(() => () => void (props.sink.current = null), [props.sink]);
  let detail = '';
  if (busy && p) {
    const percent = Math.floor(p.fraction * 100);
    const phase = NAMED_PHASES.has(p.phase) ? t(`phase.${p.phase}` as Parameters<Translate>[0]) : null;
    detail = t(phase ? 'lab.progressPhase' : 'lab.progress', { percent, phase: phase ?? '' });
    if (p.run) detail = `${p.run}: ${detail}`;
  }
  return (
    <>
      <span class="lab__status" role="status" aria-live="polite">
        {busy ? t('lab.loading') : props.children}
      </span>
      {detail ? (
        <span class="lab__progress" aria-hidden="true">
          {detail}
        </span>
      ) : null}
    </>
  );
}

/**
 * The build-time figures' data tables (up to 400 rows each, for readers without JavaScript) go when the first
 * answer replaces those figures, and removing thousands of nodes then made that answer's task a long one
 * (~15 ms of ~55 on the project's VM). A closed table is not seen, so it goes now, in an idle period while
 * the worker simulates; an open one stays. What is left says the figure is being simulated.
 */
function dropFallbackTables(root: Element, loading: string) {
  const drop = () => {
    for (const details of root.querySelectorAll<HTMLDetailsElement>('.lab-fig__data:not([open])')) {
      const table = details.querySelector('.lab-table-wrap');
      if (!table) continue;
      const note = document.createElement('p');
      note.className = 'lab-fig__loading';
      note.textContent = loading;
      table.replaceWith(note);
    }
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(drop, { timeout: 1000 });
  else setTimeout(drop, 0);
}

/** Warms the chart code in idle periods (charts/warm.ts), once per page: the compiled code serves every widget. */
function warmChartCode(mod: ViewsModule, o: Parameters<ViewsModule['warmSteps']>[0]) {
  if (chartCodeWarmed) return;
  chartCodeWarmed = true;
  whenIdleEach(mod.warmSteps(o));
}

/** Runs the steps one per idle period (charts/warm.ts), or one per task where there is no requestIdleCallback. */
function whenIdleEach(steps: Array<() => void>) {
  const next = () => {
    const step = steps.shift();
    if (!step) return;
    step();
    later();
  };
  const later = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(next, { timeout: 1000 }) : setTimeout(next, 0));
  later();
}

/** How long an answer may take before the widget shows that it is working (ms). */
const BUSY_DELAY_MS = 150;

/** Quiet time after the last state change before the URL is rewritten. */
const URL_WRITE_DELAY_MS = 250;

/** Charts are drawn 320–960 px wide and scale down with their container. */
function chartWidth(w: number): number {
  return Math.max(320, Math.min(960, Math.round(w || 640)));
}

/** The island entry: locale from the page, an error boundary around everything, reset by remounting. */
export default function LabIsland(props: LabIslandProps) {
  const t = useMemo(() => makeT(maybeLocale(props.lang)), [props.lang]);
  const [key, setKey] = useState(0);
  const hardReset = () => {
    if (props.mode !== 'page' && typeof location !== 'undefined') history.replaceState(history.state, '', location.pathname + location.hash);
    setKey((k) => k + 1);
  };
  return (
    <ErrorBoundary t={t} onReset={hardReset}>
      <LabInner key={key} {...props} t={t} onHardReset={hardReset} />
    </ErrorBoundary>
  );
}
