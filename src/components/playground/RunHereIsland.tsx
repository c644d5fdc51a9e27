/**
 * The bar under a chapter's Go program (RunHere.astro): "Run here", "Open in the playground",
 * "go.dev/play". Small on purpose: the runner (run-control → session → worker → wasm) loads only when
 * "Run here" is pressed, and all RunHere of a page share one runner.
 *
 * What each link does, honestly: the playground link carries the code in its fragment (share.ts) and
 * opens our /playground/ with it, not running; go.dev/play cannot receive code from a link (sharing
 * there goes through its own server), so it opens empty and the click copies the code to paste.
 * Programs the conformance suite found the interpreter gets wrong show "runs only with the full
 * toolchain" and no Run button.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fmtBytes, fmtDurationUs } from '../lab/data/format';
import { leakedLine, verdict as endVerdict, type Verdict } from './diagnostics';
import { gcSummary, type GcEvent } from './gc-data';
import { makePgT, maybeLocale } from './i18n';
import { OutputSink } from './output';
import { runProgram, stopProgram } from './run-control';

export interface RunHereProps {
  lang: string;
  code: string;
  go: string;
  yaegi: string;
  toolchainOnly: boolean;
  what?: string;
  /** Watchdog for this program (longer for the slow tier). */
  timeoutMs: number;
  interpreterMs?: number;
  playgroundHref: string;
  /** The program reads flags: offer an arguments field. */
  takesArgs: boolean;
  /** Where the playground page explains the interpreter's limits. */
  limitsHref: string;
}

const LIMITS = { outputBytes: 1 << 20, memoryBytes: 1 << 30 };

export default function RunHereIsland(p: RunHereProps) {
  const locale = maybeLocale(p.lang);
  const t = useMemo(() => makePgT(locale), [locale]);
  const [state, setState] = useState<'idle' | 'loading' | 'running' | 'done'>('idle');
  const [end, setEnd] = useState<Verdict | null>(null);
  const [leaked, setLeaked] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [copied, setCopied] = useState(false);
  const [args, setArgs] = useState('');
  const [hydrated, setHydrated] = useState(false);
  const outRef = useRef<HTMLPreElement>(null);
  const sink = useRef<OutputSink | null>(null);
  useEffect(() => {
    sink.current = new OutputSink(outRef.current!, (n) => t('pg.output.truncated', { n }));
    setHydrated(true);
  }, []);

  async function run() {
    if (state === 'loading' || state === 'running') return;
    setEnd(null);
    setLeaked(null);
    setSummary('');
    setState('loading');
    sink.current!.clear();
    const gc: GcEvent[] = [];
    let version = { go: p.go, yaegi: p.yaegi };
    const r = await runProgram(
      { code: p.code, args: args.trim() ? args.trim().split(/\s+/) : [], timeoutMs: p.timeoutMs },
      {
        ready: (v) => {
          version = { go: v.go.replace(/^go/, ''), yaegi: v.yaegi };
          setState('running');
        },
        out: (fd, text) => sink.current!.write(fd, text),
        gc: (e) => gc.push(e),
      },
    );
    sink.current!.flush();
    setState('done');
    if (r.reason) setEnd(endVerdict(t, r.reason, r.message ?? '', { ...LIMITS, timeoutMs: p.timeoutMs }));
    setLeaked(leakedLine(t, r.leakedGoroutines));
    const s = gcSummary(gc);
    const lines = [t('rh.ran', { go: version.go, yaegi: version.yaegi, seconds: (r.wallMs / 1000).toFixed(2) })];
    if (s.cycles) {
      lines.push(
        t('pg.gc.summary', { cycles: s.cycles, forced: s.forced, maxStw: fmtDurationUs(locale, s.maxStwUs ?? 0), goal: fmtBytes(locale, s.maxGoalBytes ?? 0) }),
      );
    }
    setSummary(lines.join(' '));
  }

  function copyForGoPlay() {
    navigator.clipboard?.writeText(p.code).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }

  const running = state === 'loading' || state === 'running';
  return (
    <div class="gp-rh__island" data-state={state}>
      <div class="gp-rh__bar" role="group" aria-label={t('rh.group')}>
        {p.toolchainOnly ? (
          <span class="gp-rh__only">
            {t('rh.toolchainOnly')} (<a href={p.limitsHref}>{p.what}</a>)
          </span>
        ) : running ? (
          <button type="button" class="gp-btn" onClick={stopProgram}>
            {t('rh.stop')}
          </button>
        ) : (
          <button type="button" class="gp-btn gp-btn--run" onClick={() => void run()} disabled={!hydrated}>
            {t('rh.run')}
          </button>
        )}
        {p.takesArgs && !p.toolchainOnly ? (
          <label class="gp-rh__args">
            {t('rh.args')}
            <input type="text" value={args} placeholder="-n 1000" disabled={running} onInput={(e) => setArgs((e.currentTarget as HTMLInputElement).value)} />
          </label>
        ) : null}
        {p.toolchainOnly ? null : (
          <a class="gp-btn gp-btn--link" href={p.playgroundHref} title={t('rh.playground.title')}>
            {t('rh.playground')}
          </a>
        )}
        <a class="gp-btn gp-btn--link" href="https://go.dev/play/" target="_blank" rel="noopener" title={t('rh.goplay.title')} onClick={copyForGoPlay}>
          {t('rh.goplay')} ↗
        </a>
      </div>
      {copied ? <p class="gp-rh__note">{t('rh.copied')}</p> : null}
      {p.interpreterMs && !p.toolchainOnly ? (
        <p class="gp-rh__note">{t('pg.slow', { seconds: Math.round(p.interpreterMs / 1000), limit: Math.round(p.timeoutMs / 1000) })}</p>
      ) : null}
      {state === 'loading' ? (
        <p class="gp-rh__note" role="status">
          {t('pg.status.loading')}
        </p>
      ) : null}
      <pre ref={outRef} class="gp-rh__out" tabIndex={0} aria-label={t('rh.output')} hidden={state === 'idle'} />
      {state === 'idle' ? null : (
        <>
          {end ? (
            <div class="gp-end" role="alert">
              <p class="gp-end__title">{end.title}</p>
              {end.detail ? <pre class="gp-end__detail">{end.detail}</pre> : null}
              {end.advice ? <p class="gp-end__advice">{end.advice}</p> : null}
            </div>
          ) : null}
          {leaked ? (
            <p class="gp-rh__note gp-leaked" role="status">
              {leaked}
            </p>
          ) : null}
          {summary ? <p class="gp-rh__note gp-rh__summary">{summary}</p> : null}
        </>
      )}
    </div>
  );
}
