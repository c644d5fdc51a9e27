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
import { mapTypeOf } from '../sim/types';
import { classicChains, classicDensity, swissDensity, swissGroups } from '../sim/occupancy';
import type { Allocator, GoMap, MapEvent } from '../sim/contracts';
import type { Scenario } from '../sim/scenario';
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

function* replay(s: Scenario): Generator<void, OccupancyResult> {
  const malloc = costsFor(s.impl, s.key, s.value, s.gomaxprocs).rules.malloc;
  const heap = bareAllocator();
  const type = mapTypeOf(s.key, s.value);
  const frames: OccupancyFrame[] = [];
  let skipped = 0;
  let pending: Caption | null = null;
  let phase = 'start';
  let seedCounter = 0;
  let map: AnyMap;
  let evacNext = 0;
  /** The map ends big (more keys than exact pictures can show): step through its small past briefly. */
  const bigRun = s.churn !== null || s.n > EXACT_MAX_SLOTS;
  let evacTotal = 0;

  const onEvent = (e: MapEvent) => {
    switch (e.type) {
      case 'grow':
        evacTotal = 2 ** e.fromB;
        evacNext = 1;
        pending = { key: e.sameSize ? 'occupancy.cap.sameSize' : 'occupancy.cap.grow', vars: { count: e.count, fromB: e.fromB, toB: e.toB, old: 2 ** e.fromB, now: 2 ** e.toB } };
        break;
      case 'evacuate': {
        // Small maps: a frame per write that moved something; big ones, and small growths on the way to a
        // big map (each frame costs the page a copy), a few progress steps.
        const small = !bigRun && evacTotal * SLOTS * 3 <= EXACT_MAX_SLOTS;
        const step = Math.ceil((evacNext * evacTotal) / EVAC_STEPS);
        if (small || (e.nevacuate >= step && evacNext < EVAC_STEPS)) {
          if (!small) evacNext++;
          pending ??= { key: 'occupancy.cap.evacuate', vars: { moved: e.moved, oldbucket: e.oldbucket, nevacuate: e.nevacuate, old: evacTotal } };
        }
        break;
      }
      case 'growDone':
        pending = { key: 'occupancy.cap.growDone', vars: { B: e.B } };
        break;
      case 'smallToTable':
        pending = { key: 'occupancy.cap.smallToTable', vars: {} };
        break;
      case 'tableGrow':
        pending = { key: 'occupancy.cap.tableGrow', vars: { table: e.table, from: e.fromCapacity, to: e.toCapacity } };
        break;
      case 'split':
        pending = { key: 'occupancy.cap.split', vars: { table: e.table, localDepth: e.localDepth, globalDepth: e.globalDepth } };
        break;
      case 'prune':
        pending = { key: 'occupancy.cap.prune', vars: { table: e.table, removed: e.removed } };
        break;
      case 'clear':
        pending = { key: 'occupancy.cap.clear', vars: {} };
        break;
      case 'overflow':
        break;
    }
  };

  const snap = (caption: Caption) => {
    frames.push({ phase, count: map.count, caption, ...picture(map) });
  };
  const c0 = s.churn;
  const opsTotal = c0
    ? Math.floor((c0.durationMs * c0.insertsPerSec) / 1000) * (c0.delete ? 2 : 1)
    : s.n + Math.floor(s.deleteRatio * s.n) * 2;
  const densityEvery = Math.max(1, Math.floor(opsTotal / DENSITY_FRAMES));
  let ops = 0;
  let lastFrameOp = -Infinity;
  const afterOp = () => {
    ops++;
    if (!pending) return;
    if (slotsOf(map) <= EXACT_MAX_SLOTS || ops - lastFrameOp >= densityEvery) {
      snap(pending);
      lastFrameOp = ops;
    } else {
      skipped++;
    }
    pending = null;
  };
  const newMap = (hint: number): AnyMap => {
    const seed = deriveSeed(s.seed, ++seedCounter);
    const opts = { type, alloc: heap, hint, seed, trace: onEvent };
    return s.impl === 'classic' ? new ClassicMap({ ...opts, malloc }) : new SwissMap(opts);
  };

  map = newMap(s.hint);
  snap({ key: 'occupancy.cap.make', vars: { hint: s.hint } });

  if (s.churn) {
    const c = s.churn;
    const total = Math.floor((c.durationMs * c.insertsPerSec) / 1000);
    const ttlInserts = (c.ttlMs / 1000) * c.insertsPerSec; // inserts that happen during one TTL
    phase = 'churn_end';
    let expired = 0;
    let sinceRebuild = 0;
    for (let i = 0; i < total; i++) {
      map.assign(i);
      afterOp();
      if ((i & (CHUNK - 1)) === CHUNK - 1) yield;
      if (!c.delete) continue;
      for (; expired < i - ttlInserts; expired++, sinceRebuild++) {
        map.delete(expired);
        afterOp();
      }
      const len = map.count;
      if (s.rebuild && sinceRebuild > s.rebuild.threshold * len && len > 0) {
        const old = map;
        map = newMap(s.rebuild.hint === 'half' ? Math.floor(len / 2) : len);
        for (let k = expired; k <= i; k++) map.assign(k);
        old.release();
        afterOp();
        sinceRebuild = 0;
      }
    }
    snap({ key: 'occupancy.cap.phaseEnd', vars: { phase: 'churn_end', count: map.count } });
  } else {
    phase = 'insert';
    for (let i = 0; i < s.n; i++) {
      map.assign(i);
      afterOp();
      if ((i & (CHUNK - 1)) === CHUNK - 1) yield;
    }
    snap({ key: 'occupancy.cap.phaseEnd', vars: { phase: 'insert', count: map.count } });
    const deleted = Math.floor(s.deleteRatio * s.n);
    if (s.deleteRatio > 0) {
      phase = 'delete';
      for (let i = 0; i < deleted; i++) {
        map.delete(i);
        afterOp();
        if ((i & (CHUNK - 1)) === CHUNK - 1) yield;
      }
      snap({ key: 'occupancy.cap.phaseEnd', vars: { phase: 'delete', count: map.count } });
    }
    if (s.rebuild && deleted >= s.rebuild.threshold * s.n) {
      phase = 'rebuild_gc';
      const len = map.count;
      const fresh = newMap(s.rebuild.hint === 'half' ? Math.floor(len / 2) : len);
      const old = map;
      map = fresh;
      snap({ key: 'occupancy.cap.rebuildMake', vars: { hint: s.rebuild.hint === 'half' ? Math.floor(len / 2) : len, len } });
      for (let k = deleted; k < s.n; k++) {
        map.assign(k);
        afterOp();
        if ((k & (CHUNK - 1)) === CHUNK - 1) yield;
      }
      old.release();
      snap({ key: 'occupancy.cap.phaseEnd', vars: { phase: 'rebuild_gc', count: map.count } });
    }
  }
  map.release();

  // Keep the list short: drop evacuation steps (never structural frames or phase ends) evenly.
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
  return { impl: s.impl, frames: out, skipped, approximate: s.churn !== null };
}

/** An occupancy replay the worker advances in slices: `step()` until it returns true, then `result()`. */
export function createOccupancy(s: Scenario): { step(): boolean; result(): OccupancyResult } {
  const it = replay(s);
  let out: OccupancyResult | null = null;
  return {
    step() {
      if (out) return true;
      const r = it.next();
      if (r.done) out = r.value;
      return r.done === true;
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
