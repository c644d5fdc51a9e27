/**
 * The simulator in a Web Worker (protocol: sim-protocol.ts).
 *
 * Requests queue per channel; a newer request on a channel replaces a queued one (a slider drag sends
 * dozens). One request runs per macrotask, so messages that arrive during a run are seen before the next.
 * Results are cached by the normalised scenario: the simulator is deterministic (seeded), so going back
 * to an earlier value costs nothing.
 */
import { simulate } from '../sim/run';
import { parseLenient } from '../components/lab/state/lenient';
import type { RunRequest, SimResponse } from './sim-protocol';
import type { SimResult } from '../sim/run';

declare const self: DedicatedWorkerGlobalScope;

const queue = new Map<string, RunRequest>();
let scheduled = false;

const CACHE_SIZE = 12;
const cache = new Map<string, SimResult>();

function cached(key: string, run: () => SimResult): SimResult {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // re-insert: most recently used last
    cache.set(key, hit);
    return hit;
  }
  const r = run();
  cache.set(key, r);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return r;
}

function post(msg: SimResponse) {
  self.postMessage(msg);
}

function runOne() {
  scheduled = false;
  const next = queue.entries().next();
  if (next.done) return;
  const [channel, req] = next.value;
  queue.delete(channel);
  try {
    const { scenario, notes } = parseLenient(req.input);
    const t0 = performance.now();
    const result = cached(JSON.stringify(scenario), () => simulate(scenario));
    post({ type: 'result', id: req.id, channel, scenario, notes, result, ms: performance.now() - t0 });
  } catch (e) {
    post({ type: 'error', id: req.id, channel, message: e instanceof Error ? e.message : String(e) });
  }
  schedule();
}

function schedule() {
  if (scheduled || queue.size === 0) return;
  scheduled = true;
  setTimeout(runOne, 0);
}

self.onmessage = (ev: MessageEvent<RunRequest>) => {
  const req = ev.data;
  if (req?.type !== 'run') return;
  const old = queue.get(req.channel);
  if (old) post({ type: 'dropped', id: old.id, channel: old.channel });
  queue.set(req.channel, req);
  schedule();
};
