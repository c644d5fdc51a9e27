/**
 * One run from the page's point of view, shared by the playground and RunHere: load the session module
 * (first time only), start the runner, run, and hand every event to the caller's handlers; resolve with
 * how the run ended. Nothing here throws: a module or wasm that fails to load ends the run with reason
 * `worker`, which the page shows with the reader's code untouched.
 */
import type { StopReason, VersionInfo } from '../../lib/go-runner/protocol';
import type { GcEvent } from './gc-data';

type Session = typeof import('./session');
let session: Promise<Session> | null = null;
function loadSession(): Promise<Session> {
  session ??= import('./session');
  session.catch(() => (session = null));
  return session;
}

export interface RunRequest {
  /** Go source for the interpreter, or `experiment` for a compiled experiment. */
  code?: string;
  experiment?: string;
  args?: string[];
  timeoutMs: number;
}

export interface RunHandlers {
  /** The runner is up (after the wasm was fetched and compiled, on the first run). */
  ready?(v: VersionInfo): void;
  out(fd: 1 | 2, text: string): void;
  gc?(e: GcEvent): void;
  memstats?(label: string, stats: Record<string, unknown>): void;
}

export interface RunEnd {
  exitCode: number;
  wallMs: number;
  reason?: StopReason;
  message?: string;
  /** Goroutines still running when main returned; the runner ended them with the process, as Go does. */
  leakedGoroutines?: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function runProgram(req: RunRequest, h: RunHandlers): Promise<RunEnd> {
  let s: Session;
  let v: VersionInfo;
  try {
    s = await loadSession();
    v = await s.ready();
  } catch (e) {
    return { exitCode: -1, wallMs: 0, reason: 'worker', message: message(e) };
  }
  h.ready?.(v);
  let end: RunEnd = { exitCode: -1, wallMs: 0, reason: 'worker', message: 'the run ended without an exit status' };
  try {
    const opts = { args: req.args ?? [], timeoutMs: req.timeoutMs };
    const events = req.experiment ? await s.runExperiment(req.experiment, opts) : s.run(req.code ?? '', opts);
    for await (const ev of events) {
      switch (ev.kind) {
        case 'stdout':
          h.out(1, ev.text);
          break;
        case 'stderr':
          h.out(2, ev.text);
          break;
        case 'gc':
          h.gc?.({ cycle: ev.cycle, sinceRunStartNs: ev.sinceRunStartNs });
          break;
        case 'memstats':
          h.memstats?.(ev.label, ev.stats as Record<string, unknown>);
          break;
        case 'error':
          end = { ...end, reason: ev.reason, message: ev.message };
          break;
        case 'exit':
          // The `error` event (if any) came just before, with the same reason and the message.
          end = ev.reason
            ? { exitCode: ev.exitCode, wallMs: ev.wallMs, reason: ev.reason, message: end.reason === ev.reason ? end.message : undefined }
            : { exitCode: ev.exitCode, wallMs: ev.wallMs };
          if (ev.leakedGoroutines) end.leakedGoroutines = ev.leakedGoroutines;
          break;
      }
    }
  } catch (e) {
    return { exitCode: -1, wallMs: 0, reason: 'worker', message: message(e) };
  }
  return end;
}

/** Stops the running program (terminates the worker; the next run gets a fresh one). */
export function stopProgram() {
  void session?.then((s) => s.stop());
}
