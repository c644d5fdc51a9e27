/**
 * The playground (/playground/): edit Go, run it in the browser, stop it, read its output and its GC
 * cycles; or run one of the book's compiled experiments with parameters.
 *
 * What loads when (DESIGN.md §5): this island and the text box come with the page; Monaco when the reader
 * opens the editor (CodeEditor); the runner module, its worker and the wasm when Run (or Format) is
 * pressed (run-control → session); Observable Plot when the page is idle or the first GC cycle arrives.
 *
 * The reader's code is never lost:
 * 1. every edit is autosaved for this page (storage.ts), and another tab's save is announced, not applied;
 * 2. anything that replaces the code (an example, a shared link, Reset) first keeps the edited code as
 *    "previous code", one click away; Reset and examples ask first;
 * 3. a runner that fails to load ends the run with a message; the code stays in the editor.
 * A shared link (`#code=`, share.ts) only fills the editor; it never runs without a click.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { makeT as makeLabT } from '../lab/i18n';
import { sourceHash, timeoutFor, verdictFor, type KnownDifferences, type Verdict as KnownVerdict } from '../../lib/go-runner/known';
import { CodeEditor } from './CodeEditor';
import { compileErrorPos, leakedLine, verdict as endVerdict, type SourcePos, type Verdict } from './diagnostics';
import { argsFor, defaults, DEFAULT_EXAMPLE, EXACT_EXAMPLES, pick, type ParamValues } from './examples';
import { GcPanel, preloadGcFigures } from './GcPanel';
import type { GcEvent } from './gc-data';
import { makePgT, maybeLocale } from './i18n';
import { OutputSink } from './output';
import { ParamsForm } from './ParamsForm';
import { PhaseTable, type PhaseRecord } from './PhaseTable';
import { runProgram, stopProgram, type RunEnd } from './run-control';
import { readFragment, shareFragment, LONG_LINK } from './share';
import { draftKey, keepPrevious, loadDraft, loadPrevious, saveDraft, storageWorks, watchOtherTabs } from './storage';

export interface PlaygroundProps {
  lang: string;
  /** From public/go/manifest.json at build time: "1.26.8", "v0.16.1". */
  go: string;
  yaegi: string;
  examples: { id: string; title: string; code: string }[];
  known: Pick<KnownDifferences, 'book' | 'slow'>;
  /** The page's path: one draft per page. */
  page: string;
}

const LIMITS = { timeoutMs: 20_000, outputBytes: 1 << 20, memoryBytes: 1 << 30 };
const EXACT_TIMEOUT_MS = 60_000;
const GC_REDRAW_MS = 300;

type Notice =
  | { kind: 'shared' }
  | { kind: 'sharedBad'; message: string }
  | { kind: 'otherTab'; code: string }
  | { kind: 'restored' }
  | { kind: 'link'; url: string; copied: boolean };

type Confirm = { kind: 'reset' } | { kind: 'replace'; id: string };

