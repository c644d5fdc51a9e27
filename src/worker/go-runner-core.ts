/**
 * The Go runner's worker-side logic, independent of where it runs: a Web Worker in the browser
 * (go-runner.worker.ts) or a Node worker thread in the tests (tests/runner/node-worker.ts).
 *
 * Design:
 * 1. Output. Go's js/wasm runtime sends every write to fds 1 and 2 (the program's prints, gctrace
 *    lines, crash messages) through `globalThis.fs.writeSync`. We replace that function before any
 *    Go instance runs, so output is captured in order and as it is written. Stdout goes to the page
 *    in batches (at most one message per 16 ms while output is dense); stderr is split into lines
 *    and gctrace lines become `gc` events instead of text.
 * 2. Instances. The interpreter (runner.wasm) is one long-lived Go process; each `run` is a call
 *    into it. When a program ends the process (os.Exit, a crash, leaked goroutines, which real Go
 *    would kill at exit) a fresh instance is made from the already-compiled module.
 *    Exact-mode experiments are one-shot Go processes of their own module.
 * 3. Limits. Output beyond `limits.outputBytes` and linear memory beyond `limits.memoryBytes` end
 *    the run: the page is told (`limit`) and terminates this worker, which is the only way to stop
 *    wasm that never yields. Memory is checked when the Go runtime grows it (resetMemoryDataView).
 * 4. Deadlock. js/wasm Go cannot detect "all goroutines are asleep" (a JS event could always wake
 *    one), and Go also returns to the event loop with no timer pending in the middle of healthy
 *    runs, so a deadlocked program is ended by the page's watchdog.
 */
import { LineSplitter, looksLikeGcLine, parseGcLine } from '../lib/gctrace';
import type { Limits, MemStatsLite, PageToWorker, StopReason, VersionInfo, WorkerToPage } from '../lib/go-runner/protocol';

/** The part of wasm_exec.js's Go class that we use. */
interface GoInstance {
  argv: string[];
  env: Record<string, string>;
  exit: (code: number) => void;
  exited: boolean;
  importObject: WebAssembly.Imports & { gojs: Record<string, (sp: number) => void> };
  run(instance: WebAssembly.Instance): Promise<void>;
}

/** What the host environment provides. */
export interface HostEnv {
  post(msg: WorkerToPage): void;
  /** Loads Go's wasm_exec.js so that globalThis.Go exists. */
  loadShim(url: string): Promise<void>;
  /** Fetches and compiles a wasm module. */
  compile(url: string): Promise<WebAssembly.Module>;
}

interface RunnerApi {
  version: string;
  run(code: string, options: string): void;
  format(code: string): { code?: string; error?: string };
}

interface Active {
  id: number;
  t0: number;
  /** performance.now() when the Go process of this run started (gctrace's "@" origin). */
  processStart: number;
  outputBytes: number;
  stopped: boolean;
  stderrTail: string;
  /**
   * The last lines that start a crash report (`panic: …`, `fatal error: …`, `runtime: goroutine stack
   * exceeds …`). Go prints them first and the goroutine tracebacks after, which can be far longer than
   * `stderrTail` (a stack overflow prints 100 frames of every goroutine), so they are kept apart.
   */
  crashLines: string[];
  exact: boolean;
}

const STDOUT_BATCH_MS = 16;
const STDERR_TAIL = 4096;
const CRASH_LINE = /^(panic: |fatal error: |runtime: goroutine stack exceeds |runtime: out of memory)/;
/** The message for a program whose calls overflowed the browser's call stack (diagnostics.ts translates it). */
export const CALL_STACK_MESSAGE = "the program's calls went deeper than the browser's call stack allows";
const CRASH_LINES = 8;

type G = typeof globalThis & {
  Go: new () => GoInstance;
  fs: { writeSync(fd: number, buf: Uint8Array): number };
  __goRunner?: RunnerApi;
  __goRunnerReport?: (json: string) => void;
};

export class RunnerHost {
  private readonly g = globalThis as G;
  private limits: Limits = { outputBytes: 1 << 20, memoryBytes: 1 << 30 };
  private runnerUrl = '';
  private modules = new Map<string, Promise<WebAssembly.Module>>();
  private interp: { go: GoInstance; memory: () => number; start: number } | null = null;
  private ready: Promise<void> | null = null;
  private version: VersionInfo | null = null;
  private active: Active | null = null;
  private pendingOut = '';
  private lastFlush = 0;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
  private stderrLines = new LineSplitter();
  private onDone: ((report: DoneReport) => void) | null = null;

