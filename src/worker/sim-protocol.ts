/**
 * The page ↔ simulator-worker protocol, message by message.
 *
 * page → worker
 *   { type: 'run', id, channel, input, kind, warm }
 *       Simulate `input` (a raw scenario: any subset of fields, values possibly text). `kind` is 'sim'
 *       (default: `simulate`, answered with `result`) or 'occupancy' (the map operations replayed for the
 *       occupancy view, sim-occupancy.ts, answered with `occupancy`). `channel` names the
 *       figure asking (e.g. "lab-1:a"); only the newest request per channel matters, so the worker drops a
 *       queued request when a newer one arrives on the same channel before it starts. `id` grows per page.
 *       `warm: true` asks ahead of need (the reader's pointer or focus entered a widget that still shows its
 *       build-time figures), on the channel the reader's first change will use: the run saves its
 *       checkpoints and tape and caches its result, so that change resumes or replays instead of simulating
 *       from the start. The next request on the channel replaces a warm run as any other, unless the warm
 *       run helps it (the same insert phase, or the same map operations): then the warm run goes on and the
 *       new one starts from what it saves.
 *
 * worker → page
 *   { type: 'result', id, channel, scenario, notes, result | occupancy, ms, resumed, replayed, timing }
 *       `scenario` is what `parseLenient` made of the input (clamped, defaults filled in); `notes` says what
 *       was adjusted, one line each; `ms` is the simulation's wall time in the worker; `resumed` says the
 *       run started from a saved insert phase (run.ts Checkpoints); `replayed` that it replayed a recorded
 *       run's map operations (run.ts Tapes). `timing` has the request's arrival in the
 *       worker and the answer's posting, as epoch milliseconds (timeOrigin + now, comparable across threads),
 *       for the lab benchmark's breakdown of a redraw. The result's `series` travels packed (`WireSeries`:
 *       one Float64Array, transferred rather than copied) and `sim-client.ts` unpacks it: a cloned array
 *       of ~700 small objects cost the page's main thread about 1.5 ms per answer to receive and decode
 *       in Chromium, the packed one about 0.3 ms.
 *   { type: 'progress', id, channel, fraction, phase }
 *       A simulation still running after PROGRESS_AFTER_MS says how far it is (0..1, by map operations
 *       done, run.ts SimProgress) and in which phase, then again every PROGRESS_EVERY_MS: a run of 10^7 keys
 *       takes seconds, and the page shows the reader it is moving. Never sent for a quick run, nor for
 *       the occupancy replay.
 *   { type: 'error', id, channel, message }
 *       The simulator threw. The message names the scenario field when it can.
 *   { type: 'dropped', id, channel }
 *       The request was superseded before it ran. The page drops stale results by id as well, so a
 *       late answer can never overwrite a newer one.
 */
import type { Scenario } from '../sim/scenario';
import type { ResultLike } from '../components/lab/data/result';
import type { SeriesPointLike } from '../components/lab/data/heap';
import type { RawScenario } from '../components/lab/state/flat';
import type { OccupancyResult } from '../components/lab/data/occupancy';

export type RunKind = 'sim' | 'occupancy';

export interface RunRequest {
  type: 'run';
  id: number;
  channel: string;
  input: RawScenario;
  kind?: RunKind;
  /** Asked ahead of need for the channel's next request; replaced by it unless it helps it (see above). */
  warm?: boolean;
}

/** A `result` answer, with the result as the page reads it (`R` = ResultLike) or as it travels (`WireResult`). */
export interface ResultMessage<R> {
  type: 'result';
  id: number;
  channel: string;
  scenario: Scenario;
  notes: string[];
  /** The parts of the simulator's result the views read (the rest stays in the worker). */
  result?: R;
  occupancy?: OccupancyResult;
  ms: number;
  resumed: boolean;
  replayed: boolean;
  timing: { receivedAt: number; postedAt: number };
}

/** How far a long simulation is (the `progress` message). */
export interface RunProgress {
  /** 0..1, by map operations done. */
  fraction: number;
  /** The workload phase under way (insert, delete, rebuild, churn, …), or 'init'. */
  phase: string;
}

/** A simulation reports progress once it has run this long (ms)… */
export const PROGRESS_AFTER_MS = 250;
/** …and then at most this often (ms). */
export const PROGRESS_EVERY_MS = 100;

/** What the worker posts. */
export type SimResponse =
  | ResultMessage<WireResult>
  | ({ type: 'progress'; id: number; channel: string } & RunProgress)
  | { type: 'error'; id: number; channel: string; message: string }
  | { type: 'dropped'; id: number; channel: string };

/** What the page's callers get (sim-client.ts): the result unpacked. */
export type SimAnswer = ResultMessage<ResultLike> | Extract<SimResponse, { type: 'error' }>;

/** The series fields the views draw, in the order `WireSeries` packs them. */
export const SERIES_FIELDS = ['tNs', 'heapAlloc', 'heapGoal', 'heapLive', 'mapBytes'] as const satisfies readonly (keyof SeriesPointLike)[];

/** A series packed field after field: field f of point i is `data[f · n + i]`. */
export interface WireSeries {
  n: number;
  data: Float64Array;
}

export type WireResult = Omit<ResultLike, 'series'> & { series?: WireSeries };

export function packSeries(points: readonly SeriesPointLike[]): WireSeries {
  const n = points.length;
  const data = new Float64Array(SERIES_FIELDS.length * n);
  SERIES_FIELDS.forEach((f, k) => {
    for (let i = 0; i < n; i++) data[k * n + i] = points[i][f];
  });
  return { n, data };
}

export function unpackSeries({ n, data }: WireSeries): SeriesPointLike[] {
  const out: SeriesPointLike[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = { tNs: data[i], heapAlloc: data[n + i], heapGoal: data[2 * n + i], heapLive: data[3 * n + i], mapBytes: data[4 * n + i] };
  }
  return out;
}

/** The result as it travels, and the buffers to transfer with it. */
export function toWire(r: ResultLike): { wire: WireResult; transfer: ArrayBuffer[] } {
  if (!r.series) return { wire: r as WireResult, transfer: [] };
  const series = packSeries(r.series);
  return { wire: { ...r, series }, transfer: [series.data.buffer as ArrayBuffer] };
}

export function fromWire(w: WireResult): ResultLike {
  return w.series ? { ...w, series: unpackSeries(w.series) } : (w as ResultLike);
}