export default function PlaygroundIsland(p: PlaygroundProps) {
  const locale = maybeLocale(p.lang);
  const t = useMemo(() => makePgT(locale), [locale]);
  const labT = useMemo(() => makeLabT(locale), [locale]);
  const key = draftKey(p.page);
  const byId = (id: string) => p.examples.find((e) => e.id === id);
  const start = byId(DEFAULT_EXAMPLE) ?? p.examples[0];

  const [code, setCode] = useState(start.code);
  const [selected, setSelected] = useState<string>('code');
  const [params, setParams] = useState<Record<string, ParamValues>>(() => Object.fromEntries(EXACT_EXAMPLES.map((e) => [e.id, defaults(e)])));
  // Run reads the parameters from this ref: a number field commits on blur, and clicking Run straight
  // out of it fires `change` and `click` in one turn, before the re-render that would refresh a closure.
  const paramsRef = useRef(params);
  const updateParams = (id: string, v: ParamValues) => {
    paramsRef.current = { ...paramsRef.current, [id]: v };
    setParams(paramsRef.current);
  };
  const [phase, setPhase] = useState<'idle' | 'loading' | 'running' | 'formatting'>('idle');
  /** Finished runs, exposed as data-runs: a run that ends within a frame is still visible to tests. */
  const [runsDone, setRunsDone] = useState(0);
  const [status, setStatus] = useState('');
  const [end, setEnd] = useState<(Verdict & { pos: SourcePos | null }) | null>(null);
  /** Goroutines left running when main returned, said in the page's language (null: none). */
  const [leaked, setLeaked] = useState<string | null>(null);
  const [errorPos, setErrorPos] = useState<SourcePos | null>(null);
  const [revealSeq, setRevealSeq] = useState(0);
  const [gc, setGc] = useState<GcEvent[]>([]);
  const [startHeap, setStartHeap] = useState<number | null>(null);
  const [phases, setPhases] = useState<PhaseRecord[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [hasPrevious, setHasPrevious] = useState(false);
  const [storageOk, setStorageOk] = useState(true);
  const [runtime, setRuntime] = useState<string | null>(null);
  const [known, setKnown] = useState<KnownVerdict>({ toolchainOnly: false });
  const [hydrated, setHydrated] = useState(false);
  /** The reader's own time limit in seconds; null: the default for this program. */
  const [limitS, setLimitS] = useState<number | null>(null);

  const outRef = useRef<HTMLPreElement>(null);
  const sink = useRef<OutputSink | null>(null);
  /** The code in the editor is the reader's own (edited, or their saved draft), not an untouched example. */
  const dirty = useRef(false);
  /** An edit the autosave timer has not written yet; written at once when the page is hidden or left. */
  const unsaved = useRef<string | null>(null);
  const codeRef = useRef(code);
  codeRef.current = code;

  // Start-up: draft, then a shared link (which wins, keeping the draft as previous code), other tabs.
  useEffect(() => {
    setHydrated(true);
    sink.current = new OutputSink(outRef.current!, (n) => t('pg.output.truncated', { n }));
    setStorageOk(storageWorks());
    const draft = loadDraft(key);
    if (draft) {
      setCode(draft.code);
      dirty.current = true;
    }
    setHasPrevious(loadPrevious(key) !== null);
    void readFragment(location.hash).then((r) => {
      if (!r) return;
      if ('error' in r) {
        setNotice({ kind: 'sharedBad', message: r.error });
        return;
      }
      replaceCode(r.code, draft?.code);
      setSelected('code');
      setNotice({ kind: 'shared' });
      // The link has done its job; a reload now shows the draft (the shared code plus any edits).
      history.replaceState(history.state, '', location.pathname + location.search);
    });
    const unwatch = watchOtherTabs(key, (d) => {
      if (d.code !== codeRef.current) setNotice({ kind: 'otherTab', code: d.code });
    });
    const idle = (globalThis as { requestIdleCallback?: (f: () => void) => number }).requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1500));
    idle(() => void preloadGcFigures().catch(() => {}));
    // A reload, a closed tab or a switch to another app within the autosave delay keeps the last keystrokes.
    const flush = () => {
      if (unsaved.current === null) return;
      saveDraft(key, unsaved.current);
      unsaved.current = null;
    };
    const onHidden = () => document.visibilityState === 'hidden' && flush();
    addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      unwatch();
      removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Autosave (rule 1) and the known-differences check, a moment after the last keystroke.
  useEffect(() => {
    if (!hydrated) return;
    const timer = setTimeout(() => {
      if (dirty.current) saveDraft(key, code);
      unsaved.current = null;
      void sourceHash(code)
        .then((h) => setKnown(verdictFor(h, p.known, locale)))
        .catch(() => setKnown({ toolchainOnly: false }));
    }, 400);
    return () => clearTimeout(timer);
  }, [code, hydrated]);

  function edit(next: string) {
    dirty.current = true;
    unsaved.current = next;
    setCode(next);
    if (errorPos) setErrorPos(null);
  }

  /** Rule 2: keeps the reader's code, then replaces it. */
  function replaceCode(next: string, current = codeRef.current) {
    if (dirty.current && current !== next && keepPrevious(key, current)) setHasPrevious(true);
    dirty.current = false;
    unsaved.current = null;
    setCode(next);
    saveDraft(key, next);
    setErrorPos(null);
  }

  function restorePrevious() {
    const prev = loadPrevious(key);
    if (prev === null) return;
    const now = codeRef.current;
    setCode(prev);
    dirty.current = true;
    unsaved.current = null;
    saveDraft(key, prev);
    keepPrevious(key, now);
    setSelected('code');
    setNotice({ kind: 'restored' });
  }

  function choose(id: string) {
    setConfirm(null);
    if (id === 'code' || id.startsWith('exp-')) {
      setSelected(id);
      return;
    }
    const ex = byId(id);
    if (!ex) return;
    if (dirty.current && codeRef.current !== ex.code) setConfirm({ kind: 'replace', id });
    else {
      replaceCode(ex.code);
      setSelected('code');
    }
  }

  function confirmed() {
    const c = confirm;
    setConfirm(null);
    if (!c) return;
    const ex = c.kind === 'reset' ? start : byId(c.id);
    if (!ex) return;
    replaceCode(ex.code);
    setSelected('code');
  }

  const exact = EXACT_EXAMPLES.find((e) => e.id === selected) ?? null;
  const busy = phase !== 'idle';
  const defaultTimeoutMs = exact ? EXACT_TIMEOUT_MS : timeoutFor(known, LIMITS.timeoutMs);
  const timeoutMs = limitS ? limitS * 1000 : defaultTimeoutMs;

  async function run() {
    if (busy) return;
    const s = sink.current!;
    s.clear();
    setEnd(null);
    setLeaked(null);
    setErrorPos(null);
    setGc([]);
    setPhases([]);
    setStartHeap(null);
    setNotice((n) => (n?.kind === 'shared' ? null : n));
    setPhase('loading');
    setStatus(t('pg.status.loading'));
    const gcBuf: GcEvent[] = [];
    let gcTimer: ReturnType<typeof setTimeout> | null = null;
    const pushGc = () => {
      gcTimer = null;
      setGc(gcBuf.slice());
    };
    const source = codeRef.current;
    const r: RunEnd = await runProgram(
      exact ? { experiment: exact.experiment, args: argsFor(exact, paramsRef.current[exact.id]), timeoutMs } : { code: source, timeoutMs },
      {
        ready: (v) => {
          setRuntime(`${v.go.replace(/^go/, '')}`);
          setPhase('running');
          setStatus(t('pg.status.running'));
        },
        out: (fd, text) => s.write(fd, text),
        gc: (e) => {
          gcBuf.push(e);
          gcTimer ??= setTimeout(pushGc, GC_REDRAW_MS);
        },
        memstats: (label, stats) => {
          if (label === 'start' && typeof stats.heapAlloc === 'number') setStartHeap(stats.heapAlloc);
          else if (label !== 'end') setPhases((ps) => [...ps, stats as unknown as PhaseRecord]);
        },
      },
    );
    if (gcTimer) clearTimeout(gcTimer);
    setGc(gcBuf.slice());
    s.flush();
    setPhase('idle');
    setRunsDone((n) => n + 1);
    setLeaked(leakedLine(t, r.leakedGoroutines));
    if (r.reason) {
      const v = endVerdict(t, r.reason, r.message ?? '', { ...LIMITS, timeoutMs });
      const pos = r.reason === 'compile' && !exact ? compileErrorPos(r.message ?? '', source) : null;
      setEnd({ ...v, pos });
      setErrorPos(pos);
      setStatus(v.title);
    } else setStatus(t('pg.status.exited', { code: r.exitCode, seconds: (r.wallMs / 1000).toFixed(2) }));
  }

  async function format() {
    if (busy) return;
    setPhase('formatting');
    setStatus(t('pg.status.formatting'));
    try {
      const { format: gofmt } = await import('./session');
      const out = await gofmt(codeRef.current);
      if (out !== codeRef.current) edit(out);
      setStatus(t('pg.status.formatted'));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setStatus(t('pg.status.formatFailed', { message }));
      const pos = compileErrorPos(message, codeRef.current);
      if (pos) setErrorPos(pos);
    } finally {
      setPhase('idle');
    }
  }

  async function share() {
    const url = location.origin + location.pathname + (await shareFragment(codeRef.current));
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      history.replaceState(history.state, '', url);
    }
    setNotice({ kind: 'link', url, copied });
  }

  const version = exact ? t('pg.version.exact', { go: runtime ?? p.go }) : t('pg.version', { go: runtime ?? p.go, yaegi: p.yaegi });

  return (
    <div class="gp" data-phase={phase} data-runs={runsDone} data-hydrated={hydrated ? '' : undefined}>
      <p class="gp__version">{version}</p>
      <div class="gp__toolbar" role="toolbar" aria-label={t('pg.toolbar')}>
        <label class="gp__select">
          <span>{t('pg.example')}</span>
          <select value={selected} onChange={(e) => choose((e.currentTarget as HTMLSelectElement).value)} disabled={busy}>
            <option value="code">{t('pg.example.yours')}</option>
            <optgroup label={t('pg.examples.interp')}>
              {p.examples.map((e) => (
                <option value={e.id} key={e.id}>
                  {e.title}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('pg.examples.exact')}>
              {EXACT_EXAMPLES.map((e) => (
                <option value={e.id} key={e.id}>
                  {pick(e.title, locale)}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <button type="button" class="gp-btn gp-btn--run" onClick={() => void run()} disabled={busy || !hydrated}>
          {exact ? t('pg.exact.run') : t('pg.run')}
        </button>
        <button type="button" class="gp-btn" onClick={stopProgram} disabled={phase !== 'running' && phase !== 'loading'}>
          {t('pg.stop')}
        </button>
        {exact ? null : (
          <>
            <button type="button" class="gp-btn" onClick={() => void format()} disabled={busy || !hydrated}>
              {t('pg.format')}
            </button>
            <button type="button" class="gp-btn" onClick={() => void share()} disabled={!hydrated}>
              {t('pg.share')}
            </button>
            <button type="button" class="gp-btn" onClick={() => setConfirm({ kind: 'reset' })} disabled={busy || !hydrated}>
              {t('pg.reset')}
            </button>
          </>
        )}
        <label class="gp__limit">
          <span>{t('pg.limit')}</span>
          <input
            type="number"
            min={1}
            max={600}
            step={1}
            value={String(Math.round(timeoutMs / 1000))}
            disabled={busy}
            onChange={(e) => {
              const v = Math.round(Number((e.currentTarget as HTMLInputElement).value));
              setLimitS(Number.isFinite(v) && v >= 1 ? Math.min(600, v) : null);
            }}
          />
        </label>
        <span class="gp__status" role="status">
          {status}
        </span>
      </div>

      {confirm ? (
        <div class="gp-notice gp-notice--confirm" role="alertdialog" aria-label={t('pg.confirm.yes')}>
          <p>{confirm.kind === 'reset' ? t('pg.confirm.reset') : t('pg.confirm.replace', { name: byId(confirm.id)?.title ?? '' })}</p>
          <button type="button" class="gp-btn" onClick={confirmed}>
            {t('pg.confirm.yes')}
          </button>
          <button type="button" class="gp-btn" onClick={() => setConfirm(null)}>
            {t('pg.confirm.no')}
          </button>
        </div>
      ) : null}
      <Notices t={t} notice={notice} hasPrevious={hasPrevious} storageOk={storageOk} onRestore={restorePrevious} onDismiss={() => setNotice(null)} onLoadOther={(c) => {
        replaceCode(c);
        dirty.current = true;
        setNotice(null);
      }} />
      {!exact && known.toolchainOnly ? <p class="gp-notice gp-notice--warn">{t('pg.known', { what: known.what ?? '' })}</p> : null}
      {!exact && known.interpreterMs ? (
        <p class="gp-notice">{t('pg.slow', { seconds: Math.round(known.interpreterMs / 1000), limit: Math.round(timeoutMs / 1000) })}</p>
      ) : null}

      <div hidden={!!exact}>
        <CodeEditor t={t} code={code} onChange={edit} error={errorPos} onRun={() => void run()} revealSeq={revealSeq} />
      </div>
      {exact ? (
        <ParamsForm
          t={t}
          locale={locale}
          example={exact}
          go={runtime ?? p.go}
          values={params[exact.id]}
          disabled={busy}
          onChange={(v) => updateParams(exact.id, v)}
        />
      ) : null}

      <section class="gp-out" aria-labelledby="gp-out-title">
        <h3 id="gp-out-title" class="gp-out__title">
          {t('pg.output')}
        </h3>
        {end ? (
          <div class="gp-end" role="alert" data-reason={end.title}>
            <p class="gp-end__title">{end.title}</p>
            {end.detail ? <pre class="gp-end__detail">{end.detail}</pre> : null}
            {end.pos ? (
              <button type="button" class="gp-btn gp-btn--link" onClick={() => setRevealSeq((n) => n + 1)}>
                {t('pg.compile.goto', { line: end.pos.line })} ({t('pg.compile.at', { line: end.pos.line, col: end.pos.col })})
              </button>
            ) : null}
            {end.advice ? <p class="gp-end__advice">{end.advice}</p> : null}
            {end.toolchain ? (
              <a class="gp-btn gp-btn--link" href="https://go.dev/play/" target="_blank" rel="noopener">
                go.dev/play
              </a>
            ) : null}
          </div>
        ) : null}
        {leaked ? (
          <p class="gp-notice gp-notice--info gp-leaked" role="status">
            {leaked}
          </p>
        ) : null}
        <pre ref={outRef} class="gp-out__text" tabIndex={0} aria-label={t('pg.output')} data-empty={t('pg.output.empty')} />
      </section>

      {exact && phases.length ? <PhaseTable t={t} locale={locale} rows={phases} /> : null}
      <GcPanel t={t} labT={labT} locale={locale} go={runtime ?? p.go} events={gc} running={phase === 'running'} startHeap={exact ? null : startHeap} />
    </div>
  );
}

function Notices(props: {
  t: ReturnType<typeof makePgT>;
  notice: Notice | null;
  hasPrevious: boolean;
  storageOk: boolean;
  onRestore: () => void;
  onDismiss: () => void;
  onLoadOther: (code: string) => void;
}) {
  const { t, notice: n } = props;
  return (
    <div class="gp-notices">
      {!props.storageOk ? <p class="gp-notice">{t('pg.storage.off')}</p> : null}
      {n?.kind === 'shared' ? <p class="gp-notice gp-notice--info" data-notice="shared">{t('pg.shared.loaded')}</p> : null}
      {n?.kind === 'sharedBad' ? <p class="gp-notice gp-notice--warn">{t('pg.shared.bad', { message: n.message })}</p> : null}
      {n?.kind === 'restored' ? <p class="gp-notice">{t('pg.draft.restored')}</p> : null}
      {n?.kind === 'otherTab' ? (
        <div class="gp-notice gp-notice--warn" data-notice="other-tab">
          <p>{t('pg.tabs.changed')}</p>
          <button type="button" class="gp-btn" onClick={() => props.onLoadOther(n.code)}>
            {t('pg.tabs.load')}
          </button>
          <button type="button" class="gp-btn" onClick={props.onDismiss}>
            {t('pg.tabs.dismiss')}
          </button>
        </div>
      ) : null}
      {n?.kind === 'link' ? (
        <div class="gp-notice gp-notice--info" data-notice="link">
          <p>{n.copied ? t('pg.share.copied') : t('pg.share.inBar')}</p>
          {n.url.length > LONG_LINK ? <p>{t('pg.share.long', { n: n.url.length })}</p> : null}
          <input class="gp-link" readOnly value={n.url} aria-label={t('pg.share')} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        </div>
      ) : null}
      {props.hasPrevious ? (
        <button type="button" class="gp-btn gp-btn--link" onClick={props.onRestore}>
          {t('pg.draft.previous')}
        </button>
      ) : null}
    </div>
  );
}
