/**
 * Mode syncmap: the harness's sync.Map workload (calibration/cmd/child/syncmap.go) on the simulator's runtime.
 *
 * A run stores 16-byte string keys with a new `*p64` each into a sync.Map (Go <= 1.23: the read/dirty maps of
 * readdirty.ts; Go >= 1.24: the hash-trie of hashtrie.ts) or into a map + RWMutex (mutexmap.ts), and reports in
 * the result format of run.ts (phases, cycles, series, trace), so the lab's charts read it like any other run.
 * The scenario's `impl` picks the Go version family: classic = go1.19 rules and costs, swiss = go1.26.
 *
 * Rules (cited as "syncmap run rule N")
 *   1. The map (its header; a sync.Map's structure is allocated by its first call) exists before the first
 *      runtime.GC(). Work update then preloads keys 0..keys−1.
 *   2. The writers' operations (per = ops / writers each; j = 0..per−1 for writer g):
 *        insert  Store(key(g·per + j))
 *        update  Store(key((j·writers + g) mod keys))
 *        churn   Store(key(g·per + j)), then, once j >= keys/writers, Delete(key(g·per + j − keys/writers))
 *      Phase "ops" is read when the last operation is done; its count is the harness's length(), called after
 *      the reading (a Range, which promotes a read/dirty sync.Map's dirty map). Phase "gc": runtime.GC(), the
 *      reading, length() again, then the timed runtime.GC() calls.
 *   3. Writers > 1. The simulator has one mutator goroutine. It runs the writers' operations one at a time,
 *      round robin (writer 0's j-th, writer 1's j-th, …), as two writers on two Ps take turns at the mutex. What
 *      this leaves out: lock contention (waiting for mu, handing it over, cache lines moving between cores),
 *      writers running at the same time, and the long runs of one writer between preemptions that GOMAXPROCS=1
 *      gives. What the GC sees is kept: every object each operation allocates, the structure the interleaved
 *      operations leave (which keys sit in read.m, dirty or expunged), and the mutator's CPU, the sum of the
 *      writers' measured CPU per operation (syncmap/costs.ts) spent on one goroutine. With several Ps the
 *      simulated ops phase therefore lasts longer than the measured wall time, and the GC finds Ps idle that in
 *      the real run the other writers used.
 *   4. Work "delete" (simulator only; the book's program in chapter 2.5): one goroutine Stores keys 0..n−1
 *      (phase "insert", then the timed runtime.GC() calls), Deletes keys 0..floor(deleteRatio·n)−1 (phase
 *      "delete"), then runtime.GC() (phase "gc" and the timed calls). Its Deletes cost syncmap/costs.ts deleteNs.
 *   5. Batches as in run.ts: up to 256 operations while no cycle is near, 8 while one marks; the objects of a
 *      batch reach the heap together (objects.ts), the inner maps' allocations at once.
 *   6. Deterministic: the hash seeds derive from scenario.seed.
 */
import type { MapShape } from '../contracts';
import { costsFor, type CostModel, type CostProfile } from '../costs';
import type { GcEvent, Runtime } from '../gc';
import { deriveSeed } from '../hash';
import type { Heap } from '../heap';
import type { Scenario } from '../scenario';
import { Series } from '../series';
import { Trace, type PhaseName } from '../trace';
import { heapPoint, incremental, newRuntime, phaseStats, roundedCycles, runSummary, stepBatch, timedGcs } from '../driver';
import { SIM_VERSION, type SimPhase, type SimResult, type SimOptions, type SimProgress, type Simulation } from '../run';
import { syncMapCosts, type SyncMapCosts } from './costs';
import { HashTrieMap } from './hashtrie';
import type { ConcurrentMap, SyncMapShape } from './model';
import { MutexMap } from './mutexmap';
import { kindSpecs, Ledger } from './objects';
import { ReadDirtyMap } from './readdirty';

export type { ConcurrentMap, SyncMapShape } from './model';

/** A phase of a syncmap run: the result format's fields plus the structure reading. */
export interface SyncMapPhase extends Omit<SimPhase, 'phase'> {
  phase: PhaseName;
  syncmap: SyncMapShape;
}

