/**
 * The page ↔ simulator-worker protocol, message by message.
 *
 * page → worker
 *   { type: 'run', id, channel, input, kind }
 *       Simulate `input` (a raw scenario: any subset of fields, values possibly text). `kind` is 'sim'
 *       (default: `simulate`, answered with `result`) or 'occupancy' (the map operations replayed for the
 *       occupancy view, sim-occupancy.ts, answered with `occupancy`). `channel` names the
 *       figure asking (e.g. "lab-1:a"); only the newest request per channel matters, so the worker drops a
 *       queued request when a newer one arrives on the same channel before it starts. `id` grows per page.
 *
 * worker → page
 *   { type: 'result', id, channel, scenario, notes, result | occupancy, ms, resumed, replayed, timing }
 *       `scenario` is what `parseLenient` made of the input (clamped, defaults filled in); `notes` says what
 *       was adjusted, one line each; `ms` is the simulation's wall time in the worker; `resumed` says the
 *       run started from a saved insert phase (run.ts Checkpoints); `replayed` that it replayed a recorded
 *       run's map operations (run.ts Tapes). `timing` has the request's arrival in the
 *       worker and the answer's posting, as epoch milliseconds (timeOrigin + now, comparable across threads),
 *       for the lab benchmark's breakdown of a redraw.
 *   { type: 'error', id, channel, message }
 *       The simulator threw. The message names the scenario field when it can.
 *   { type: 'dropped', id, channel }
 *       The request was superseded before it ran. The page drops stale results by id as well, so a
 *       late answer can never overwrite a newer one.
 */
import type { Scenario } from '../sim/scenario';
import type { ResultLike } from '../components/lab/data/result';
import type { RawScenario } from '../components/lab/state/flat';
import type { OccupancyResult } from '../components/lab/data/occupancy';

export type RunKind = 'sim' | 'occupancy';

export interface RunRequest {
  type: 'run';
  id: number;
  channel: string;
  input: RawScenario;
  kind?: RunKind;
}

export type SimResponse =
  | {
      type: 'result';
      id: number;
      channel: string;
      scenario: Scenario;
      notes: string[];
      /** The parts of the simulator's result the views read (the rest stays in the worker). */
      result?: ResultLike;
      occupancy?: OccupancyResult;
      ms: number;
      resumed: boolean;
      replayed: boolean;
      timing: { receivedAt: number; postedAt: number };
    }
  | { type: 'error'; id: number; channel: string; message: string }
  | { type: 'dropped'; id: number; channel: string };
