/**
 * The page side of the simulator worker: up to two workers per page ("lanes"), shared by every widget,
 * each started on its first request (so a page whose readers never touch a control never loads the
 * simulator). A widget runs its scenario A in lane 0, and scenario B and the occupancy replay in lane 1, so
 * on a machine with four or more cores they are simulated side by side rather than one after the other. With
 * fewer there is one worker: on the project's 2-core VM two workers beside the page's main thread and the
 * browser's own threads made the answers no faster (compare view, 10^6 keys: 106 / 116 ms median against
 * 124 / 116 with one worker) and the drawing slower, with tasks of 50 ms. Each worker keeps its own caches,
 * checkpoints and tapes (sim.worker.ts), so a scenario always goes to the same lane.
 *
 * `run(channel, input)` resolves with the newest answer for that channel, or with `null` when a newer
 * request on the same channel superseded it (stale results are dropped here by id, whatever the worker
 * does). `onProgress`, if given, hears how far a long simulation is until it answers (superseded ones
 * fall silent). A worker that fails answers its own waiters with an error; the next request to its lane
 * starts a new one.
 */
import type { RawScenario } from '../components/lab/state/flat';
import { fromWire, type RunKind, type RunProgress, type RunRequest, type SimAnswer, type SimResponse } from './sim-protocol';

export type RunAnswer = SimAnswer;

/** How a worker is made; tests pass a stand-in (`setWorkerFactory`). The custom elements embed an iframe of the site, so their workers are the site's own. */
export type WorkerFactory = () => Worker;

let factory: WorkerFactory = () => new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'sim' });
/** Lanes in use: two where the machine has cores to spare for them (`setWorkerFactory` may fix it). */
let lanes = typeof navigator !== 'undefined' && (navigator.hardwareConcurrency ?? 1) >= 4 ? 2 : 1;
const workers: Array<Worker | null> = [];
let nextId = 1;
const latest = new Map<string, number>();
/** Each request waiting for its answer: how to resolve it, and the lane (worker) it went to. */
const waiting = new Map<number, { resolve: (a: RunAnswer | null) => void; lane: number }>();
const listeners = new Map<number, (p: RunProgress) => void>();

export function setWorkerFactory(f: WorkerFactory, options: { lanes?: 1 | 2 } = {}) {
  factory = f;
  if (options.lanes) lanes = options.lanes;
}

function onMessage(ev: MessageEvent<SimResponse>) {
  const msg = ev.data;
  if (msg.type === 'progress') {
    if (latest.get(msg.channel) === msg.id) listeners.get(msg.id)?.({ fraction: msg.fraction, phase: msg.phase });
    return;
  }
  listeners.delete(msg.id);
  const w = waiting.get(msg.id);
  if (!w) return;
  waiting.delete(msg.id);
  if (msg.type === 'dropped' || latest.get(msg.channel) !== msg.id) w.resolve(null);
  else w.resolve(msg.type === 'result' && msg.result ? { ...msg, result: fromWire(msg.result) } : (msg as SimAnswer));
}

/** The worker of `lane` failed: each of its waiters gets the error, and the lane starts afresh next time. */
function failLane(lane: number, message: string) {
  for (const [id, w] of waiting) {
    if (w.lane !== lane) continue;
    waiting.delete(id);
    listeners.delete(id);
    w.resolve({ type: 'error', id, channel: '', message });
  }
  workers[lane]?.terminate();
  workers[lane] = null;
}

function getWorker(lane: number): Worker {
  let w = workers[lane];
  if (!w) {
    w = workers[lane] = factory();
    w.onmessage = onMessage;
    w.onerror = (e) => failLane(lane, `the simulator worker failed: ${e.message || 'could not load'}`);
  }
  return w;
}

export interface RunOptions {
  /** Hears how far a long simulation is (sim-protocol.ts `progress`). */
  onProgress?: (p: RunProgress) => void;
  /** Asked ahead of need (sim-protocol.ts `warm`): the worker may drop it for a request that cannot use it. */
  warm?: boolean;
  /** 0 (default): scenario A; 1: scenario B and the occupancy replay. Folded into lane 0 below four cores. */
  lane?: 0 | 1;
}

export function run(channel: string, input: RawScenario, kind: RunKind = 'sim', { onProgress, warm, lane = 0 }: RunOptions = {}): Promise<RunAnswer | null> {
  const id = nextId++;
  const prev = latest.get(channel);
  latest.set(channel, id);
  if (prev !== undefined) {
    // The superseded caller learns at once; the worker's later answer for it is ignored.
    waiting.get(prev)?.resolve(null);
    waiting.delete(prev);
    listeners.delete(prev);
  }
  const at = Math.min(lane, lanes - 1);
  return new Promise((resolve) => {
    waiting.set(id, { resolve, lane: at });
    if (onProgress) listeners.set(id, onProgress);
    const req: RunRequest = { type: 'run', id, channel, input, kind, ...(warm ? { warm } : {}) };
    try {
      getWorker(at).postMessage(req);
    } catch (e) {
      waiting.delete(id);
      listeners.delete(id);
      resolve({ type: 'error', id, channel, message: `could not start the simulator: ${(e as Error).message}` });
    }
  });
}