/** The harness's `extra` of kind "syncmap" (calibration/FORMAT.md), same names; sizes and times simulated. */
export interface SyncMapExtra {
  kind: 'syncmap';
  impl: 'syncmap' | 'rwmutex';
  work: string;
  ops: number;
  /** Simulated wall time of the ops and its CPU per op (mutator, assists included). */
  wallNs: number;
  nsPerOp: number;
  mallocsPerOp: number;
  bytesPerOp: number;
  numGC: number;
  pauseTotalNs: number;
  pauseMaxNs: number;
  /** After runtime.GC(): HeapAlloc minus the heap after the first runtime.GC(), HeapObjects, length(). */
  liveHeap: number;
  liveObjects: number;
  liveLen: number;
}

export interface SyncMapResult extends Omit<SimResult, 'phases'> {
  phases: SyncMapPhase[];
  syncmap: SyncMapExtra | null;
}

const CHUNK = 16384;
const BATCH = 256;

class SyncMapRun {
  readonly s: Scenario;
  readonly costs: CostModel;
  readonly opCosts: SyncMapCosts;
  readonly heap: Heap;
  readonly rt: Runtime;
  readonly trace: Trace;
  readonly series: Series;
  readonly ledger: Ledger;
  readonly model: ConcurrentMap;
  readonly phases: SyncMapPhase[] = [];
  readonly warnings: string[] = [];
  private extra: SyncMapExtra | null = null;
  /** Heap bytes one Store allocates at most (its objects), for batch sizes. */
  private readonly storeBytes: number;
  opsDone = 0;
  readonly opsTotal: number;
  phase: PhaseName | 'init' = 'init';

  constructor(s: Scenario, o: SimOptions) {
    this.s = s;
    const w = s.syncmap!;
    this.costs = costsFor(s.impl, 'string16', 'ptr64', s.gomaxprocs, o.costProfile as CostProfile | undefined, s.greenTea ?? true);
    this.opCosts = syncMapCosts(s.impl, w.impl, w.work, s.gomaxprocs);
    this.warnings.push(...this.costs.warnings, ...this.opCosts.warnings);
    ({ heap: this.heap, rt: this.rt } = newRuntime(s, this.costs, (e) => this.onGcEvent(e)));
    this.trace = new Trace(o.traceLimit ?? 5000, o.traceDetail ?? 'structural');
    this.series = new Series(o.maxSeriesPoints ?? 400, 1000);
    const kind = w.impl === 'rwmutex' ? 'mutex' : s.impl === 'classic' ? 'readdirty' : 'hashtrie';
    this.ledger = new Ledger(this.heap, kindSpecs(kind));
    const seed = deriveSeed(s.seed, 0x5c3a);
    if (kind === 'mutex') this.model = new MutexMap({ heap: this.heap, ledger: this.ledger, seed, impl: s.impl, malloc: this.costs.rules.malloc });
    else if (kind === 'readdirty') this.model = new ReadDirtyMap({ heap: this.heap, ledger: this.ledger, seed, malloc: this.costs.rules.malloc });
    else this.model = new HashTrieMap({ ledger: this.ledger, seed });
    this.ledger.flush();
    this.rt.livePointers = () => this.model.livePointers();
    const L = this.ledger;
    this.storeBytes = [0, 1, 2, 3, 4].reduce((a, k) => a + L.bytes(k), 0);
    if (w.work === 'delete') this.opsTotal = s.n + Math.floor(s.deleteRatio * s.n);
    else this.opsTotal = (w.work === 'update' ? w.keys : 0) + Math.floor(w.ops / w.writers) * w.writers;
  }

  private onGcEvent(e: GcEvent): void {
    this.trace.add(e);
    if (e.type === 'gcStart' || e.type === 'markDone') this.sample(e.type);
  }

  sample(why: string): void {
    this.series.add(heapPoint(this.rt, this.count(), why));
  }

  /** Keys with a value, without the side effect of length() (a Range promotes). */
  private count(): number {
    return this.model.values();
  }

