/**
 * The page side of the simulator worker: one worker per page, shared by every widget, started on the
 * first request (so a page whose readers never touch a control never loads the simulator).
 *
 * `run(channel, input)` resolves with the newest answer for that channel, or with `null` when a newer
 * request on the same channel superseded it (stale results are dropped here by id, whatever the worker
 * does). `onProgress`, if given, hears how far a long simulation is until it answers (superseded ones
 * fall silent).
 */
import type { RawScenario } from '../components/lab/state/flat';
import { fromWire, type RunKind, type RunProgress, type RunRequest, type SimAnswer, type SimResponse } from './sim-protocol';

export type RunAnswer = SimAnswer;

/** How the worker is made; the embed bundle passes an inlined one (its script lives on another origin). */
export type WorkerFactory = () => Worker;

let factory: WorkerFactory = () => new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'sim' });
let worker: Worker | null = null;
let nextId = 1;
const latest = new Map<string, number>();
const waiting = new Map<number, (a: RunAnswer | null) => void>();
const listeners = new Map<number, (p: RunProgress) => void>();

export function setWorkerFactory(f: WorkerFactory) {
  factory = f;
}

function onMessage(ev: MessageEvent<SimResponse>) {
  const msg = ev.data;
  if (msg.type === 'progress') {
    if (latest.get(msg.channel) === msg.id) listeners.get(msg.id)?.({ fraction: msg.fraction, phase: msg.phase });
    return;
  }
  listeners.delete(msg.id);
  const resolve = waiting.get(msg.id);
  if (!resolve) return;
  waiting.delete(msg.id);
  if (msg.type === 'dropped' || latest.get(msg.channel) !== msg.id) resolve(null);
  else resolve(msg.type === 'result' && msg.result ? { ...msg, result: fromWire(msg.result) } : (msg as SimAnswer));
}

function failAll(message: string) {
  for (const [id, resolve] of waiting) resolve({ type: 'error', id, channel: '', message });
  waiting.clear();
  listeners.clear();
  worker?.terminate();
  worker = null;
}

function getWorker(): Worker {
  if (!worker) {
    worker = factory();
    worker.onmessage = onMessage;
    worker.onerror = (e) => failAll(`the simulator worker failed: ${e.message || 'could not load'}`);
  }
  return worker;
}

export interface RunOptions {
  /** Hears how far a long simulation is (sim-protocol.ts `progress`). */
  onProgress?: (p: RunProgress) => void;
  /** Asked ahead of need (sim-protocol.ts `warm`): the worker may drop it for a request that cannot use it. */
  warm?: boolean;
}

export function run(channel: string, input: RawScenario, kind: RunKind = 'sim', { onProgress, warm }: RunOptions = {}): Promise<RunAnswer | null> {
  const id = nextId++;
  const prev = latest.get(channel);
  latest.set(channel, id);
  if (prev !== undefined) {
    // The superseded caller learns at once; the worker's later answer for it is ignored.
    waiting.get(prev)?.(null);
    waiting.delete(prev);
    listeners.delete(prev);
  }
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    if (onProgress) listeners.set(id, onProgress);
    const req: RunRequest = { type: 'run', id, channel, input, kind, ...(warm ? { warm } : {}) };
    try {
      getWorker().postMessage(req);
    } catch (e) {
      waiting.delete(id);
      listeners.delete(id);
      resolve({ type: 'error', id, channel, message: `could not start the simulator: ${(e as Error).message}` });
    }
  });
}
