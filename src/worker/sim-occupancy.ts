/**
 * Occupancy frames: the scenario's map operations replayed on the simulator's own map model, with its
 * event trace turned into frames.
 *
 * `SimResult` carries no view of the map's storage (docs/widgets.md, "needs from sim"), so this replays
 * the map side of the workload (run.ts rules 1, 2, 3, 5, 6) on a fresh ClassicMap / SwissMap of the same
 * type, hint and seed (`deriveSeed(seed, k)` for the k-th map made, as run.ts does), allocating through a
 * bare Allocator: the same operations in the same order give the same storage as the simulated run,
 * without heap or GC. Churn interleaves inserts and expiries by simulated time in run.ts; here each
 * insert is followed by the deletes due at its own insert time, which is close but not exact (flagged).
 *
 * Frames: after `make`, after every structural event (growth start/end, Swiss small→table, table grow,
 * split, prune, clear), at evacuation progress steps, and at each phase end. Events fire inside an
 * operation, so the frame is taken once the operation returns.
 */
import { ClassicMap } from '../sim/maps/classic';
import { SwissMap } from '../sim/maps/swiss';
import { costsFor } from '../sim/costs';
import { deriveSeed } from '../sim/hash';
import { CheckpointStore, insertPhaseKey, isRung } from '../sim/checkpoints';
import { deepCopy, logArray, type BufferPool } from '../sim/fork';
import { mapTypeOf } from '../sim/types';
import { classicChains, classicDensity, swissDensity, swissGroups } from '../sim/occupancy';
import type { Allocator, GoMap, MapEvent } from '../sim/contracts';
import { withoutGcSettings, type Scenario } from '../sim/scenario';
import type { Caption, OccupancyFrame, OccupancyResult } from '../components/lab/data/occupancy';

/** Frames kept; evacuation steps are thinned first. */
const MAX_FRAMES = 160;
/**
 * Density frames of a big map cost a pass over all its slots each, so they are spaced by operations:
 * at most about this many per run (phase ends always get one).
 */
const DENSITY_FRAMES = 24;
/** Largest storage (slots, old buckets included) drawn slot by slot. */
const EXACT_MAX_SLOTS = 2048;
/** Bins of a density strip. */
const BINS = 512;
/** Evacuation progress frames per growth of a big map (at 1/4, 1/2, 3/4). */
const EVAC_STEPS = 4;
const SLOTS = 8;

type AnyMap = (ClassicMap | SwissMap) & GoMap;

/**
 * The replay needs the maps' structure, not heap accounting: an allocator that only hands out handles
 * (the contracts.ts seam the maps allocate through). Sizes are the requested ones, unrounded.
 */
function bareAllocator(): Allocator {
  let id = 0;
  return {
    alloc: (req) => ({ id: ++id, bytes: req.size, scan: req.scan, scanBytes: req.scanBytes, tag: req.tag }),
    drop() {},
    memclr() {},
  };
}

function slotsOf(m: AnyMap): number {
  if (m instanceof ClassicMap) {
    const { buckets, oldbuckets } = m.generations();
    return ((buckets?.used ?? 0) + (oldbuckets?.used ?? 0)) * SLOTS;
  }
  const st = (m as SwissMap).storage();
  return st.small ? SLOTS : st.tables.reduce((a, t) => a + t.capacity, 0);
}

/** The map's storage now: exact while small, a density strip once big. */
function picture(m: AnyMap): Pick<OccupancyFrame, 'classic' | 'swiss' | 'density'> {
  const exact = slotsOf(m) <= EXACT_MAX_SLOTS;
  if (m instanceof ClassicMap) {
    if (!exact) {
      const d = classicDensity(m, BINS);
      return { density: { main: d.main, old: d.old } };
    }
    const g = m.generations();
    return {
      classic: {
        B: m.B,
        buckets: g.buckets ? classicChains(m, 0, g.buckets.nbase, 'buckets') : [],
        old: g.oldbuckets ? classicChains(m, 0, g.oldbuckets.nbase, 'oldbuckets') : null,
        nevacuate: g.nevacuate,
      },
    };
  }
  const sm = m as SwissMap;
  if (!exact) {
    const d = swissDensity(sm, BINS);
    return { density: { main: d.main, old: null } };
  }
  const st = sm.storage();
  return {
    swiss: {
      globalDepth: st.globalDepth,
      small: st.small ? swissGroups(sm, 0, 0, 1).codes : null,
      tables: st.small
        ? []
        : st.tables.map((t) => ({ index: t.index, localDepth: t.localDepth, capacity: t.capacity, codes: swissGroups(sm, t.index, 0, t.capacity / SLOTS).codes })),
    },
  };
}

