/**
 * The workload driver: runs a scenario (scenario.ts) through a map model and the runtime model on the
 * virtual clock, and returns what the real-runtime harness would record (calibration/FORMAT.md), plus
 * time series and an event trace for the views.
 *
 * Glossary
 *   step        one map operation with its mutator cost: an insert (allocate the key's and value's heap
 *               objects, assign), a delete (regenerate a string key as garbage, delete, drop the entry's
 *               objects), or one entry copied by a rebuild. A step's CPU time comes from costs.ts; the
 *               GC may stretch it (assists, stolen CPU, pauses).
 *   chunk       a batch of steps between two yields of the incremental API (progress, cancel).
 *   phase       start → insert → delete → gc → rebuild_gc, or start → churn_end (FORMAT.md).
 *
 * Rules (cited as "run rule N"; they mirror calibration/cmd/child/mapwork.go and churn.go)
 *   1. The program starts with one runtime.GC(), then `make(map, hint)` (phase "start").
 *   2. insert: keys 0..n−1; each string16 key is a fresh 16-byte string; each pointer or string value a
 *      fresh object (ptrshared: one object shared by all, allocated at start). Then forcedGcRuns timed
 *      runtime.GC() calls (phase.forcedGcNs), read after the phase snapshot.
 *   3. delete (deleteRatio > 0): keys 0..floor(r·n)−1, oldest first. A string16 key is regenerated to
 *      delete it: 16 bytes of garbage per delete. The entry's own objects become garbage.
 *   4. gc (deleteRatio > 0 or rebuild set): one runtime.GC(), snapshot, then the timed GCs.
 *   5. rebuild_gc (rebuild set and deleted ≥ threshold·n): make(map, h) with h = len (live) or len/2
 *      (half), copy every entry (same key and value objects), drop the old map, runtime.GC(), snapshot,
 *      timed GCs.
 *   6. churn: key i is due at i/rate and expires at i/rate + ttl. Each loop inserts what is due, deletes
 *      what expired (if churn.delete), rebuilds when deletes since the last rebuild exceed threshold·len,
 *      then sleeps 1 ms. After durationMs: snapshot "churn_end" and the timed GCs.
 *   7. backgroundAlloc: another goroutine allocates short-lived pointer-free objects at bytesPerSec of
 *      simulated time, also while the mutator is inside a section (gc rule 11); they become garbage at once.
 *   8. Determinism: the map's hash seed and every random choice derive from scenario.seed; nothing reads
 *      the wall clock or Math.random.
 *   9. Optional (SimOptions.probeGc): after each block of timed GCs the calibration harness runs one automatic
 *      cycle: GOGC=1, 64 KiB pointer-free chunks in batches of 16 until a cycle has completed, GOGC back
 *      (calibration/cmd/child mapwork.go probeScan). Its garbage (allocated black during that mark, or after it
 *      within the last batch) is still in the next phase's heap. The harness also keeps its own records (the
 *      result's phases with their map readings, windows, cycles); from phase gc on, HeapAlloc counts what the
 *      harness measured of them (costs.harnessRecords).
 *  10. mode tts (calibration/cmd/child/tts.go): runtime.GC(); a goroutine (the mutator here) repeats the op:
 *      make: `m = make(map[K]V, hint)`, the old map becoming garbage; clear: `m[key(0)] = value(0)` into a map
 *      made once with the hint, then the range-delete idiom (mapclear). A make's small objects (Swiss tables'
 *      groups arrays) cost mutator.allocNsPerByte; its large ones cost what heap rule 5 says. A Swiss clear also
 *      visits every table (mutator.clearNsPerTable). Once the first op is done, main forces `gcs` GCs, sleeping
 *      `gapMs` before each (gc rule 10); the run ends with its last call. The cycles completed between the
 *      first op and that call form the tts window, whose pauses the harness reports (extra.pauseNs). idle:
 *      main alone, no map.
 *      Two shortcuts keep this fast, neither changing what the runtime sees: the first make runs the map model
 *      and records its allocations; later makes allocate the same objects (large ones in their order, small
 *      ones grouped by size) without building the map again. Ops shorter than 1 ms whose longest section is
 *      under 10 µs (a Swiss clear of one table) run in batches: one op in full, then the others' objects and
 *      CPU time; their sections, a few ns each, count as preemptible time.
 */
import type { AllocRequest, Allocator, HeapObject, MapEvent, GoMap, MapShape } from './contracts';
import { costsFor, type CostModel, type CostProfile } from './costs';
import type { Runtime, GcCycle, GcEvent } from './gc';
import { CheckpointStore, insertPhaseKey, isRung } from './checkpoints';
import { Lru } from './lru';
import { deepCopy, type BufferPool } from './fork';
import { deriveSeed, Rand } from './hash';
import { isMapTag, type Heap, type ObjectShape } from './heap';
import { ClassicMap } from './maps/classic';
import { SwissMap } from './maps/swiss';
import { parseScenario, withoutGcSettings, type Scenario } from './scenario';
import { Series, type SeriesPoint } from './series';
import { Trace, recordsMapEvent, type PhaseName, type TraceDetail, type TraceEvent } from './trace';
import { ReplayMap, RunTape, TapeMismatch } from './tape';
import { mapTypeOf, type MapType } from './types';
import { createSyncMapSimulation } from './syncmap/run';
import { heapPoint, incremental, newRuntime, phaseStats, roundedCycles, runSummary, stepBatch, timedGcs, type ForcedGcNs, type RunSummary } from './driver';

/** Version of the simulator, in `source` ("sim <version>"). */
export const SIM_VERSION = '0.2.0';

export type { ForcedGcNs } from './driver';

/**
 * One phase snapshot: the map's structure (MapShape: the result format's count, B, buckets, overflowBuckets,
 * directory, tables, groups, capacity, tombstones, mapBytes, plus noverflow, oldbuckets, nevacuate,
 * mapScanBytes), then MemStats fields and the timed GCs.
 */
