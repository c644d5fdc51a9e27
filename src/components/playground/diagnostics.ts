/**
 * From a finished run to what the reader sees: the compile error's position, and a title and advice for
 * every way a run can end (protocol.ts `StopReason`).
 *
 * Positions. The interpreter reports go/token positions: "6:14: undefined: x" (type checking) or
 * "_.go:4:9: expected '}', found 'EOF'" (parsing), 1-based line and byte column. The runner's rewrites
 * keep line numbers (playground/rewrite), so the line is the reader's line. Editors count columns in
 * UTF-16 code units, so a byte column is converted with the line's text (Chinese in a string before the
 * error would otherwise shift the mark).
 */
import type { StopReason } from '../../lib/go-runner/protocol';
import type { MessageKey, PgTranslate } from './i18n';

export interface SourcePos {
  line: number;
  /** 1-based, UTF-16 code units (what Monaco and textarea selections use). */
  col: number;
  message: string;
}

const POS = /^(?:[^\s:]*\.go:)?(\d+):(\d+): ([\s\S]*)$/;

/** The position of a compile error message, or null when it carries none. */
export function compileErrorPos(message: string, code: string): SourcePos | null {
  const m = POS.exec(message.trim());
  if (!m) return null;
  const line = Number(m[1]);
  const byteCol = Number(m[2]);
  const text = code.split('\n')[line - 1];
  if (text === undefined || line < 1) return null;
  return { line, col: utf16Column(text, byteCol), message: m[3] };
}

/** 1-based byte column → 1-based UTF-16 column in `line`. */
export function utf16Column(line: string, byteCol: number): number {
  const enc = new TextEncoder();
  let bytes = 0;
  let units = 0;
  for (const ch of line) {
    if (bytes >= byteCol - 1) break;
    bytes += enc.encode(ch).length;
    units += ch.length;
  }
  return units + 1;
}

export interface Verdict {
  title: string;
  detail: string;
  advice: string | null;
  /** The reader may want the full toolchain (go.dev/play) for this one. */
  toolchain: boolean;
}

const ADVICE: Partial<Record<StopReason, MessageKey>> = {
  compile: 'pg.advice.compile',
  'unavailable-package': 'pg.advice.unavailable-package',
  crash: 'pg.advice.crash',
  'out-of-memory': 'pg.advice.out-of-memory',
  'stack-overflow': 'pg.advice.stack-overflow',
  deadlock: 'pg.advice.deadlock',
  'output-limit': 'pg.advice.output-limit',
  timeout: 'pg.advice.timeout',
  stopped: 'pg.advice.stopped',
  worker: 'pg.advice.worker',
};

export interface Limits {
  timeoutMs: number;
  outputBytes: number;
  memoryBytes: number;
}

const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;

/**
 * The runner's own end messages (client.ts, go-runner-core.ts), which are English, in the page's language.
 * Messages that come from Go itself (`panic: …`, `fatal error: …`) stay as Go wrote them.
 */
const RUNNER_MESSAGES: [StopReason, RegExp, MessageKey, string][] = [
  ['timeout', /^stopped after ([\d.]+) s$/, 'pg.detail.timeout', 'seconds'],
  ['stopped', /^stopped by the reader$/, 'pg.detail.stopped', ''],
  ['output-limit', /^the program wrote more than (.+) of output$/, 'pg.detail.output-limit', 'limit'],
  ['out-of-memory', /^the program used more than (.+) of memory$/, 'pg.detail.out-of-memory', 'limit'],
  ['stack-overflow', /^the program's calls went deeper than the browser's call stack allows$/, 'pg.detail.stack-overflow', ''],
];

function detailOf(t: PgTranslate, reason: StopReason, message: string): string {
  for (const [r, re, key, v] of RUNNER_MESSAGES) {
    const m = r === reason ? re.exec(message) : null;
    if (m) return t(key, v ? { [v]: m[1] } : undefined);
  }
  return message;
}

/** Title, detail and advice for a run that ended with `reason` and the runner's `message`. */
export function verdict(t: PgTranslate, reason: StopReason, message: string, limits: Limits): Verdict {
  const key = ADVICE[reason];
  const vars = { limit: reason === 'out-of-memory' ? mib(limits.memoryBytes) : mib(limits.outputBytes), seconds: Math.round(limits.timeoutMs / 1000) };
  return {
    title: t(`pg.reason.${reason}` as MessageKey),
    detail: detailOf(t, reason, message),
    advice: key ? t(key, vars) : null,
    toolchain: reason === 'unavailable-package',
  };
}

/** The line for goroutines that were still running when main returned (ended with the process, as in Go). */
export function leakedLine(t: PgTranslate, n: number | undefined): string | null {
  if (!n) return null;
  return n === 1 ? t('pg.leaked.one') : t('pg.leaked.other', { n });
}