/** Operations between two yields of the replay (the worker runs it in time slices, like the simulator). */
const CHUNK = 16384;

/**
 * The replay's state, as fields rather than generator locals, so that a replay can be copied at the end of
 * its insert phase (fork.ts) and resumed for another deletion ratio or rebuild policy (OccupancyCheckpoints).
 */
class Replay {
  readonly s: Scenario;
  private readonly malloc: ReturnType<typeof costsFor>['rules']['malloc'];
  private readonly heap = bareAllocator();
  private readonly type: ReturnType<typeof mapTypeOf>;
  /** Frames never change once taken (a log for fork.ts). */
  readonly frames: OccupancyFrame[] = logArray();
  skipped = 0;
  private pending: Caption | null = null;
  private phase = 'start';
  private seedCounter = 0;
  map!: AnyMap;
  private evacNext = 0;
  private evacTotal = 0;
  /** The map ends big (more keys than exact pictures can show): step through its small past briefly. */
  private readonly bigRun: boolean;
  /**
   * Density frames are spaced by operations. The spacing depends on n only (at most 3n operations: inserts,
   * deletes and a rebuild's copies), so the insert phase is the same for every deletion ratio.
   */
  private readonly densityEvery: number;
  private ops = 0;
  private lastFrameOp = -Infinity;
  /** Keys [0, deletedSoFar) are deleted (run.ts rule 3). */
  deletedSoFar = 0;
  private onEvent!: (e: MapEvent) => void;

  constructor(s: Scenario) {
    this.s = s;
    this.malloc = costsFor(s.impl, s.key, s.value, s.gomaxprocs).rules.malloc;
    this.type = mapTypeOf(s.key, s.value);
    this.bigRun = s.churn !== null || s.n > EXACT_MAX_SLOTS;
    const c0 = s.churn;
    const opsMax = c0 ? Math.floor((c0.durationMs * c0.insertsPerSec) / 1000) * (c0.delete ? 2 : 1) : 3 * s.n;
    this.densityEvery = Math.max(1, Math.floor(opsMax / DENSITY_FRAMES));
    this.rebind();
  }

  /** (Re)creates the event handler for this instance: a copy must not report to the original (fork.ts rule 4). */
  private rebind(): void {
    this.onEvent = (e) => this.event(e);
    this.map?.setTrace(this.onEvent);
  }

  /** A copy that goes on as `s` (which agrees with this replay on everything replayed so far). */
  fork(s: Scenario, pool?: BufferPool): Replay {
    const r = deepCopy(this as Replay, pool);
    (r as { s: Scenario }).s = s;
    r.rebind();
    return r;
  }

  private event(e: MapEvent): void {
    switch (e.type) {
      case 'grow':
        this.evacTotal = 2 ** e.fromB;
        this.evacNext = 1;
        this.pending = { key: e.sameSize ? 'occupancy.cap.sameSize' : 'occupancy.cap.grow', vars: { count: e.count, fromB: e.fromB, toB: e.toB, old: 2 ** e.fromB, now: 2 ** e.toB } };
        break;
      case 'evacuate': {
        // Small maps: a frame per write that moved something; big ones, and small growths on the way to a
        // big map (each frame costs the page a copy), a few progress steps.
        const small = !this.bigRun && this.evacTotal * SLOTS * 3 <= EXACT_MAX_SLOTS;
        const step = Math.ceil((this.evacNext * this.evacTotal) / EVAC_STEPS);
        if (small || (e.nevacuate >= step && this.evacNext < EVAC_STEPS)) {
          if (!small) this.evacNext++;
          this.pending ??= { key: 'occupancy.cap.evacuate', vars: { moved: e.moved, oldbucket: e.oldbucket, nevacuate: e.nevacuate, old: this.evacTotal } };
        }
        break;
      }
      case 'growDone':
        this.pending = { key: 'occupancy.cap.growDone', vars: { B: e.B } };
        break;
      case 'smallToTable':
        this.pending = { key: 'occupancy.cap.smallToTable', vars: {} };
        break;
      case 'tableGrow':
        this.pending = { key: 'occupancy.cap.tableGrow', vars: { table: e.table, from: e.fromCapacity, to: e.toCapacity } };
        break;
      case 'split':
        this.pending = { key: 'occupancy.cap.split', vars: { table: e.table, localDepth: e.localDepth, globalDepth: e.globalDepth } };
        break;
      case 'prune':
        this.pending = { key: 'occupancy.cap.prune', vars: { table: e.table, removed: e.removed } };
        break;
      case 'clear':
        this.pending = { key: 'occupancy.cap.clear', vars: {} };
        break;
      case 'overflow':
        break;
    }
  }

