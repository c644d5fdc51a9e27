/**
 * The simulator in a Web Worker (protocol: sim-protocol.ts).
 *
 * Jobs run one at a time (`nextJob`: the page's requests before warm runs, simulations before occupancy
 * replays), in slices of about `SLICE_MS` (`createSimulation(...).step()`, or the occupancy replay's
 * `createOccupancy(...).step()`), with a yield between slices so that new messages are seen while a long run
 * is under way: a newer request on a channel cancels that channel's job, queued or running (a slider drag
 * sends dozens), unless it is a warm run the new one can start from. Results are
 * cached by normalised scenario: the simulator is deterministic (seeded), so going back to an earlier
 * value costs nothing. The worker also keeps the state at the end of the last insert phases (run.ts
 * Checkpoints), and the occupancy replay's (OccupancyCheckpoints): when only the deletion ratio or the
 * rebuild policy changed, a run resumes from there. And it keeps the map operations of the last runs
 * (run.ts Tapes): when only GC settings changed (GOGC, GOMEMLIMIT, GOMAXPROCS, Green Tea), a run replays
 * them instead of running the map model. The occupancy view does not depend on GC settings at all: its
 * answers are cached without them.
 */
import { Checkpoints, Tapes, createSimulation, type Simulation, type SimResult } from '../sim/run';
import { withoutGcSettings } from '../sim/scenario';
import { Lru } from '../sim/lru';
import { parseLenient } from '../components/lab/state/lenient';
import { createOccupancy, OccupancyCheckpoints } from './sim-occupancy';
import type { OccupancyResult } from '../components/lab/data/occupancy';
import type { ResultLike } from '../components/lab/data/result';
import type { Scenario } from '../sim/scenario';
import { PROGRESS_AFTER_MS, PROGRESS_EVERY_MS, toWire, type RunRequest, type SimResponse } from './sim-protocol';

/** The worker global, typed by hand: the project's tsconfig has the DOM lib, not WebWorker. */
const scope = self as unknown as {
  postMessage(msg: SimResponse, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<RunRequest>) => void) | null;
};

interface Job {
  req: RunRequest;
  scenario: Scenario;
  notes: string[];
  key: string;
  /** The run under way: the simulation, or the occupancy replay; both advance by `step()`. */
  sim: Simulation | ReturnType<typeof createOccupancy> | null;
  ms: number;
  /** The run resumed from a checkpoint (skipped the insert phase). */
  resumed: boolean;
  /** The run replayed a recorded run's map operations (run.ts Tapes). */
  replayed: boolean;
  /** When the request arrived (epoch ms, sim-protocol.ts `timing`). */
  receivedAt: number;
  /** When its simulation started, and when it last reported progress (performance.now(); 0: not yet). */
  startedAt: number;
  reportedAt: number;
}

/** Epoch milliseconds, comparable with the page's (performance.timeOrigin differs per thread). */
const epochMs = () => performance.timeOrigin + performance.now();

const SLICE_MS = 20;
const CACHE_SIZE = 12;
const cache = new Lru<ResultLike | OccupancyResult>(CACHE_SIZE);
/** Two: the lab's compare mode runs two scenarios (A and B) side by side. */
const checkpoints = new Checkpoints(2);
const occupancyCheckpoints = new OccupancyCheckpoints(2);
/** Two, as for checkpoints: one per scenario of the compare mode. */
const tapes = new Tapes(2);
const jobs: Job[] = [];

function post(msg: SimResponse, transfer: Transferable[] = []) {
  scope.postMessage(msg, transfer);
}

/**
 * What the views read of a result (components/lab/data/result.ts): the series and the phase events of the
 * trace. The page decodes every answer on its main thread, and this is under half of it. The series is the
 * simulator's own array: only its drawn fields travel (`toWire` packs them).
 */
function forViews(r: SimResult): ResultLike {
  return {
    source: r.source,
    phases: r.phases,
    cycles: r.cycles,
    series: r.series,
    trace: r.trace.filter((e) => e.type === 'phase'),
  };
}

/** Tells the page how far a long simulation is (sim-protocol.ts `progress`), at most every PROGRESS_EVERY_MS. */
function reportProgress(job: Job) {
  if (!job.sim || !('progress' in job.sim)) return; // the occupancy replay has no progress measure
  const now = performance.now();
  if (now - job.startedAt < PROGRESS_AFTER_MS || now - job.reportedAt < PROGRESS_EVERY_MS) return;
  job.reportedAt = now;
  const { fraction, phase } = job.sim.progress();
  post({ type: 'progress', id: job.req.id, channel: job.req.channel, fraction, phase });
}

/**
 * Whether a warm run of `warm` (sim-protocol.ts) helps the run of `next`: it saves the insert phase `next`
 * resumes from, or the tape `next` replays.
 */
