/**
 * The page side of the Go runner: one worker, one run at a time.
 *
 *   const runner = new GoRunner({ files, spawn });
 *   for await (const ev of runner.run(code, { timeoutMs: 10_000 })) { ... }
 *
 * `run` (interpreted) and `runExact` (a precompiled experiment) return an async stream of
 * RunEvents that always ends with one `exit` event (preceded by an `error` event when the run
 * ended abnormally). The watchdog, output and memory limits all end in terminating the worker:
 * wasm that never yields cannot be interrupted any other way. A fresh worker is started at once
 * so the next run does not wait for it. docs/go-runner.md describes the protocol.
 *
 * Standard output lines that start with {"kind": are the experiments' JSON records
 * (playground/experiments/report); they become `memstats` / `data` events, not text.
 */
import type { GcCycle } from '../gctrace';
import type { Limits, MemStatsLite, PageToWorker, RunnerFiles, StopReason, VersionInfo, WorkerToPage } from './protocol';

/** What the client needs of a worker: a browser Worker or the Node adapter in tests. */
export interface WorkerLike {
  postMessage(m: PageToWorker): void;
  terminate(): void;
  onmessage: ((e: { data: WorkerToPage }) => void) | null;
  onerror: ((e: unknown) => void) | null;
}

export type RunEvent =
  | { kind: 'stdout'; text: string }
  | { kind: 'stderr'; text: string }
  | { kind: 'gc'; cycle: GcCycle; line: string; sinceRunStartNs: number }
  | { kind: 'memstats'; label: string; stats: MemStatsLite | Record<string, unknown> }
  | { kind: 'data'; record: Record<string, unknown> }
  | { kind: 'error'; reason: StopReason; message: string }
  | {
      kind: 'exit';
      exitCode: number;
      wallMs: number;
      reason?: StopReason;
      leakedGoroutines?: number;
      compileMs?: number;
      memoryBytes?: number;
    };

export interface RunOptions {
  env?: Record<string, string>;
  args?: string[];
  /** Wall-time watchdog; the run is stopped and the worker replaced after this. */
  timeoutMs?: number;
}

export interface GoRunnerOptions {
  files: RunnerFiles | (() => Promise<RunnerFiles>);
  spawn: () => WorkerLike;
  limits?: Partial<Limits>;
}

export const DEFAULT_LIMITS: Limits = { outputBytes: 1 << 20, memoryBytes: 1 << 30 };
export const DEFAULT_TIMEOUT_MS = 20_000;

/** A queue that is consumed as an async iterator. */
class EventStream implements AsyncIterable<RunEvent> {
  private items: RunEvent[] = [];
  private waiting: ((r: IteratorResult<RunEvent>) => void) | null = null;
  private closed = false;

  push(ev: RunEvent) {
    if (this.closed) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: ev, done: false });
    } else this.items.push(ev);
    if (ev.kind === 'exit') this.close();
  }

  close() {
    this.closed = true;
    if (this.waiting && this.items.length === 0) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item) return Promise.resolve({ value: item, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((r) => (this.waiting = r));
      },
    };
  }
}

interface Current {
  id: number;
  stream: EventStream;
  timer: ReturnType<typeof setTimeout> | null;
  stdoutRest: string;
}

const RECORD_PREFIX = '{"kind":';