  /** The harness's length() (a Range: may promote a read/dirty map); what it frees reaches the heap at once. */
  private length(): number {
    const n = this.model.length();
    this.ledger.flush();
    return n;
  }

  private maybeSample(): void {
    if (this.series.due(this.rt.nowNs)) this.sample('sample');
  }

  private batch(max: number): number {
    return stepBatch(this.rt, this.storeBytes, max);
  }

  /** `count` operations, `op(i)` each, at `ns` of mutator CPU per operation (syncmap run rule 5). */
  private *ops(count: number, ns: number, op: (i: number) => void): Generator<void> {
    let sinceYield = 0;
    for (let i = 0; i < count; ) {
      const k = this.batch(Math.min(BATCH, count - i));
      for (let j = 0; j < k; j++) op(i + j);
      this.ledger.flush();
      this.rt.mutate(k * ns);
      this.opsDone += k;
      i += k;
      sinceYield += k;
      this.maybeSample();
      if (sinceYield >= CHUNK) {
        sinceYield = 0;
        yield;
      }
    }
  }

  private phaseEdge(phase: PhaseName, edge: 'begin' | 'end'): void {
    this.phase = phase;
    this.trace.add({ type: 'phase', atNs: this.rt.nowNs, phase, edge });
  }

  snapshot(phase: PhaseName, count: number, startNs: number, durNs: number): SyncMapPhase {
    this.rt.sync();
    const m: MapShape = this.model.mapShape();
    const p: SyncMapPhase = { phase, ...m, count, ...phaseStats(this.rt, startNs, durNs), syncmap: this.model.syncShape() };
    this.phases.push(p);
    this.sample(phase);
    return p;
  }

  forcedGcs(p: SyncMapPhase): void {
    const block = timedGcs(this.rt, this.s.forcedGcRuns, (atNs, ns) => this.trace.add({ type: 'forcedGc', atNs, ns }));
    if (block) p.forcedGcNs = block;
  }

  *program(): Generator<void> {
    const s = this.s;
    const w = s.syncmap!;
    const m = this.model;
    // syncmap run rule 1
    this.rt.forceGC();
    const base = this.heap.stats();
    if (w.work === 'delete') {
      yield* this.deleteProgram();
      return;
    }
    if (w.work === 'update') yield* this.ops(w.keys, this.opCosts.storeNs, (i) => m.store(i));
    // syncmap run rule 2
    const W = w.writers;
    const per = Math.floor(w.ops / W);
    const total = per * W;
    const window = Math.floor(w.keys / W);
    const keys = w.keys;
    const h0 = this.heap.stats();
    const t0 = this.rt.nowNs;
    const n0 = this.rt.numGC;
    const pauses0 = this.rt.pauseTotalNs;
    const c0 = this.rt.cycles.length;
    this.phaseEdge('ops', 'begin');
    let op: (t: number) => void;
    if (w.work === 'insert') op = (t) => m.store((t % W) * per + Math.floor(t / W));
    // Round robin, t = j·W + g: writer g's j-th update is key((j·W + g) mod keys) = key(t mod keys).
    else if (w.work === 'update') op = (t) => m.store(t % keys);
    else
      op = (t) => {
        const g = t % W;
        const j = Math.floor(t / W);
        m.store(g * per + j);
        if (j >= window) m.delete(g * per + j - window);
      };
    yield* this.ops(total, this.opCosts.opNs, op);
    const wall = this.rt.nowNs - t0;
    const h1 = this.heap.stats();
    const ops = this.snapshot('ops', 0, t0, wall);
    ops.count = this.length();
    this.phaseEdge('ops', 'end');
    let pauseMax = 0;
    for (const c of this.rt.cycles.slice(c0)) pauseMax = Math.max(pauseMax, c.stw1Ns + c.stw2Ns);
    const numGC = this.rt.numGC - n0;
    const pauseTotal = this.rt.pauseTotalNs - pauses0;
    yield;

    const t1 = this.rt.nowNs;
    this.phaseEdge('gc', 'begin');
    this.rt.forceGC();
    const gc = this.snapshot('gc', 0, t1, this.rt.nowNs - t1);
    gc.count = this.length();
    this.phaseEdge('gc', 'end');
    this.forcedGcs(gc);
    this.extra = {
      kind: 'syncmap',
      impl: w.impl,
      work: w.work,
      ops: total,
      wallNs: Math.round(wall),
      nsPerOp: total > 0 ? wall / total : 0,
      mallocsPerOp: total > 0 ? (h1.mallocs - h0.mallocs) / total : 0,
      bytesPerOp: total > 0 ? (h1.totalAlloc - h0.totalAlloc) / total : 0,
      numGC,
      pauseTotalNs: Math.round(pauseTotal),
      pauseMaxNs: Math.round(pauseMax),
      liveHeap: Math.round(gc.heapAlloc - base.heapAlloc),
      liveObjects: gc.heapObjects,
      liveLen: gc.count,
    };
  }