function helps(warm: Scenario, next: Scenario): boolean {
  const cp = Checkpoints.key(warm, {});
  const tape = Tapes.key(warm, {});
  return (cp !== null && cp === Checkpoints.key(next, {})) || (tape !== null && tape === Tapes.key(next, {}));
}

/**
 * The job to advance: the page's own requests before warm runs, and simulations before occupancy replays (the
 * heap and pause charts need not wait for the occupancy view, which the page asks for first; a replay under
 * way pauses between two slices). A request whose channel still has a warm run waits for it: that run was
 * kept because it helps (onmessage).
 */
function nextJob(): Job | undefined {
  const real = jobs.find((j) => !j.req.warm && j.req.kind !== 'occupancy') ?? jobs.find((j) => !j.req.warm);
  if (real) return jobs.find((j) => j.req.warm && j.req.channel === real.req.channel) ?? real;
  return jobs.find((j) => j.req.kind !== 'occupancy') ?? jobs[0];
}

function unqueue(job: Job) {
  jobs.splice(jobs.indexOf(job), 1);
}

function finish(job: Job, out: ResultLike | OccupancyResult) {
  unqueue(job);
  cache.set(job.key, out);
  const { id, channel } = job.req;
  const timing = { receivedAt: job.receivedAt, postedAt: epochMs() };
  const base = { type: 'result' as const, id, channel, scenario: job.scenario, notes: job.notes, ms: job.ms, resumed: job.resumed, replayed: job.replayed, timing };
  if (job.req.kind === 'occupancy') {
    post({ ...base, occupancy: out as OccupancyResult });
  } else {
    // packed afresh for each answer: the transfer detaches the buffer, and the cache keeps the unpacked result
    const { wire, transfer } = toWire(out as ResultLike);
    post({ ...base, result: wire }, transfer);
  }
}

function fail(job: Job, e: unknown) {
  unqueue(job);
  post({ type: 'error', id: job.req.id, channel: job.req.channel, message: e instanceof Error ? e.message : String(e) });
}

function tick() {
  scheduled = false;
  const job = nextJob();
  if (!job) return;
  const t0 = performance.now();
  try {
    const hit = cache.peek(job.key);
    if (hit) {
      finish(job, hit);
    } else {
      if (!job.sim) {
        const sim = job.req.kind === 'occupancy' ? createOccupancy(job.scenario, occupancyCheckpoints) : createSimulation(job.scenario, { checkpoints, tapes });
        job.resumed = sim.resumed;
        job.sim = sim;
        job.startedAt = t0;
      }
      let done = false;
      while (!done && performance.now() - t0 < SLICE_MS) done = job.sim.step(1);
      job.ms += performance.now() - t0;
      if (!done) reportProgress(job);
      if (done) {
        job.replayed = 'replayed' in job.sim && job.sim.replayed;
        finish(job, job.req.kind === 'occupancy' ? (job.sim.result() as OccupancyResult) : forViews(job.sim.result() as SimResult));
      }
    }
  } catch (e) {
    fail(job, e);
  }
  kick();
}

// A MessageChannel yields to the event loop without setTimeout's clamping, so slices run back to back.
const channel = new MessageChannel();
channel.port1.onmessage = tick;
let scheduled = false;
function kick() {
  if (scheduled || jobs.length === 0) return;
  scheduled = true;
  channel.port2.postMessage(0);
}

scope.onmessage = (ev: MessageEvent<RunRequest>) => {
  const receivedAt = epochMs();
  const req = ev.data;
  if (req?.type !== 'run') return;
  let parsed: ReturnType<typeof parseLenient> | null = null;
  let error: unknown = null;
  try {
    parsed = parseLenient(req.input);
  } catch (e) {
    error = e;
  }
  // A newer request on a channel replaces what is queued or under way there, except a warm run that helps it
  // (sim-protocol.ts `warm`): that one goes on, and the new run starts from what it saves.
  for (const old of jobs.filter((j) => j.req.channel === req.channel)) {
    if (old.req.warm && !req.warm && parsed && helps(old.scenario, parsed.scenario)) continue;
    unqueue(old);
    post({ type: 'dropped', id: old.req.id, channel: old.req.channel });
  }
  try {
    if (!parsed) throw error;
    const { scenario, notes } = parsed;
    const kind = req.kind ?? 'sim';
    const key = `${kind}:${JSON.stringify(kind === 'occupancy' ? withoutGcSettings(scenario) : scenario)}`;
    jobs.push({ req, scenario, notes, key, sim: null, ms: 0, resumed: false, replayed: false, receivedAt, startedAt: 0, reportedAt: 0 });
  } catch (e) {
    post({ type: 'error', id: req.id, channel: req.channel, message: e instanceof Error ? e.message : String(e) });
  }
  kick();
};