  private snap(caption: Caption): void {
    this.frames.push({ phase: this.phase, count: this.map.count, caption, ...picture(this.map) });
  }

  private afterOp(): void {
    this.ops++;
    if (!this.pending) return;
    if (slotsOf(this.map) <= EXACT_MAX_SLOTS || this.ops - this.lastFrameOp >= this.densityEvery) {
      this.snap(this.pending);
      this.lastFrameOp = this.ops;
    } else {
      this.skipped++;
    }
    this.pending = null;
  }

  private newMap(hint: number): AnyMap {
    const seed = deriveSeed(this.s.seed, ++this.seedCounter);
    const opts = { type: this.type, alloc: this.heap, hint, seed, trace: this.onEvent };
    return this.s.impl === 'classic' ? new ClassicMap({ ...opts, malloc: this.malloc }) : new SwissMap(opts);
  }

  /**
   * The whole replay. `atCheckpoint` sees it where another scenario may resume it: at the end of the insert
   * phase, and after the last delete (before the phase-end frame), a state shared by every replay that
   * deletes more keys. Not for churn.
   */
  *run(atCheckpoint?: (r: Replay, rung?: boolean) => void): Generator<void> {
    const s = this.s;
    this.map = this.newMap(s.hint);
    this.snap({ key: 'occupancy.cap.make', vars: { hint: s.hint } });
    if (s.churn) {
      yield* this.churn();
      return;
    }
    this.phase = 'insert';
    for (let i = 0; i < s.n; i++) {
      this.map.assign(i);
      this.afterOp();
      if ((i & (CHUNK - 1)) === CHUNK - 1) yield;
    }
    this.snap({ key: 'occupancy.cap.phaseEnd', vars: { phase: 'insert', count: this.map.count } });
    atCheckpoint?.(this);
    yield* this.afterInsert(atCheckpoint);
  }

  private *churn(): Generator<void> {
    const s = this.s;
    const c = s.churn!;
    const total = Math.floor((c.durationMs * c.insertsPerSec) / 1000);
    const ttlInserts = (c.ttlMs / 1000) * c.insertsPerSec; // inserts that happen during one TTL
    this.phase = 'churn_end';
    let expired = 0;
    let sinceRebuild = 0;
    for (let i = 0; i < total; i++) {
      this.map.assign(i);
      this.afterOp();
      if ((i & (CHUNK - 1)) === CHUNK - 1) yield;
      if (!c.delete) continue;
      for (; expired < i - ttlInserts; expired++, sinceRebuild++) {
        this.map.delete(expired);
        this.afterOp();
      }
      const len = this.map.count;
      if (s.rebuild && sinceRebuild > s.rebuild.threshold * len && len > 0) {
        const old = this.map;
        this.map = this.newMap(s.rebuild.hint === 'half' ? Math.floor(len / 2) : len);
        for (let k = expired; k <= i; k++) this.map.assign(k);
        old.release();
        this.afterOp();
        sinceRebuild = 0;
      }
    }
    this.snap({ key: 'occupancy.cap.phaseEnd', vars: { phase: 'churn_end', count: this.map.count } });
  }