  /** syncmap run rule 4: the book's program. */
  private *deleteProgram(): Generator<void> {
    const s = this.s;
    const m = this.model;
    let t0 = this.rt.nowNs;
    this.phaseEdge('insert', 'begin');
    yield* this.ops(s.n, this.opCosts.storeNs, (i) => m.store(i));
    const ins = this.snapshot('insert', this.count(), t0, this.rt.nowNs - t0);
    this.phaseEdge('insert', 'end');
    this.forcedGcs(ins);
    yield;
    const deleted = Math.floor(s.deleteRatio * s.n);
    if (deleted > 0) {
      t0 = this.rt.nowNs;
      this.phaseEdge('delete', 'begin');
      yield* this.ops(deleted, this.opCosts.deleteNs, (i) => m.delete(i));
      this.snapshot('delete', this.count(), t0, this.rt.nowNs - t0);
      this.phaseEdge('delete', 'end');
    }
    t0 = this.rt.nowNs;
    this.phaseEdge('gc', 'begin');
    this.rt.forceGC();
    const gc = this.snapshot('gc', this.count(), t0, this.rt.nowNs - t0);
    this.phaseEdge('gc', 'end');
    this.forcedGcs(gc);
  }

  result(): SyncMapResult {
    const cycles = roundedCycles(this.rt.cycles);
    const impl = this.s.syncmap!.impl;
    const what = impl === 'rwmutex' ? `map + RWMutex (${this.s.impl} map)` : this.s.impl === 'classic' ? 'sync.Map (read/dirty)' : 'sync.Map (hash-trie)';
    return {
      scenario: this.s,
      source: `sim ${SIM_VERSION} (${this.costs.goVersion} rules and costs; ${what})`,
      phases: this.phases,
      cycles,
      series: this.series.points,
      trace: this.trace.events,
      traceCounts: this.trace.counts,
      traceDropped: this.trace.dropped,
      costs: { goVersion: this.costs.goVersion, source: `${this.costs.source}; operations: ${this.opCosts.source}` },
      warnings: this.warnings,
      syncmap: this.extra,
      summary: runSummary(this.rt, cycles, null, 0),
    };
  }
}

/** A syncmap-mode simulation (the scenario is already parsed), advanced chunk by chunk like run.ts's. */
export function createSyncMapSimulation(s: Scenario, options: SimOptions = {}): Simulation {
  if (s.mode !== 'syncmap' || !s.syncmap) throw new Error('createSyncMapSimulation: not a syncmap scenario');
  const w = new SyncMapRun(s, options);
  const it = w.program();
  const progress = (done: boolean): SimProgress => ({
    fraction: done ? 1 : Math.min(0.999, w.opsTotal > 0 ? w.opsDone / w.opsTotal : 0),
    phase: w.phase as SimProgress['phase'],
    simNs: w.rt.nowNs,
  });
  return {
    /** Mode syncmap keeps no checkpoints nor tapes: every run starts from the beginning. */
    resumed: false,
    resumedDeletes: 0,
    replayed: false,
    ...incremental(it, progress, () => w.result() as unknown as SimResult),
  };
}