export interface SimPhase extends MapShape {
  phase: PhaseName;
  heapAlloc: number;
  heapInuse: number;
  heapObjects: number;
  numGC: number;
  pauseTotalNs: number;
  forcedGcNs?: ForcedGcNs;
  // extras
  startNs: number;
  durNs: number;
  /** MemStats.NextGC: the heap goal after the phase. */
  nextGC: number;
  totalAlloc: number;
  mallocs: number;
}

/** A cycle: the result format's fields (gc.ts GcCycle), with times relative to the program start. */
export type SimCycle = GcCycle;

/**
 * Mode tts (run rule 10): the harness's `extra` of kind "tts" (calibration/FORMAT.md), same names, plus the
 * simulator's time to stop per window cycle.
 */
export interface SimTts {
  op: 'make' | 'clear' | 'idle';
  hint: number;
  /** Bytes of the map the op makes or clears (0 for idle). */
  mapBytes: number;
  /** Ops done (the first one, before the window, included). */
  ops: number;
  /** One op's wall time: median, min, max over every op. */
  opNs: ForcedGcNs | null;
  /** Wall time of each of main's runtime.GC() calls. */
  gcWallNs: number[];
  /** stw1Ns + stw2Ns (MemStats.PauseNs) of every cycle completed in the window, in order. */
  pauseNs: number[];
  pauseMedianNs: number;
  pauseMaxNs: number;
  /** Time to stop of the same cycles (gc rule 2), both of a cycle's stops together. */
  timeToStopNs: number[];
  /** Time to stop of each stop-the-world of those cycles, in order (what `/sched/pauses/stopping/gc:seconds` counts). */
  stopNs: number[];
  /** The window: cycles n with numGcFrom < n <= numGcTo, and its simulated start and end. */
  window: { numGcFrom: number; numGcTo: number; startNs: number; endNs: number };
}

export interface SimResult {
  scenario: Scenario;
  source: string;
  phases: SimPhase[];
  cycles: SimCycle[];
  /** Time series for charts (bounded; series.ts). */
  series: SeriesPoint[];
  /** Replayable events (bounded; trace.ts). */
  trace: TraceEvent[];
  traceCounts: Record<string, number>;
  traceDropped: Record<string, number>;
  /** Mode tts only (run rule 10). */
  tts?: SimTts;
  /** Where the cost constants came from, and anything borrowed. */
  costs: { goVersion: string; source: string };
  warnings: string[];
  /** Totals over the run. */
  summary: RunSummary;
}

export interface SimOptions {
  /** Points kept in `series` (between max and 2·max). Default 400. */
  maxSeriesPoints?: number;
  /** Events kept in `trace`. Default 5000. */
  traceLimit?: number;
  /** Map events to keep: 'structural' (default), 'all' (also every evacuate/overflow), 'none'. */
  traceDetail?: TraceDetail;
  /** Called after each chunk; return false to cancel (simulate then throws SimCancelled). */
  onProgress?: (p: SimProgress) => boolean | void;
  /** Which measurements the costs come from (costs.ts CostProfile). Default 'calibration'. */
  costProfile?: CostProfile;
  /**
   * Saved states to resume from (Checkpoints): a run whose insert phase matches a saved one starts after it;
   * a fresh run saves its own. Default none.
   */
  checkpoints?: Checkpoints;
  /**
   * Recorded map operations (Tapes, tape.ts): a run whose map operations match a recorded run's (the scenario
   * differs at most in GC settings) replays them instead of running the map model; other runs record theirs.
   * Default none.
   */
  tapes?: Tapes;
  /**
   * Mimic the calibration harness's probe cycle after each block of timed runtime.GC() calls (run rule 9),
   * so heap figures line up with its data sets. Default false.
   */
  probeGc?: boolean;
}

export interface SimProgress {
  /** 0..1, by operations done. */
  fraction: number;
  phase: PhaseName | 'init';
  simNs: number;
}

export class SimCancelled extends Error {
  constructor() {
    super('simulation cancelled');
    this.name = 'SimCancelled';
  }
}