  /**
   * Deletes and the rebuild (run.ts rules 3 and 5): where a replay resumed from a saved state starts. Every
   * replay deleting at least i keys is in the same state before delete i, so the rungs of a drag downwards
   * (checkpoints.ts rule 2a) are offered there.
   */
  *afterInsert(atCheckpoint?: (r: Replay, rung?: boolean) => void): Generator<void> {
    const s = this.s;
    const deleted = Math.floor(s.deleteRatio * s.n);
    if (s.deleteRatio > 0) {
      this.phase = 'delete';
      for (let i = this.deletedSoFar; i < deleted; i++) {
        if (atCheckpoint && isRung(i, deleted, s.n, 1)) atCheckpoint(this, true);
        this.map.delete(i);
        this.deletedSoFar = i + 1;
        this.afterOp();
        if ((i & (CHUNK - 1)) === CHUNK - 1) yield;
      }
      if (deleted > 0) atCheckpoint?.(this);
      this.snap({ key: 'occupancy.cap.phaseEnd', vars: { phase: 'delete', count: this.map.count } });
    }
    if (s.rebuild && deleted >= s.rebuild.threshold * s.n) {
      this.phase = 'rebuild_gc';
      const len = this.map.count;
      const hint = s.rebuild.hint === 'half' ? Math.floor(len / 2) : len;
      const old = this.map;
      this.map = this.newMap(hint);
      this.snap({ key: 'occupancy.cap.rebuildMake', vars: { hint, len } });
      for (let k = deleted; k < s.n; k++) {
        this.map.assign(k);
        this.afterOp();
        if ((k & (CHUNK - 1)) === CHUNK - 1) yield;
      }
      old.release();
      this.snap({ key: 'occupancy.cap.phaseEnd', vars: { phase: 'rebuild_gc', count: this.map.count } });
    }
  }

  result(): OccupancyResult {
    this.map.release();
    // Keep the list short: drop evacuation steps (never structural frames or phase ends) evenly.
    let skipped = this.skipped;
    const frames = this.frames;
    let out = frames;
    if (out.length > MAX_FRAMES) {
      const isStep = (f: OccupancyFrame) => f.caption.key === 'occupancy.cap.evacuate';
      const steps = out.filter(isStep).length;
      const keepEvery = Math.ceil(steps / Math.max(1, MAX_FRAMES - (out.length - steps)));
      let k = 0;
      out = out.filter((f) => !isStep(f) || k++ % keepEvery === 0);
      skipped += frames.length - out.length;
      if (out.length > MAX_FRAMES) {
        const every = Math.ceil(out.length / MAX_FRAMES);
        const last = out[out.length - 1];
        const thinned = out.filter((_, i) => i % every === 0);
        if (thinned[thinned.length - 1] !== last) thinned.push(last);
        skipped += out.length - thinned.length;
        out = thinned;
      }
    }
    return { impl: this.s.impl, frames: [...out], skipped, approximate: this.s.churn !== null };
  }
}

/**
 * Replays saved where later ones may resume (checkpoints.ts rules): moving the deletion-ratio or rebuild
 * controls then replays only the deletes not done yet and the rebuild.
 */
export class OccupancyCheckpoints extends CheckpointStore<Replay> {
  /** GC settings do not change the map operations, so replays under other ones share a key. */
  static key(s: Scenario): string | null {
    if (s.churn || (s.mode !== undefined && s.mode !== 'map')) return null;
    return insertPhaseKey(withoutGcSettings(s));
  }
}

/** An occupancy replay the worker advances in slices: `step()` until it returns true, then `result()`. */
export function createOccupancy(s: Scenario, checkpoints?: OccupancyCheckpoints): { resumed: boolean; resumedDeletes: number; step(): boolean; result(): OccupancyResult } {
  const key = checkpoints ? OccupancyCheckpoints.key(s) : null;
  const saved = key !== null ? checkpoints!.get(key, s) : undefined;
  const save = key !== null ? (at: Replay, rung = false) => checkpoints!.offer(key, at, rung) : undefined;
  const replay = saved ? saved.fork(s, checkpoints!.pool) : new Replay(s);
  const it = saved ? replay.afterInsert(save) : replay.run(save);
  let out: OccupancyResult | null = null;
  return {
    resumed: saved !== undefined,
    /** Keys the resumed-from state had already deleted (0: its insert end, or not resumed). */
    resumedDeletes: saved?.deletedSoFar ?? 0,
    step() {
      if (out) return true;
      if (it.next().done) {
        out = replay.result();
        // A resumed replay is a copy from the store's pool; its frames hold their own arrays, not the map's,
        // so its buffers go back to the pool (fork.ts rule 6).
        if (saved) checkpoints!.pool.release(replay);
      }
      return out !== null;
    },
    result() {
      if (!out) throw new Error('occupancy replay not finished: call step() until it returns true');
      return out;
    },
  };
}

/** The whole replay at once (build time, tests). */
export function occupancyFrames(s: Scenario): OccupancyResult {
  const r = createOccupancy(s);
  while (!r.step());
  return r.result();
}