export class GoRunner {
  private worker: WorkerLike | null = null;
  private readyPromise: Promise<VersionInfo> | null = null;
  private resolveReady: ((v: VersionInfo) => void) | null = null;
  private rejectReady: ((e: Error) => void) | null = null;
  private current: Current | null = null;
  private formats = new Map<number, { resolve: (s: string) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly limits: Limits;
  private filesPromise: Promise<RunnerFiles> | null = null;
  /** Milliseconds from spawning the worker to its `ready`, for the last start. */
  lastStartMs = 0;

  constructor(private readonly opts: GoRunnerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
  }

  /** Starts the worker (and loads the runner wasm) if it is not running. */
  start(): Promise<VersionInfo> {
    if (this.readyPromise) return this.readyPromise;
    const t0 = performance.now();
    this.readyPromise = new Promise<VersionInfo>((resolve, reject) => {
      this.resolveReady = (v) => {
        this.lastStartMs = performance.now() - t0;
        resolve(v);
      };
      this.rejectReady = reject;
    });
    this.readyPromise.catch(() => {});
    this.filesPromise ??= typeof this.opts.files === 'function' ? this.opts.files() : Promise.resolve(this.opts.files);
    const w = this.opts.spawn();
    this.worker = w;
    w.onmessage = (e) => this.onMessage(w, e.data);
    w.onerror = (e) => this.onWorkerError(w, e);
    this.filesPromise.then(
      (files) => this.worker === w && w.postMessage({ type: 'init', files, limits: this.limits }),
      (e: unknown) => this.onWorkerError(w, e),
    );
    return this.readyPromise;
  }

  version(): Promise<VersionInfo> {
    return this.start();
  }

  /** Runs Go source in the interpreter. */
  run(code: string, o: RunOptions = {}): AsyncIterable<RunEvent> {
    return this.enqueue(o, (id) => ({ type: 'run', id, code, env: o.env ?? {}, args: o.args ?? [] }));
  }

  /** Runs a precompiled Go program (an experiment's wasm URL) as its own process. */
  runExact(url: string, o: RunOptions = {}): AsyncIterable<RunEvent> {
    return this.enqueue(o, (id) => ({ type: 'exact', id, url, env: o.env ?? {}, args: o.args ?? [] }));
  }

  /** gofmt inside the runner (go/format); rejects with the syntax error. */
  async format(code: string): Promise<string> {
    await this.start();
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      this.formats.set(id, { resolve, reject });
      this.worker!.postMessage({ type: 'format', id, code });
    });
  }

  /** Stops the running program: the worker is terminated and a new one started. */
  stop(): void {
    if (this.current) this.kill('stopped', 'stopped by the reader');
  }

  /** Terminates the worker for good. */
  dispose(): void {
    this.current?.stream.close();
    this.current = null;
    this.worker?.terminate();
    this.worker = null;
    this.readyPromise = null;
  }

  private enqueue(o: RunOptions, make: (id: number) => PageToWorker): AsyncIterable<RunEvent> {
    const stream = new EventStream();
    const id = this.nextId++;
    const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Runs go one at a time; the next starts when the previous stream has ended.
    this.chain = this.chain.then(async () => {
      try {
        await this.start();
      } catch (e) {
        stream.push({ kind: 'error', reason: 'worker', message: errorMessage(e) });
        stream.push({ kind: 'exit', exitCode: -1, wallMs: 0, reason: 'worker' });
        return;
      }
      const done = new Promise<void>((resolve) => {
        const cur: Current = { id, stream, timer: null, stdoutRest: '' };
        const origClose = stream.close.bind(stream);
        stream.close = () => {
          origClose();
          resolve();
        };
        this.current = cur;
        cur.timer = setTimeout(() => this.kill('timeout', `stopped after ${formatSeconds(timeoutMs)}`), timeoutMs);
        this.worker!.postMessage(make(id));
      });
      await done;
    });
    return stream;
  }

  private onMessage(w: WorkerLike, m: WorkerToPage) {
    if (w !== this.worker) return;
    switch (m.type) {
      case 'ready':
        this.resolveReady?.(m.version);
        return;
      case 'fatal':
        if (this.current) this.end('worker', m.message, -1);
        else this.rejectReady?.(new Error(m.message));
        return;
      case 'format-result': {
        const f = this.formats.get(m.id);
        this.formats.delete(m.id);
        if (m.error !== undefined) f?.reject(new Error(m.error));
        else f?.resolve(m.code ?? '');
        return;
      }
    }
    const cur = this.current;
    if (!cur || m.id !== cur.id) return;
    switch (m.type) {
      case 'started':
        if (m.memstats) cur.stream.push({ kind: 'memstats', label: 'start', stats: m.memstats });
        return;
      case 'out':
        if (m.fd === 2) cur.stream.push({ kind: 'stderr', text: m.text });
        else this.stdout(cur, m.text);
        return;
      case 'gc':
        cur.stream.push({ kind: 'gc', cycle: m.cycle, line: m.line, sinceRunStartNs: m.sinceRunStartNs });
        return;
      case 'limit':
        this.kill(m.reason, m.message);
        return;
      case 'exit': {
        this.stdout(cur, '', true);
        if (m.memstats) cur.stream.push({ kind: 'memstats', label: 'end', stats: m.memstats });
        if (m.reason && m.message) cur.stream.push({ kind: 'error', reason: m.reason, message: m.message });
        // Goroutines still running when main returned (ended with the process, as Go does) are reported in
        // the exit event only; the page says so in its own language. stderr stays the program's own.
        this.finish(cur);
        cur.stream.push({
          kind: 'exit',
          exitCode: m.exitCode,
          wallMs: m.wallMs,
          reason: m.reason,
          leakedGoroutines: m.leakedGoroutines,
          compileMs: m.compileMs,
          memoryBytes: m.memoryBytes,
        });
        return;
      }
    }
  }

  /** Splits JSON record lines out of standard output. */
  private stdout(cur: Current, text: string, final = false) {
    const all = cur.stdoutRest + text;
    cur.stdoutRest = '';
    let plain = '';
    let start = 0;
    while (start < all.length) {
      const nl = all.indexOf('\n', start);
      const line = nl < 0 ? all.slice(start) : all.slice(start, nl + 1);
      start = nl < 0 ? all.length : nl + 1;
      const maybeRecord = line.startsWith(RECORD_PREFIX) || (nl < 0 && RECORD_PREFIX.startsWith(line));
      if (!maybeRecord) {
        plain += line;
      } else if (nl < 0 && !final) {
        cur.stdoutRest = line; // wait for the rest of this record
      } else {
        const rec = parseRecord(line);
        if (rec) {
          if (plain) cur.stream.push({ kind: 'stdout', text: plain });
          plain = '';
          if (rec.kind === 'phase') cur.stream.push({ kind: 'memstats', label: String(rec.phase), stats: rec });
          else cur.stream.push({ kind: 'data', record: rec });
        } else plain += line;
      }
    }
    if (plain) cur.stream.push({ kind: 'stdout', text: plain });
  }

  private finish(cur: Current) {
    if (cur.timer) clearTimeout(cur.timer);
    if (this.current === cur) this.current = null;
  }

  private end(reason: StopReason, message: string, exitCode: number) {
    const cur = this.current;
    if (!cur) return;
    this.stdout(cur, '', true);
    this.finish(cur);
    cur.stream.push({ kind: 'error', reason, message });
    cur.stream.push({ kind: 'exit', exitCode, wallMs: 0, reason });
  }

  /** Terminates the worker (the only way to stop wasm that never yields) and starts a new one. */
  private kill(reason: StopReason, message: string) {
    this.worker?.terminate();
    this.worker = null;
    this.readyPromise = null;
    for (const f of this.formats.values()) f.reject(new Error(message));
    this.formats.clear();
    this.end(reason, message, -1);
    void this.start().catch(() => {});
  }

  private onWorkerError(w: WorkerLike, e: unknown) {
    if (w !== this.worker) return;
    const message = `the Go runner failed to load: ${errorMessage(e)}`;
    this.rejectReady?.(new Error(message));
    this.worker.terminate();
    this.worker = null;
    this.readyPromise = null;
    this.end('worker', message, -1);
  }
}

function parseRecord(line: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

function formatSeconds(ms: number) {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** Collects a whole run (tests, benchmarks and simple callers). */
export async function collect(events: AsyncIterable<RunEvent>) {
  const out = { stdout: '', stderr: '', gc: [] as GcCycle[], events: [] as RunEvent[], exit: null as Extract<RunEvent, { kind: 'exit' }> | null, error: null as Extract<RunEvent, { kind: 'error' }> | null };
  for await (const ev of events) {
    out.events.push(ev);
    if (ev.kind === 'stdout') out.stdout += ev.text;
    else if (ev.kind === 'stderr') out.stderr += ev.text;
    else if (ev.kind === 'gc') out.gc.push(ev.cycle);
    else if (ev.kind === 'exit') out.exit = ev;
    else if (ev.kind === 'error') out.error = ev;
  }
  return out;
}