const median = (sorted: number[]): number => {
  const s = [...sorted].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Steps between two yields of the incremental API. */
const CHUNK = 16384;
/** Steps between two checks of the series' sampling clock. */
const SAMPLE_STEPS = 256;
/** Steps run as one batch while no cycle is near (their allocations and CPU time are applied together). */
const BATCH = 256;
/**
 * calibration/cmd/child probeScan: 64 KiB noscan chunks, allocated 16 at a time between two reads of the
 * completed-cycle count, at most 2^16 batches.
 */
const PROBE_CHUNK = 64 << 10;
const PROBE_BATCH = 16;
const PROBE_MAX_BATCHES = 1 << 16;

/** Run rule 10: ops shorter than this run in batches… */
const TTS_BATCH_NS = 1e6;
/** …when their longest section is shorter than this… */
const TTS_SHORT_SECTION_NS = 10_000;
/** …and at most this many at a time. */
const TTS_BATCH_MAX = 4096;

/** Objects of one shape a make allocates, in the replay order of run rule 10. */
interface MakeStep {
  shape: ObjectShape;
  n: number;
  /** Map structure (counted in Heap.mapBytes). */
  map: boolean;
}

/** Passes a make's allocations to the heap and records them (run rule 10). */
class MakeRecorder implements Allocator {
  private readonly large: MakeStep[] = [];
  private readonly small = new Map<string, MakeStep>();
  constructor(private readonly heap: Heap) {}

  alloc(req: AllocRequest): HeapObject {
    const obj = this.heap.alloc(req);
    const shape = this.heap.shape(req.size, req.scan, req.scanBytes);
    const map = isMapTag(req.tag);
    if (shape.large) {
      this.large.push({ shape, n: 1, map });
    } else {
      const k = `${shape.sc}/${shape.bytes}/${shape.scanBytes}/${map}`;
      const st = this.small.get(k);
      if (st) st.n++;
      else this.small.set(k, { shape, n: 1, map });
    }
    return obj;
  }

  drop(obj: HeapObject): void {
    this.heap.drop(obj);
  }

  memclr(bytes: number, scan: boolean): void {
    this.heap.memclr(bytes, scan);
  }

  /** Large objects in their order (their sections matter), then the small ones. */
  steps(): MakeStep[] {
    return [...this.large, ...this.small.values()];
  }
}

/** A live map and what its entries own. */
interface Live {
  map: GoMap;
}

/** The scenario's workload on one map model and one runtime model. */
class Workload {
  /** The scenario; a fork from a checkpoint gets its own (only fields that act after the insert phase differ). */
  s: Scenario;
  readonly costs: CostModel;
  readonly heap: Heap;
  readonly rt: Runtime;
  readonly type: MapType;
  readonly trace: Trace;
  readonly series: Series;
  readonly phases: SimPhase[] = [];
  readonly warnings: string[] = [];
  /** Heap objects one entry owns (string data, *T target), one shape each. */
  private readonly owned: ObjectShape[] = [];
  /** 16-byte key regenerated to delete a string16 key (run rule 3). */
  private readonly tempKey: ObjectShape | null;
  private readonly ptrsPerEntry: number;
  /** Heap bytes the workload allocates per insert (the entry's own objects). */
  private readonly entryBytes: number;
  /** Background bytes not yet allocated (less than one object; run rule 7). */
  private bgCarry = 0;
  /** Mode tts (run rule 10). */
  private ttsResult: SimTts | null = null;
  /** The objects one make allocates (recorded from the map model's first make). */
  private makeSteps: MakeStep[] | null = null;
  /** The map the last make made: the model's own, or a replay of its objects. */
  private ttsCur: GoMap | 'replay' | null = null;
  private ttsMapBytes = 0;
  /** Each stop-the-world's time to stop, with its cycle (mode tts). */
  private readonly stops: { n: number; ns: number }[] = [];
  /** The harness's probe chunk (run rule 9), when mimicked. */
  private readonly probe: ObjectShape | null;
  /** The background goroutine's object (run rule 7), if it runs. */
  private bgShape: ObjectShape | null = null;
  private seedCounter = 0;
  live: Live;
  /** run rule 3 in progress: the delete phase has begun, at deleteT0, and keys [0, deletedSoFar) are deleted. */
  private deleteBegun = false;
  private deleteT0 = 0;
  deletedSoFar = 0;
  /** The new map while a rebuild copies into it. */
  private building: GoMap | null = null;
  opsDone = 0;
  /** The map operations this run records (tape.ts), or null. */
  tape: RunTape | null = null;
  /** The tape this run replays instead of running the map model, or null. */
  private replay: RunTape | null = null;
  private readonly replayed: ReplayMap[] = [];
  /** The maps this run made with the map model and still uses (their counted events join the trace when they retire, or at the end). */
  private readonly made: GoMap[] = [];
  /** The trace only counts evacuate and overflow events: the maps may count them (ClassicMapOptions.countFine). */
  private readonly countFine: boolean;
  private countsAdded = false;
  phase: PhaseName | 'init' = 'init';
  lagMaxNs: number | null = null;
  rebuilds = 0;

  /** `tape`: record the map operations (true), replay a recorded run's (a tape), or neither. */
  constructor(s: Scenario, o: SimOptions, tape: boolean | RunTape = false) {
    this.s = s;
    if (tape instanceof RunTape) this.replay = tape;
    else if (tape) this.tape = new RunTape(o.traceDetail ?? 'structural');
    this.costs = costsFor(s.impl, s.key, s.value, s.gomaxprocs, o.costProfile, s.greenTea ?? true);
    this.warnings.push(...this.costs.warnings);
    ({ heap: this.heap, rt: this.rt } = newRuntime(s, this.costs, (e) => this.onGcEvent(e)));
    this.probe = o.probeGc ? this.heap.shape(PROBE_CHUNK, false, 0) : null;
    this.trace = new Trace(o.traceLimit ?? 5000, o.traceDetail ?? 'structural');
    const detail = o.traceDetail ?? 'structural';
    this.countFine = !recordsMapEvent(detail, 'evacuate') && !recordsMapEvent(detail, 'overflow');
    this.series = new Series(o.maxSeriesPoints ?? 400, 1000);
    this.type = mapTypeOf(s.key, s.value);
    for (const t of [this.type.key, this.type.elem]) {
      for (const ob of t.owns) this.owned.push(this.heap.shape(ob.size, ob.scan, ob.scanBytes));
    }
    this.ptrsPerEntry = (this.type.key.ptrdata > 0 ? 1 : 0) + (this.type.elem.ptrdata > 0 ? 1 : 0);
    this.entryBytes = this.owned.reduce((a, sh) => a + sh.bytes, 0);
    this.tempKey = this.type.key.owns.length > 0 ? this.heap.shape(this.type.key.owns[0].size, false, 0) : null;
    if (s.backgroundAlloc && s.backgroundAlloc.bytesPerSec > 0 && s.mode !== 'tts') {
      this.bgShape = this.heap.shape(s.backgroundAlloc.objectBytes, false, 0);
      this.rt.background = { bytesPerNs: s.backgroundAlloc.bytesPerSec / 1e9, allocate: () => {} };
    }
    this.live = { map: null as unknown as GoMap };
    this.rebind();
  }

  /** Steps of the whole run, for the progress fraction. */
  get opsTotal(): number {
    const s = this.s;
    if (s.mode === 'tts') return s.tts!.gcs;
    const c = s.churn;
    if (c) return Math.floor((c.durationMs * c.insertsPerSec) / 1000) * (c.delete ? 2 : 1);
    const deleted = Math.floor(s.deleteRatio * s.n);
    return s.n + (s.deleteRatio > 0 ? deleted : 0) + (s.rebuild ? s.n - deleted : 0);
  }

  /**
   * (Re)creates every closure the workload hands to its parts, pointing at this instance. The constructor
   * calls it once; a fork calls it again, since a deep copy keeps the original's closures (fork.ts rule 4).
   */
  private rebind(): void {
    this.onMapEvent = (e: MapEvent): void => this.trace.addMap(e, this.rt.nowNs);
    this.rt.rebind((e) => this.onGcEvent(e));
    this.rt.livePointers = () => ((this.live.map?.count ?? 0) + (this.building?.count ?? 0)) * this.ptrsPerEntry;
    const bg = this.rt.background;
    const shape = this.bgShape;
    if (bg && shape) bg.allocate = (b) => this.background(shape, b);
    this.live.map?.setTrace(this.onMapEvent);
    this.building?.setTrace(this.onMapEvent);
  }

  /**
   * A copy of this workload that runs on as `scenario` from here (Checkpoint). Only valid between steps, where
   * no generator holds state, and for a scenario that agrees with this one on everything run so far.
   */
  fork(scenario: Scenario, pool?: BufferPool): Workload {
    const w = deepCopy(this as Workload, pool);
    w.s = scenario;
    w.rebind();
    return w;
  }

  // ---------------------------------------------------------------- plumbing

  private onGcEvent(e: GcEvent): void {
    this.trace.add(e);
    if (e.type === 'stw' && this.s.mode === 'tts') this.stops.push({ n: e.n, ns: e.timeToStopNs });
    if (e.type === 'gcStart' || e.type === 'markDone') this.sample(e.type);
  }

  /** Records a map's structural event on the virtual clock (set by rebind). */
  private onMapEvent!: (e: MapEvent) => void;

  newMap(hint: number, alloc: Allocator = this.heap): GoMap {
    const seed = deriveSeed(this.s.seed, ++this.seedCounter);
    const impl = this.s.impl;
    if (this.replay) {
      const m = this.replay.replay(this.seedCounter - 1, impl, hint, alloc, this.onMapEvent);
      this.replayed.push(m);
      return m;
    }
    const make = (a: Allocator, trace: (e: MapEvent) => void): GoMap => {
      const opts = { type: this.type, alloc: a, hint, seed, trace };
      return impl === 'classic' ? new ClassicMap({ ...opts, malloc: this.costs.rules.malloc, countFine: this.countFine }) : new SwissMap(opts);
    };
    const m = this.tape ? this.tape.record(impl, hint, alloc, this.onMapEvent, make) : make(alloc, this.onMapEvent);
    this.made.push(m);
    return m;
  }

  /**
   * A replaying run has ended: every map must have replayed its whole tape (tape.ts rule 4), and the events
   * its trace only counts are added (tape.ts rule 3).
   */
  finishReplay(): void {
    if (!this.replay) return;
    if (this.replayed.length !== this.replay.maps.length) throw new TapeMismatch(`the run made ${this.replayed.length} of the tape's ${this.replay.maps.length} maps`);
    for (const m of this.replayed) {
      m.checkFinished();
      for (const [type, n] of Object.entries(m.counted)) this.trace.countMapEvents(type, n);
    }
  }

  get replaying(): boolean {
    return this.replay !== null;
  }

  /** The mutator runs `ns` of CPU (the background goroutine keeps pace inside the runtime, gc rule 11). */
  cpu(ns: number): void {
    this.rt.mutate(ns);
  }

  /** run rule 7: `bytes` of the background goroutine's short-lived objects. */
  private background(shape: ObjectShape, bytes: number): void {
    this.bgCarry += bytes;
    const n = Math.floor(this.bgCarry / shape.bytes);
    if (n <= 0) return;
    this.bgCarry -= n * shape.bytes;
    this.heap.allocN(shape, n);
    this.heap.dropN(shape, n);
  }

  sample(why: string): void {
    this.series.add(heapPoint(this.rt, this.live.map ? this.live.map.count : 0, why));
  }

  private maybeSample(): void {
    if (this.series.due(this.rt.nowNs)) this.sample('sample');
  }

  // ---------------------------------------------------------------- steps

  /** Steps that may run as one batch: up to `max`, fewer near the trigger, few while a cycle runs. */
  private batch(bytesPerStep: number, max: number): number {
    return stepBatch(this.rt, bytesPerStep, max);
  }

  /**
   * Warms the map for keys [i, min(to, i + BATCH)) (GoMap.warm: overlapping cache misses; changes nothing)
   * and returns the end of that range. A batch never exceeds BATCH, so one call covers it.
   */
  private warm(map: GoMap, i: number, to: number): number {
    const end = Math.min(to, i + BATCH);
    map.warm?.(i, end - i);
    return end;
  }

  /** Inserts keys [from, to) (run rule 2), in batches that cannot overshoot a GC trigger. */
  insertRange(from: number, to: number): void {
    const owned = this.owned;
    const ns = this.costs.mutator.insertNs;
    const map = this.live.map;
    for (let i = from, warmed = from; i < to; ) {
      const k = this.batch(this.entryBytes, Math.min(BATCH, to - i));
      if (i + k > warmed) warmed = this.warm(map, i, to);
      if (map instanceof ReplayMap) map.assignRun(i, k);
      else for (let j = 0; j < k; j++) map.assign(i + j);
      for (let o = 0; o < owned.length; o++) this.heap.allocN(owned[o], k);
      this.cpu(k * ns);
      this.opsDone += k;
      i += k;
    }
  }

  /** Deletes keys [from, to) (run rule 3). */
  deleteRange(from: number, to: number): void {
    const owned = this.owned;
    const ns = this.costs.mutator.deleteNs;
    const map = this.live.map;
    const temp = this.tempKey;
    for (let i = from, warmed = from; i < to; ) {
      const k = this.batch(temp ? temp.bytes : 0, Math.min(BATCH, to - i));
      if (i + k > warmed) warmed = this.warm(map, i, to);
      let gone = 0;
      if (map instanceof ReplayMap) gone = map.deleteRun(i, k);
      else for (let j = 0; j < k; j++) if (map.delete(i + j)) gone++;
      if (temp) {
        this.heap.allocN(temp, k);
        this.heap.dropN(temp, k);
      }
      for (let o = 0; o < owned.length; o++) this.heap.dropN(owned[o], gone);
      this.cpu(k * ns);
      this.opsDone += k;
      i += k;
    }
  }

  /** run rule 5 and 6: copy live keys [from, to) into make(map, hint). */
  *rebuild(from: number, to: number, hint: number): Generator<void> {
    const fresh = this.newMap(hint);
    this.trace.add({ type: 'rebuild', atNs: this.rt.nowNs, fromCount: this.live.map.count, hint });
    const old = this.live.map;
    this.building = fresh;
    for (let k = from; k < to; ) {
      const n = Math.min(CHUNK, to - k);
      for (let i = k; i < k + n; ) {
        const b = this.batch(0, Math.min(BATCH, k + n - i));
        for (let j = 0; j < b; j++) fresh.assign(i + j);
        this.cpu(b * this.costs.mutator.copyNsPerEntry);
        i += b;
      }
      this.opsDone += n;
      k += n;
      this.maybeSample();
      yield;
    }
    this.retire(old);
    this.live.map = fresh;
    this.building = null;
    this.rebuilds++;
  }

  snapshot(phase: PhaseName, startNs: number, durNs: number): SimPhase {
    this.rt.sync();
    const rec = this.costs.harnessRecords;
    if (this.probe && rec && (phase === 'gc' || phase === 'rebuild_gc')) this.heap.externalBytes = rec[phase];
    const m: MapShape = this.live.map.shape();
    const p: SimPhase = { phase, ...m, ...phaseStats(this.rt, startNs, durNs) };
    this.phases.push(p);
    this.sample(phase);
    return p;
  }

  /** run rule 2: `runs` timed runtime.GC() calls. */
  forcedGcs(p: SimPhase): void {
    const block = timedGcs(this.rt, this.s.forcedGcRuns, (atNs, ns) => this.trace.add({ type: 'forcedGc', atNs, ns }));
    if (!block) return;
    p.forcedGcNs = block;
    if (this.probe) this.probeCycle(this.probe);
  }

  /**
   * run rule 9: GOGC=1 for a moment, 64 KiB chunks until one automatic cycle completes, GOGC back. The harness
   * reads the cycle count only after each batch of 16 chunks, so a batch is finished after the cycle ends; those
   * chunks are garbage the next phase still carries (at 1e3 entries, most of its heap).
   */
  private probeCycle(chunk: ObjectShape): void {
    const before = this.rt.cycles.length;
    this.rt.setGCPercent(1);
    const allocNs = chunk.bytes * this.costs.mutator.allocNsPerByte;
    for (let b = 0; b < PROBE_MAX_BATCHES && this.rt.cycles.length === before; b++) {
      for (let i = 0; i < PROBE_BATCH; i++) {
        this.heap.allocN(chunk, 1);
        this.heap.dropN(chunk, 1);
        this.cpu(allocNs);
      }
    }
    this.rt.setGCPercent(this.s.gogc);
  }

  phaseEdge(phase: PhaseName, edge: 'begin' | 'end'): void {
    this.phase = phase;
    this.trace.add({ type: 'phase', atNs: this.rt.nowNs, phase, edge });
  }

  // ---------------------------------------------------------------- the program

  /**
   * The whole run. `atCheckpoint` sees the workload where later runs may resume it (Checkpoints): at the end of
   * the insert phase (after its timed GCs, deletedSoFar 0), the last point that no control acting later
   * (deletion ratio, rebuild) has influenced, and at the start of the delete phase's last chunk (deletedSoFar
   * > 0), a state every run deleting at least that many keys shares; `rung` marks the chunk starts offered
   * as rungs (checkpoints.ts rule 2a). Mode map without churn only.
   */
  *program(atCheckpoint?: (w: Workload, rung: boolean) => void): Generator<void> {
    const s = this.s;
    if (s.mode === 'tts') {
      yield* this.ttsProgram();
      return;
    }
    this.start();
    if (s.churn) {
      yield* this.churn();
      return;
    }
    yield* this.insertPhase();
    atCheckpoint?.(this, false);
    yield* this.afterInsert(atCheckpoint);
  }

  /** run rule 1. */
  private start(): void {
    const s = this.s;
    const shared = this.type.elem.shared.map((o) => this.heap.shape(o.size, o.scan, o.scanBytes));
    for (const sh of shared) this.heap.allocN(sh, 1);
    this.rt.forceGC();
    const t0 = this.rt.nowNs;
    this.phaseEdge('start', 'begin');
    this.live.map = this.newMap(s.hint);
    this.snapshot('start', t0, this.rt.nowNs - t0);
    this.phaseEdge('start', 'end');
  }

  /** run rule 2. */
  private *insertPhase(): Generator<void> {
    const s = this.s;
    const t0 = this.rt.nowNs;
    this.phaseEdge('insert', 'begin');
    for (let i = 0; i < s.n; i += SAMPLE_STEPS) {
      this.insertRange(i, Math.min(s.n, i + SAMPLE_STEPS));
      this.maybeSample();
      if ((i + SAMPLE_STEPS) % CHUNK === 0) yield;
    }
    const ins = this.snapshot('insert', t0, this.rt.nowNs - t0);
    this.phaseEdge('insert', 'end');
    this.forcedGcs(ins);
    yield;
  }

  /** run rules 3–5: what follows the insert phase (a run resumed from a checkpoint starts here). */
  *afterInsert(atCheckpoint?: (w: Workload, rung: boolean) => void): Generator<void> {
    const s = this.s;
    let t0: number;
    // run rule 3
    const deleted = Math.floor(s.deleteRatio * s.n);
    if (s.deleteRatio > 0) {
      if (!this.deleteBegun) {
        this.deleteBegun = true;
        this.deleteT0 = this.rt.nowNs;
        this.phaseEdge('delete', 'begin');
      }
      for (let i = this.deletedSoFar; i < deleted; i += SAMPLE_STEPS) {
        this.deletedSoFar = i;
        // Every run that deletes at least i keys is in this same state here (the chunks before i are whole
        // in all of them), so the start of the last chunk is a checkpoint for runs that delete more.
        // So is the start of any chunk: the rungs (checkpoints.ts rule 2a) are some of them.
        if (i > 0 && i + SAMPLE_STEPS >= deleted) atCheckpoint?.(this, false);
        else if (isRung(i, deleted, s.n, SAMPLE_STEPS)) atCheckpoint?.(this, true);
        this.deleteRange(i, Math.min(deleted, i + SAMPLE_STEPS));
        this.maybeSample();
        if ((i + SAMPLE_STEPS) % CHUNK === 0) yield;
      }
      this.deletedSoFar = deleted;
      this.snapshot('delete', this.deleteT0, this.rt.nowNs - this.deleteT0);
      this.phaseEdge('delete', 'end');
    }
    // run rule 4
    if (s.deleteRatio > 0 || s.rebuild) {
      t0 = this.rt.nowNs;
      this.phaseEdge('gc', 'begin');
      this.rt.forceGC();
      const gcp = this.snapshot('gc', t0, this.rt.nowNs - t0);
      this.phaseEdge('gc', 'end');
      this.forcedGcs(gcp);
      yield;
    }
    // run rule 5
    if (s.rebuild && deleted >= s.rebuild.threshold * s.n) {
      t0 = this.rt.nowNs;
      this.phaseEdge('rebuild_gc', 'begin');
      const len = this.live.map.count;
      const hint = s.rebuild.hint === 'half' ? Math.floor(len / 2) : len;
      yield* this.rebuild(deleted, s.n, hint);
      this.rt.forceGC();
      const rb = this.snapshot('rebuild_gc', t0, this.rt.nowNs - t0);
      this.phaseEdge('rebuild_gc', 'end');
      this.forcedGcs(rb);
    }
  }

  /** run rule 6 */
  *churn(): Generator<void> {
    const s = this.s;
    const c = s.churn!;
    const rate = c.insertsPerSec / 1e9; // keys per ns
    const ttlNs = c.ttlMs * 1e6;
    const durNs = c.durationMs * 1e6;
    const t0 = this.rt.nowNs;
    this.phaseEdge('churn_end', 'begin');
    let inserted = 0;
    let expired = 0;
    let sinceRebuild = 0;
    let lagMax = 0;
    for (;;) {
      const el = this.rt.nowNs - t0;
      if (el >= durNs) break;
      const due = Math.floor(el * rate);
      if (due > inserted) {
        lagMax = Math.max(lagMax, el - inserted / rate);
        while (inserted < due) {
          const n = Math.min(CHUNK, due - inserted);
          this.insertRange(inserted, inserted + n);
          inserted += n;
          if (n === CHUNK) yield;
        }
      }
      if (c.delete) {
        const upTo = Math.min(inserted, Math.floor((el - ttlNs) * rate));
        while (expired < upTo) {
          const n = Math.min(CHUNK, upTo - expired);
          this.deleteRange(expired, expired + n);
          expired += n;
          sinceRebuild += n;
          if (n === CHUNK) yield;
        }
        const len = this.live.map.count;
        if (s.rebuild && sinceRebuild > s.rebuild.threshold * len && len > 0) {
          yield* this.rebuild(expired, inserted, s.rebuild.hint === 'half' ? Math.floor(len / 2) : len);
          sinceRebuild = 0;
        }
      }
      this.maybeSample();
      this.rt.idle(1e6); // time.Sleep(time.Millisecond)
    }
    this.lagMaxNs = lagMax;
    const p = this.snapshot('churn_end', t0, this.rt.nowNs - t0);
    this.phaseEdge('churn_end', 'end');
    this.forcedGcs(p);
  }

  /** run rule 10: the time-to-stop experiment (calibration/cmd/child/tts.go). */
  *ttsProgram(): Generator<void> {
    const t = this.s.tts!;
    const rt = this.rt;
    this.rt.forceGC(); // window "init"
    const gcWallNs: number[] = [];
    const opNs: number[] = [];
    const window = { numGcFrom: 0, numGcTo: 0, startNs: 0, endNs: 0, fromCycle: 0, toCycle: 0 };
    const open = () => {
      window.numGcFrom = rt.cycles.length;
      window.fromCycle = rt.cycles.length;
      window.startNs = rt.nowNs;
    };
    const close = (endNs: number) => {
      window.numGcTo = rt.cycles.length;
      window.toCycle = rt.cycles.length;
      window.endNs = endNs;
    };
    if (t.op === 'idle') {
      // Main alone: it is the mutator, asleep between its calls.
      open();
      for (let i = 0; i < t.gcs; i++) {
        rt.idle(t.gapMs * 1e6);
        const wall = rt.forceGC();
        gcWallNs.push(wall);
        this.trace.add({ type: 'forcedGc', atNs: rt.nowNs, ns: wall });
        this.opsDone++;
        this.maybeSample();
        yield;
      }
      close(rt.nowNs);
    } else {
      if (t.op === 'clear') {
        this.live.map = this.newMap(t.hint);
        this.ttsMapBytes = this.live.map.shape().mapBytes;
      }
      const op = t.op === 'make' ? () => this.ttsMake(t.hint) : () => this.ttsClear();
      const clearCpu = this.costs.mutator.insertNs + this.costs.mutator.clearNsPerTable * (this.live.map?.shape().tables ?? 0);
      const timed = () => {
        rt.longestSectionNs = 0;
        const t0 = rt.nowNs;
        op();
        const d = rt.nowNs - t0;
        opNs.push(d);
        if (t.op !== 'clear' || d >= TTS_BATCH_NS || rt.longestSectionNs > TTS_SHORT_SECTION_NS) return;
        // Batch the next ops (see run rule 10).
        const k = Math.min(TTS_BATCH_MAX, Math.floor(TTS_BATCH_NS / Math.max(d, 1)) - 1);
        if (k <= 0) return;
        const t1 = rt.nowNs;
        for (const o of this.owned) this.heap.allocN(o, k);
        this.cpu(k * clearCpu);
        for (const o of this.owned) this.heap.dropN(o, k);
        const each = (rt.nowNs - t1) / k;
        for (let i = 0; i < k; i++) opNs.push(each);
      };
      // Main polls until the goroutine's first op is done, then opens the window and starts its calls.
      timed();
      open();
      const rand = new Rand(deriveSeed(this.s.seed, 0x7757));
      rt.startGcCaller({
        gapNs: t.gapMs * 1e6,
        count: t.gcs,
        random: () => rand.next() / 2 ** 32,
        onReturn: (wall, endNs) => {
          gcWallNs.push(wall);
          this.trace.add({ type: 'forcedGc', atNs: endNs, ns: wall });
          this.opsDone++;
          if (gcWallNs.length === t.gcs) close(endNs);
        },
      });
      for (let k = 1; rt.callerBusy; k++) {
        timed();
        if (k % 8 === 0) {
          this.maybeSample();
          yield;
        }
      }
      if (t.gcs === 0) close(rt.nowNs);
    }
    const cycles = rt.cycles.slice(window.fromCycle, window.toCycle);
    const pauseNs = cycles.map((c) => Math.round(c.stw1Ns + c.stw2Ns));
    const sorted = [...opNs].sort((a, b) => a - b);
    this.ttsResult = {
      op: t.op,
      hint: t.hint,
      mapBytes: t.op === 'idle' ? 0 : this.ttsMapBytes,
      ops: opNs.length,
      opNs: sorted.length
        ? { median: Math.round(median(sorted)), min: Math.round(sorted[0]), max: Math.round(sorted[sorted.length - 1]), runs: sorted.length }
        : null,
      gcWallNs: gcWallNs.map(Math.round),
      pauseNs,
      pauseMedianNs: pauseNs.length ? median(pauseNs) : 0,
      pauseMaxNs: pauseNs.length ? Math.max(...pauseNs) : 0,
      timeToStopNs: cycles.map((c) => Math.round(c.timeToStopNs)),
      stopNs: this.stops.filter((x) => x.n > window.numGcFrom && x.n <= window.numGcTo).map((x) => Math.round(x.ns)),
      window: {
        numGcFrom: window.numGcFrom,
        numGcTo: window.numGcTo,
        startNs: Math.round(window.startNs),
        endNs: Math.round(window.endNs),
      },
    };
    this.sample('tts');
  }

  /** run rule 10, op make: `m = make(map[K]V, hint)`; the old map becomes garbage once replaced. */
  private ttsMake(hint: number): void {
    const h = this.heap;
    const small0 = h.totalAlloc - h.largeBytes;
    const old = this.ttsCur;
    if (this.makeSteps === null) {
      const rec = new MakeRecorder(h);
      const m = this.newMap(hint, rec);
      this.makeSteps = rec.steps();
      this.live.map = m;
      this.ttsCur = m;
      this.ttsMapBytes = m.shape().mapBytes;
    } else {
      for (const st of this.makeSteps) h.allocN(st.shape, st.n, st.map);
      this.ttsCur = 'replay';
    }
    const small = h.totalAlloc - h.largeBytes - small0;
    if (small > 0) this.cpu(small * this.costs.mutator.allocNsPerByte);
    if (old === 'replay') for (const st of this.makeSteps) h.dropN(st.shape, st.n, st.map);
    else if (old) this.retire(old);
  }

  /** run rule 10, op clear: insert key 0, then the range-delete idiom (mapclear). */
  private ttsClear(): void {
    const m = this.live.map;
    m.assign(0);
    for (const o of this.owned) this.heap.allocN(o, 1);
    this.cpu(this.costs.mutator.insertNs);
    m.clear();
    if (this.costs.mutator.clearNsPerTable > 0) this.cpu(this.costs.mutator.clearNsPerTable * (m.shape().tables ?? 0));
    for (const o of this.owned) this.heap.dropN(o, 1);
  }

  /**
   * A map the run no longer uses (replaced by a rebuild or a re-make): released, its counted events added to
   * the trace now (a count does not depend on when it is added), and not kept, so its buffers can go.
   */
  private retire(m: GoMap): void {
    m.release();
    const i = this.made.indexOf(m);
    if (i < 0) return; // a replayed map: the map model did not run, and the tape holds its events
    this.made.splice(i, 1);
    this.addCounts(m);
  }

  private addCounts(m: GoMap): void {
    for (const [type, n] of Object.entries(m.fineCounts?.() ?? {})) this.trace.countMapEvents(type, n);
  }

  result(): SimResult {
    if (!this.countsAdded) {
      this.countsAdded = true;
      for (const m of this.made) this.addCounts(m);
    }
    const cycles = roundedCycles(this.rt.cycles);
    return {
      scenario: this.s,
      source: `sim ${SIM_VERSION} (${this.costs.goVersion} rules and costs)`,
      phases: this.phases,
      cycles,
      series: this.series.points,
      trace: this.trace.events,
      traceCounts: this.trace.counts,
      traceDropped: this.trace.dropped,
      ...(this.ttsResult ? { tts: this.ttsResult } : {}),
      costs: { goVersion: this.costs.goVersion, source: this.costs.source },
      warnings: this.warnings,
      summary: runSummary(this.rt, cycles, this.lagMaxNs, this.rebuilds),
    };
  }
}

/**
 * Saved workloads to resume runs from (Workload.program's checkpoints; the rules are checkpoints.ts's). The
 * key adds the options that shape the recording. The lab's worker keeps one, so that moving the
 * deletion-ratio or rebuild controls skips the insert phase, and dragging the deletion ratio upwards also
 * skips the deletes already simulated. The result of a resumed run equals a fresh run's byte for byte
 * (tests/sim/checkpoint.test.ts).
 */
export class Checkpoints extends CheckpointStore<Workload> {
  /** The key of a scenario's insert phase, or null for modes that have no checkpoint (tts, churn). */
  static key(s: Scenario, o: SimOptions): string | null {
    if (s.mode === 'tts' || s.churn) return null;
    return insertPhaseKey(s, [o.maxSeriesPoints ?? 400, o.traceLimit ?? 5000, o.traceDetail ?? 'structural', o.costProfile ?? 'calibration', o.probeGc === true]);
  }
}

/**
 * Map tapes of finished runs (tape.ts), for runs that differ from them only in GC settings. The lab's worker
 * keeps one: moving GOGC, GOMEMLIMIT, GOMAXPROCS, Green Tea or the timed-GC count replays the map operations
 * instead of running the map model. A replayed result equals a fresh run's byte for byte
 * (tests/sim/tape.test.ts).
 */
export class Tapes {
  private readonly saved: Lru<RunTape>;

  /** Tapes kept at most, the least recently used dropped first. */
  constructor(capacity = 2) {
    this.saved = new Lru(capacity);
  }

  /**
   * The key of a scenario's map operations: the scenario without its GC settings (scenario.ts GC_SETTINGS),
   * plus the trace detail (tape rule 3) and the cost profile (it picks the malloc rules a map allocates by).
   * Null when the operations depend on simulated time (churn, tts), for mode syncmap, and for runs too big to
   * keep a tape of (about 6 bytes per operation, more while classic maps evacuate).
   */
  static key(s: Scenario, o: SimOptions): string | null {
    if (s.mode === 'tts' || s.mode === 'syncmap' || s.churn) return null;
    const deleted = Math.floor(s.deleteRatio * s.n);
    if (s.n + deleted + (s.rebuild ? s.n - deleted : 0) > MAX_TAPE_OPS) return null;
    return JSON.stringify([withoutGcSettings(s), o.traceDetail ?? 'structural', o.costProfile ?? 'calibration']);
  }

  get size(): number {
    return this.saved.size;
  }

  /** The tape for `key`, if kept; it becomes the most recent. */
  get(key: string): RunTape | undefined {
    return this.saved.get(key);
  }

  save(key: string, tape: RunTape): void {
    if (!tape.complete) throw new Error('only a finished run\'s tape can be kept');
    this.saved.set(key, tape);
  }

  drop(key: string): void {
    this.saved.delete(key);
  }
}

/** Map operations a run may have to keep a tape (Tapes.key): a few tens of MB at most. */
const MAX_TAPE_OPS = 4_000_000;

/** An incremental simulation: call `step()` until it returns true, then `result()`. */
export interface Simulation {
  /** True when the run started from a checkpoint instead of from the beginning. */
  readonly resumed: boolean;
  /** Keys the resumed-from state had already deleted (0: the end of the insert phase, or not resumed). */
  readonly resumedDeletes: number;
  /** True when the run replays a recorded run's map operations (Tapes) instead of running the map model. */
  readonly replayed: boolean;
  /** Runs up to `chunks` chunks (default 1). Returns true when the run is complete. */
  step(chunks?: number): boolean;
  progress(): SimProgress;
  result(): SimResult;
}

function toScenario(input: Scenario | unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(`invalid scenario: ${r.errors.join('; ')}`);
  return r.scenario;
}

/** Starts a simulation that a Web Worker can advance chunk by chunk (progress, cancel between chunks). */
export function createSimulation(scenario: Scenario | unknown, options: SimOptions = {}): Simulation {
  const s = toScenario(scenario);
  if (s.mode === 'syncmap') return createSyncMapSimulation(s, options); // mode syncmap: src/sim/syncmap/run.ts
  const store = options.checkpoints;
  const key = store ? Checkpoints.key(s, options) : null;
  const saved = key !== null ? store!.get(key, s) : undefined;
  const save = key !== null ? (at: Workload, rung = false) => store!.offer(key, at, rung) : undefined;
  const tapes = options.tapes;
  const tapeKey = tapes ? Tapes.key(s, options) : null;
  let w: Workload;
  let it: Generator<void>;
  /** A fresh run, replaying a kept tape if `replay` and there is one (a replay saves no checkpoint: its map is a tape). */
  const fresh = (replay: boolean) => {
    const tape = replay && tapeKey !== null ? tapes!.get(tapeKey) : undefined;
    w = tape ? new Workload(s, options, tape) : new Workload(s, options, tapeKey !== null);
    it = w.program(tape ? undefined : save);
  };
  if (saved) {
    w = saved.fork(s, store!.pool); // records on its copy of the saved run's tape, if that run recorded one (tape.ts rule 6)
    it = w.afterInsert(save);
  } else {
    fresh(true);
  }
  function* whole(): Generator<void> {
    yield* it;
    w.finishReplay();
    if (w.tape && tapeKey !== null) {
      w.tape.finish();
      tapes!.save(tapeKey, w.tape);
    }
  }
  const progress = (done: boolean): SimProgress => ({
    fraction: done ? 1 : Math.min(0.999, w.opsTotal > 0 ? w.opsDone / w.opsTotal : 0),
    phase: w.phase,
    simNs: w.rt.nowNs,
  });
  // A resumed run is a copy from the store's pool: once its result is out, nothing reads its buffers but the
  // tape it recorded (kept in `tapes`), so the rest go back to the pool (fork.ts rule 6).
  let out: SimResult | null = null;
  const result = (): SimResult => {
    if (out) return out;
    out = w.result();
    if (saved) store!.pool.release(w, w.tape?.buffers());
    return out;
  };
  let run = incremental(whole(), progress, result);
  return {
    resumed: saved !== undefined,
    resumedDeletes: saved?.deletedSoFar ?? 0,
    get replayed() {
      return w.replaying;
    },
    step(chunks?: number): boolean {
      try {
        return run.step(chunks);
      } catch (e) {
        // A tape that does not fit is a bug (tape.ts rule 4; tests/sim/tape.test.ts): forget it and run the
        // map model from the start rather than fail the reader's run.
        if (!(e instanceof TapeMismatch) || !w.replaying) throw e;
        tapes!.drop(tapeKey!);
        fresh(false);
        run = incremental(whole(), progress, result);
        return run.step(chunks);
      }
    },
    progress: () => run.progress(),
    result: () => run.result(),
  };
}

/** Runs a scenario to the end. Deterministic: the same scenario (seed included) gives the same result. */
export function simulate(scenario: Scenario | unknown, options: SimOptions = {}): SimResult {
  const sim = createSimulation(scenario, options);
  while (!sim.step(1)) {
    if (options.onProgress && options.onProgress(sim.progress()) === false) throw new SimCancelled();
  }
  return sim.result();
}