  constructor(private readonly env: HostEnv) {}

  async handle(msg: PageToWorker): Promise<void> {
    try {
      switch (msg.type) {
        case 'init':
          this.limits = msg.limits;
          this.runnerUrl = msg.files.runner;
          await this.env.loadShim(msg.files.wasmExec);
          this.g.fs.writeSync = (fd, buf) => this.write(fd, buf);
          this.g.__goRunnerReport = (json) => this.report(JSON.parse(json) as Report);
          await this.startInterp();
          return;
        case 'run':
          return await this.run(msg.id, msg.code, msg.env, msg.args);
        case 'exact':
          return await this.exact(msg.id, msg.url, msg.env, msg.args);
        case 'format': {
          await this.ensureInterp();
          const r = this.g.__goRunner!.format(msg.code);
          this.env.post({ type: 'format-result', id: msg.id, code: r.code, error: r.error });
          return;
        }
      }
    } catch (e) {
      if (msg.type === 'run' && this.thrownOut(e)) return;
      this.env.post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /**
   * An exception thrown out of the Go instance while a program runs, caught around the call into Go or
   * (from a timer that resumed Go) by the worker's error handler. The usual one: deep recursion overflows
   * the browser's own call stack (Go's calls are WebAssembly calls) long before Go's stack limit, and
   * RangeError unwinds through Go's frames. The instance cannot be trusted after that: the run ends with
   * what happened, and the next run gets a fresh Go process. Returns false when no run was in progress
   * (or the run was already stopped by a limit, whose throw this is).
   */
  uncaught(e: unknown): boolean {
    // A timer of a process already given up on (below) resuming it: not the current run's business.
    if (e instanceof Error && /already exited/.test(e.message)) return false;
    return this.thrownOut(e);
  }

  private thrownOut(e: unknown): boolean {
    const a = this.active;
    if (!a || a.stopped) return false;
    this.flushAll();
    const { reason, message } = classifyCrash(crashText(a), e, !a.exact);
    this.finish({ exitCode: 2, reason, message });
    if (!a.exact) {
      // Its pending timers must not resume it again: wasm_exec.js refuses to resume an exited instance.
      if (this.interp) this.interp.go.exited = true;
      this.interp = null;
      this.ready = null;
      this.onDone?.({ type: 'done', id: -1, exitCode: 2 });
      this.onDone = null;
    }
    return true;
  }

  // --- instances -------------------------------------------------------------------------

  private module(url: string) {
    let m = this.modules.get(url);
    if (!m) {
      m = this.env.compile(url);
      this.modules.set(url, m);
    }
    return m;
  }

  /** Makes a Go instance whose memory growth is checked against the limit (rule 3). */
  private async instantiate(url: string, argv: string[], env: Record<string, string>) {
    const go = new this.g.Go();
    go.argv = argv;
    go.env = env;
    let inst: WebAssembly.Instance | null = null;
    const memory = () => (inst ? (inst.exports.mem as WebAssembly.Memory).buffer.byteLength : 0);
    const reset = go.importObject.gojs['runtime.resetMemoryDataView']!;
    go.importObject.gojs['runtime.resetMemoryDataView'] = (sp) => {
      reset(sp);
      if (memory() > this.limits.memoryBytes && this.active && !this.active.stopped) {
        this.limit('out-of-memory', `the program used more than ${mib(this.limits.memoryBytes)} of memory`);
        throw new Error('memory limit'); // unwinds the wasm stack: this instance is finished
      }
    };
    inst = await WebAssembly.instantiate(await this.module(url), go.importObject);
    return { go, inst, memory };
  }

  private startInterp(): Promise<void> {
    this.ready = new Promise<void>((resolve, reject) => {
      const start = now();
      this.instantiate(this.runnerUrl, ['runner'], { GODEBUG: 'gctrace=1' })
        .then(({ go, inst, memory }) => {
          this.interp = { go, memory, start };
          this.onReady = () => {
            this.env.post({ type: 'ready', version: this.version!, startMs: now() - start });
            resolve();
          };
          go.run(inst).then(() => this.interpExited(go), (e: unknown) => this.interpExited(go, e));
        })
        .catch(reject);
    });
    return this.ready;
  }

  private onReady: (() => void) | null = null;

  private async ensureInterp() {
    if (!this.ready || !this.interp || this.interp.go.exited) await this.startInterp();
    else await this.ready;
  }

  /** The interpreter process ended: by os.Exit/leak restart (planned) or by a crash. */
  private interpExited(go: GoInstance, err?: unknown) {
    if (this.interp?.go !== go) return;
    const a = this.active;
    if (a && !a.exact && !a.stopped) {
      this.flushAll();
      const { reason, message } = classifyCrash(crashText(a), err, true);
      this.finish({ exitCode: 2, reason, message });
    }
    this.interp = null;
    this.ready = null;
    // Release run(), which waits for a report this process will never send (the worker handles
    // one message at a time, so the next run would wait forever otherwise).
    this.onDone?.({ type: 'done', id: -1, exitCode: 2 });
    this.onDone = null;
  }

  // --- runs ------------------------------------------------------------------------------

  private begin(id: number, exact: boolean, processStart: number): Active {
    this.active = { id, t0: now(), processStart, outputBytes: 0, stopped: false, stderrTail: '', crashLines: [], exact };
    this.stderrLines = new LineSplitter();
    this.pendingOut = '';
    return this.active;
  }

  private async run(id: number, code: string, env: Record<string, string>, args: string[]) {
    await this.ensureInterp();
    const interp = this.interp!;
    this.begin(id, false, interp.start);
    const done = new Promise<DoneReport>((r) => (this.onDone = r));
    this.g.__goRunner!.run(code, JSON.stringify({ id, env, args }));
    const d = await done;
    if (d.id !== id || this.active?.id !== id || this.active.stopped) return;
    this.flushAll();
    this.finish({
      exitCode: d.exitCode,
      reason: d.errorKind || undefined,
      message: d.error || undefined,
      leakedGoroutines: d.leakedGoroutines,
      memstats: d.memstats,
      compileMs: d.compileMs,
    });
    if (d.restart) {
      // The Go side calls os.Exit right after this report; start the next process at once.
      this.interp = null;
      this.ready = null;
      void this.ensureInterp();
    }
  }

  private async exact(id: number, url: string, env: Record<string, string>, args: string[]) {
    const { go, inst, memory } = await this.instantiate(url, ['experiment', ...args], { GODEBUG: 'gctrace=1', ...env });
    let code = 0;
    go.exit = (c) => (code = c);
    const a = this.begin(id, true, now());
    this.env.post({ type: 'started', id });
    try {
      await go.run(inst);
    } catch (e) {
      if (a.stopped) return;
      this.flushAll();
      const { reason, message } = classifyCrash(crashText(a), e);
      this.finish({ exitCode: 2, reason, message }, memory());
      return;
    }
    if (a.stopped) return;
    this.flushAll();
    const crash = code !== 0 ? classifyCrash(crashText(a)) : null;
    this.finish({ exitCode: code, reason: crash?.reason ?? (code ? 'exit' : undefined), message: crash?.message }, memory());
  }

  private finish(r: Omit<Extract<WorkerToPage, { type: 'exit' }>, 'type' | 'id' | 'wallMs' | 'memoryBytes'>, memoryBytes?: number) {
    const a = this.active;
    if (!a) return;
    this.active = null;
    this.env.post({ type: 'exit', id: a.id, wallMs: now() - a.t0, memoryBytes: memoryBytes ?? this.interp?.memory() ?? 0, ...r });
  }

  private report(r: Report) {
    switch (r.type) {
      case 'ready':
        this.version = r.version;
        this.onReady?.();
        this.onReady = null;
        return;
      case 'started':
        if (this.active?.id === r.id) this.env.post({ type: 'started', id: r.id, memstats: r.memstats });
        return;
      case 'done':
        this.onDone?.(r);
        this.onDone = null;
        return;
    }
  }

  private limit(reason: 'output-limit' | 'out-of-memory', message: string) {
    const a = this.active;
    if (!a || a.stopped) return;
    this.flushAll();
    a.stopped = true;
    this.env.post({ type: 'limit', id: a.id, reason, message });
  }

  // --- output ----------------------------------------------------------------------------

  private write(fd: number, buf: Uint8Array): number {
    const a = this.active;
    const n = buf.length;
    if (!a || a.stopped) return n; // the runner's own start-up GCs, or output after a limit
    const text = this.decoders[fd === 2 ? 2 : 1].decode(buf, { stream: true });
    if (fd === 2) {
      a.stderrTail = (a.stderrTail + text).slice(-STDERR_TAIL);
      for (const line of this.stderrLines.push(text)) this.stderrLine(a, line);
      return n;
    }
    this.count(a, n);
    if (!a.stopped) this.queueStdout(a, text);
    return n;
  }

  private stderrLine(a: Active, line: string) {
    if (looksLikeGcLine(line)) {
      const cycle = parseGcLine(line);
      if (cycle) {
        this.flushStdout();
        const sinceRunStartNs = cycle.startNs - Math.round((a.t0 - a.processStart) * 1e6);
        this.env.post({ type: 'gc', id: a.id, cycle, line, sinceRunStartNs });
        return;
      }
    }
    if (CRASH_LINE.test(line)) {
      a.crashLines.push(line);
      if (a.crashLines.length > CRASH_LINES) a.crashLines.shift();
    }
    this.count(a, line.length + 1);
    if (a.stopped) return;
    this.flushStdout();
    this.env.post({ type: 'out', id: a.id, fd: 2, text: line + '\n' });
  }

  private count(a: Active, n: number) {
    a.outputBytes += n;
    if (a.outputBytes > this.limits.outputBytes) {
      this.limit('output-limit', `the program wrote more than ${mib(this.limits.outputBytes)} of output`);
    }
  }

  private queueStdout(a: Active, text: string) {
    this.pendingOut += text;
    if (now() - this.lastFlush >= STDOUT_BATCH_MS) this.flushStdout();
    else if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flushStdout(), STDOUT_BATCH_MS);
    void a;
  }

  private flushStdout() {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.lastFlush = now();
    if (!this.pendingOut || !this.active) return;
    this.env.post({ type: 'out', id: this.active.id, fd: 1, text: this.pendingOut });
    this.pendingOut = '';
  }

  private flushAll() {
    this.flushStdout();
    const a = this.active;
    if (!a) return;
    for (const line of this.stderrLines.flush()) this.stderrLine(a, line);
  }
}

interface DoneReport {
  type: 'done';
  id: number;
  exitCode: number;
  error?: string;
  errorKind?: StopReason | '';
  leakedGoroutines?: number;
  compileMs?: number;
  memstats?: MemStatsLite;
  restart?: boolean;
}

type Report = { type: 'ready'; version: VersionInfo } | { type: 'started'; id: number; memstats: MemStatsLite } | DoneReport;

/** What `classifyCrash` reads of a run's stderr: the crash report's first lines, then the end. */
function crashText(a: Active): string {
  return [...a.crashLines, a.stderrTail].join('\n');
}

/**
 * Names what killed a Go process from its stderr (the crash report's first lines and the end). The message
 * is Go's line that says it: the last `panic: ` or `fatal error: ` line (a program may have printed such text
 * itself before it crashed).
 */
export function classifyCrash(stderrTail: string, err?: unknown, interpreted = false): { reason: StopReason; message: string } {
  const t = stderrTail;
  const lines = t.split('\n');
  const firstLine = (re: RegExp) => lines.find((l) => re.test(l)) ?? '';
  const lastLine = (re: RegExp) => lines.findLast((l) => re.test(l)) ?? '';
  if (/out of memory|memory limit/.test(t) || (err instanceof Error && /memory/.test(err.message))) {
    return { reason: 'out-of-memory', message: firstLine(/out of memory/) || 'out of memory' };
  }
  if (/stack overflow|goroutine stack exceeds/.test(t)) {
    return { reason: 'stack-overflow', message: firstLine(/goroutine stack exceeds/) || 'stack overflow' };
  }
  if (err instanceof RangeError || (err instanceof Error && /call stack/i.test(err.message))) {
    return { reason: 'stack-overflow', message: CALL_STACK_MESSAGE };
  }
  if (/all goroutines are asleep/.test(t)) return { reason: 'deadlock', message: firstLine(/all goroutines are asleep/) };
  // yaegi runs each goroutine under its own recover that panics again with the same value, so Go
  // (1.25+) marks every goroutine panic of an interpreted program "[recovered, repanicked]": the reader
  // recovered nothing, and compiled Go would not print it. Dropped for interpreted runs.
  const panicLine = interpreted ? lastLine(/^panic: /).replace(/ \[recovered, repanicked\]$/, '') : lastLine(/^panic: /);
  if (panicLine) return { reason: 'crash', message: panicLine };
  const fatal = lastLine(/^fatal error: /);
  if (fatal) return { reason: 'crash', message: fatal };
  return { reason: 'crash', message: err instanceof Error ? err.message : 'the Go process ended unexpectedly' };
}

const now = () => performance.now();
const mib = (b: number) => `${Math.round(b / (1 << 20))} MiB`;
