/**
 * Map tapes: what a run's maps did, as the runtime saw it, recorded so that a run differing only in its GC
 * settings can replay it instead of running the map model again.
 *
 * Why: GOGC, GOMEMLIMIT, GOMAXPROCS, Green Tea, the number of timed GCs and the background goroutine change
 * when the collector runs and what it costs, never what the program does to its map. The same keys go in and
 * out in the same order, so each map operation allocates, drops and zeroes the same objects and reports the
 * same structural events. A map model never reads the clock nor decides when a GC happens (contracts.ts): all
 * it does to the runtime goes through its Allocator and its trace callback, and that is what a tape holds.
 * The map model is most of a run's cost (a classic run at 1e5 keys spends about 80 % of its time in it), so
 * the lab's GC controls redraw much faster from a tape. Results equal a fresh run's byte for byte
 * (tests/sim/tape.test.ts).
 *
 * Rules
 *   1. A tape holds every map a run makes, in order. Per map: each operation (make, assign, delete, lookup,
 *      clear, release) with its result, and in order what it did meanwhile: alloc (the request), drop (which
 *      of the map's allocations), memclr (bytes, scan), and each event it emitted. `shape()` is kept at the
 *      operation count where it was asked.
 *   2. Replay (ReplayMap) makes the same Allocator calls on the new run's heap and emits the same events on
 *      the new run's clock, so the runtime sees exactly what it saw; it returns the recorded results. A
 *      workload's batch of assigns or deletes replays in one loop (assignRun, deleteRun), with the count
 *      kept operation by operation wherever an effect runs.
 *   3. Events the run's trace only counts (trace.ts rule 2: evacuate, overflow and prune unless the detail is
 *      "all") are kept as their type alone, in place only the first time for each type, and counted after
 *      that: a classic map emits one per evacuated bucket, and a count does not depend on when it is made.
 *      The place of the first decides where the type appears among the trace's counts. A classic map of such
 *      a run emits only that first one and counts the rest itself (ClassicMapOptions.countFine); `finish`
 *      adds its counts to the tape's.
 *   4. A replay asked for an operation the tape does not have throws TapeMismatch: another kind or past its
 *      end at once; other keys at the next shape() or at the end, through a running hash of kinds and keys.
 *      The tape's key (run.ts Tapes.key) is meant to make that impossible.
 *   5. Only runs whose operations are fixed by the scenario may use one: mode map without churn (a churn
 *      loop inserts what is due by simulated time, which the GC stretches).
 *   6. A tape is copied with the workload at a checkpoint (fork.ts), so a run resumed from a checkpoint
 *      records a tape of its own whole run. Recorded requests and events are frozen, shared by the copies.
 */
import type { AllocRequest, Allocator, GoMap, HeapObject, MapEvent, MapShape } from './contracts';
import { logArray } from './fork';
import { recordsMapEvent, type TraceDetail } from './trace';

/** Operation kinds. */
const MAKE = 1;
const ASSIGN = 2;
const DELETE = 3;
const LOOKUP = 4;
const CLEAR = 5;
const RELEASE = 6;
const OP_NAMES = ['', 'make', 'assign', 'delete', 'lookup', 'clear', 'release'];

/** Effect kinds. */
const ALLOC = 1;
const DROP = 2;
const MEMCLR = 3;
const EVENT = 4;
const MEMCLR_SCAN = 5;

/**
 * A running hash of the operations (kind and key), so that a replay asked for other keys than the tape's
 * fails (rule 4) without keeping every key. FNV-1a over two words per operation.
 */
function mix(h: number, kind: number, key: number): number {
  h = Math.imul(h ^ kind, 0x01000193);
  return Math.imul(h ^ (key | 0), 0x01000193) >>> 0;
}
const HASH0 = 0x811c9dc5;

export class TapeMismatch extends Error {
  constructor(message: string) {
    super(`map tape mismatch: ${message}`);
    this.name = 'TapeMismatch';
  }
}

/** A growable typed array (fork.ts copies typed arrays with their buffer). */
class Column<A extends Int32Array | Uint8Array> {
  n = 0;
  constructor(public a: A) {}
  push(v: number): void {
    if (this.n === this.a.length) this.grow();
    this.a[this.n++] = v;
  }
  /** Doubles the room. */
  grow(): void {
    const b = new (this.a.constructor as new (length: number) => A)(this.a.length * 2);
    b.set(this.a);
    this.a = b;
  }
}

/** One map's recording (rule 1). */
export class MapTape {
  /** Per operation: kind << 1 | result bit. */
  readonly ops = new Column(new Uint8Array(256));
  /** Operations that did something, as pairs (operation index, index of its first effect). */
  readonly busy = new Column(new Int32Array(64));
  /** Per effect: its kind. */
  readonly fx = new Column(new Uint8Array(256));
  /**
   * Per effect: the request (alloc), the allocation index (drop), bytes (memclr), or the event. Append-only,
   * and each is frozen or a number: a log (fork.ts rule 5), which a copy takes in one slice.
   */
  readonly args: unknown[] = logArray();
  /** Shapes asked for, by operations done when asked, with the operations' running hash then. */
  readonly shapes = new Map<number, { shape: MapShape; hash: number }>();
  /** Running hash of every operation recorded. */
  hash = HASH0;
  /** Counted events after the first of their type (rule 3). */
  readonly counted: Record<string, number> = {};
  constructor(
    readonly impl: 'classic' | 'swiss',
    readonly hint: number,
  ) {}
}

/**
 * A frozen copy of a request: the tape keeps it, and copies of the tape share it (rule 6). A request that is
 * frozen already is kept as it is: the maps make the kinds they repeat (overflow buckets, table headers,
 * out-of-line keys and elems) once, frozen, rather than one object per allocation.
 */
function frozenReq(r: AllocRequest): AllocRequest {
  if (Object.isFrozen(r)) return r;
  return Object.freeze({ size: r.size, scan: r.scan, scanBytes: r.scanBytes, tag: r.tag });
}
/** Events kept as their type alone (rule 3), one per type. */
const typeOnly = new Map<string, MapEvent>();
function internType(type: MapEvent['type']): MapEvent {
  let e = typeOnly.get(type);
  if (!e) {
    e = Object.freeze({ type }) as MapEvent;
    typeOnly.set(type, e);
  }
  return e;
}

/** Records one map: the Allocator it is given and the trace callback it reports to (rule 1). */
class MapRecorder implements Allocator {
  /** Allocation index + 1 of each live object the map holds, by the object's id (0: none). */
  private index = new Int32Array(64);
  /** Whether the run's trace keeps events of a type, by type (trace.ts recordsMapEvent). */
  private readonly keeps: Record<string, boolean> = {};
  private allocs = 0;
  /** Operation under way. */
  private op = -1;
  constructor(
    readonly tape: MapTape,
    private readonly heap: Allocator,
    private readonly detail: TraceDetail,
    public forward: ((e: MapEvent) => void) | undefined,
  ) {
    this.rebind();
  }

  begin(kind: number, key: number): void {
    const t = this.tape;
    const ops = t.ops;
    // Column.push by hand: its store sees the columns' two array types, this one only the bytes of `ops`.
    if (ops.n === ops.a.length) ops.grow();
    this.op = ops.n;
    ops.a[ops.n++] = kind << 1;
    t.hash = mix(t.hash, kind, key);
  }

  end(result: boolean): void {
    if (result) this.tape.ops.a[this.op] |= 1;
  }

  private effect(kind: number, arg: unknown): void {
    const t = this.tape;
    const b = t.busy;
    if (b.n === 0 || b.a[b.n - 2] !== this.op) {
      b.push(this.op);
      b.push(t.fx.n);
    }
    t.fx.push(kind);
    t.args.push(arg);
  }

  alloc(req: AllocRequest): HeapObject {
    const obj = this.heap.alloc(req);
    if (obj.id >= this.index.length) {
      const grown = new Int32Array(Math.max(this.index.length * 2, obj.id + 1));
      grown.set(this.index);
      this.index = grown;
    }
    this.index[obj.id] = ++this.allocs;
    this.effect(ALLOC, frozenReq(req));
    return obj;
  }

  drop(obj: HeapObject): void {
    const i = obj.id < this.index.length ? this.index[obj.id] - 1 : -1;
    if (i < 0) throw new TapeMismatch('a map dropped an object it did not allocate');
    this.index[obj.id] = 0;
    this.heap.drop(obj);
    this.effect(DROP, i);
  }

  memclr(bytes: number, scan: boolean): void {
    this.heap.memclr(bytes, scan);
    this.effect(scan ? MEMCLR_SCAN : MEMCLR, bytes);
  }

  /** The map's trace callback (re-made by `rebind` after a copy: fork.ts rule 4). */
  event!: (e: MapEvent) => void;

  rebind(): void {
    const counted = this.tape.counted;
    const keeps = this.keeps;
    this.event = (e) => {
      if ((keeps[e.type] ??= recordsMapEvent(this.detail, e.type))) this.effect(EVENT, Object.freeze(e));
      else if (e.type in counted) counted[e.type]++;
      else {
        counted[e.type] = 0;
        this.effect(EVENT, internType(e.type));
      }
      this.forward?.(e);
    };
  }
}

/** A map model whose operations go on tape (rule 1); it behaves exactly as the model it wraps. */
export class RecordingMap implements GoMap {
  readonly impl: 'classic' | 'swiss';
  private readonly inner: GoMap;
  constructor(
    private readonly rec: MapRecorder,
    make: (alloc: Allocator, trace: (e: MapEvent) => void) => GoMap,
  ) {
    rec.begin(MAKE, -1);
    this.inner = make(rec, rec.event);
    rec.end(false);
    this.impl = this.inner.impl;
  }

  get count(): number {
    return this.inner.count;
  }
  assign(key: number): boolean {
    this.rec.begin(ASSIGN, key);
    const r = this.inner.assign(key);
    this.rec.end(r);
    return r;
  }
  delete(key: number): boolean {
    this.rec.begin(DELETE, key);
    const r = this.inner.delete(key);
    this.rec.end(r);
    return r;
  }
  lookup(key: number): boolean {
    this.rec.begin(LOOKUP, key);
    const r = this.inner.lookup(key);
    this.rec.end(r);
    return r;
  }
  clear(): void {
    this.rec.begin(CLEAR, -1);
    this.inner.clear();
    this.rec.end(false);
  }
  release(): void {
    this.rec.begin(RELEASE, -1);
    this.inner.release();
    this.rec.end(false);
  }
  shape(): MapShape {
    const s = this.inner.shape();
    const t = this.rec.tape;
    t.shapes.set(t.ops.n, Object.freeze({ shape: Object.freeze({ ...s }), hash: t.hash }));
    return s;
  }
  checkInvariants(): void {
    this.inner.checkInvariants();
  }
  warm(from: number, k: number): void {
    this.inner.warm?.(from, k);
  }
  fineCounts(): Readonly<Record<string, number>> {
    return this.inner.fineCounts?.() ?? {};
  }
  setTrace(trace: ((e: MapEvent) => void) | undefined): void {
    // The inner map reports to the recorder, which passes events on. After a copy the recorder's callback
    // is the original's: make it again, so the copy records on its own tape.
    this.rec.rebind();
    this.rec.forward = trace;
    this.inner.setTrace(this.rec.event);
  }
}

/** Replays one map's tape on another run's heap and clock (rule 2). */
export class ReplayMap implements GoMap {
  readonly impl: 'classic' | 'swiss';
  private _count = 0;
  /** Next operation. */
  private op = 0;
  /** Next (operation, effect) pair of `busy`. */
  private busyAt = 0;
  private hash = HASH0;
  /** This run's handle of each recorded allocation. */
  private readonly objs: (HeapObject | null)[] = [];
  constructor(
    private readonly tape: MapTape,
    private readonly heap: Allocator,
    private trace: ((e: MapEvent) => void) | undefined,
  ) {
    this.impl = tape.impl;
    this.next(MAKE, -1);
  }

  get count(): number {
    return this._count;
  }

  /** Runs the next operation's effects after checking it is the one asked for (rule 4); returns its result. */
  private next(kind: number, key: number): boolean {
    const t = this.tape;
    const i = this.op;
    if (i >= t.ops.n) throw new TapeMismatch(`${OP_NAMES[kind]}(${key}) asked after the tape's ${t.ops.n} operations`);
    const code = t.ops.a[i];
    if (code >> 1 !== kind) throw new TapeMismatch(`operation ${i} is ${OP_NAMES[code >> 1]}, not ${OP_NAMES[kind]}(${key})`);
    this.hash = mix(this.hash, kind, key);
    this.op = i + 1;
    this.effectsOf(i);
    return (code & 1) === 1;
  }

  /** Runs what operation `i` did, if anything (the next entry of `busy`); `op` is already past it. */
  private effectsOf(i: number): void {
    const t = this.tape;
    const b = t.busy;
    if (this.busyAt >= b.n || b.a[this.busyAt] !== i) return;
    const from = b.a[this.busyAt + 1];
    this.busyAt += 2;
    const to = this.busyAt < b.n ? b.a[this.busyAt + 1] : t.fx.n;
    for (let f = from; f < to; f++) this.effect(t.fx.a[f], t.args[f]);
  }

  /**
   * `k` operations of one kind on keys from, from + 1, …: what k calls of assign or delete do, without a call
   * per operation (the workload's batches; run.ts). The count follows operation by operation wherever an
   * effect runs.
   */
  private run(kind: number, from: number, k: number, sign: 1 | -1): void {
    const t = this.tape;
    const start = this.op;
    const end = start + k;
    if (end > t.ops.n) throw new TapeMismatch(`${k} × ${OP_NAMES[kind]} from operation ${start} run past the tape's ${t.ops.n} operations`);
    const ops = t.ops.a;
    const b = t.busy;
    let h = this.hash;
    let hits = 0;
    for (let i = start; i < end; i++) {
      const code = ops[i];
      if (code >> 1 !== kind) throw new TapeMismatch(`operation ${i} is ${OP_NAMES[code >> 1]}, not ${OP_NAMES[kind]}(${from + i - start})`);
      h = mix(h, kind, from + i - start);
      if (this.busyAt < b.n && b.a[this.busyAt] === i) {
        // What an effect sets off may read the count (the GC's live pointers): make it what assign and
        // delete show while an operation's effects run, the operations before it counted.
        this._count += sign * hits;
        hits = 0;
        this.op = i + 1;
        this.effectsOf(i);
      }
      hits += code & 1;
    }
    this.op = end;
    this.hash = h;
    this._count += sign * hits;
  }

  /** assign(from), assign(from + 1), … k times; returns how many keys were new. */
  assignRun(from: number, k: number): number {
    const before = this._count;
    this.run(ASSIGN, from, k, 1);
    return this._count - before;
  }

  /** delete(from), delete(from + 1), … k times; returns how many keys were present. */
  deleteRun(from: number, k: number): number {
    const before = this._count;
    this.run(DELETE, from, k, -1);
    return before - this._count;
  }

  private effect(kind: number, arg: unknown): void {
    switch (kind) {
      case ALLOC:
        this.objs.push(this.heap.alloc(arg as AllocRequest));
        return;
      case DROP: {
        const i = arg as number;
        const obj = this.objs[i];
        if (!obj) throw new TapeMismatch(`allocation ${i} dropped twice`);
        this.objs[i] = null;
        this.heap.drop(obj);
        return;
      }
      case MEMCLR:
      case MEMCLR_SCAN:
        this.heap.memclr(arg as number, kind === MEMCLR_SCAN);
        return;
      default:
        this.trace?.(arg as MapEvent);
    }
  }

  assign(key: number): boolean {
    const r = this.next(ASSIGN, key);
    if (r) this._count++;
    return r;
  }
  delete(key: number): boolean {
    const r = this.next(DELETE, key);
    if (r) this._count--;
    return r;
  }
  lookup(key: number): boolean {
    return this.next(LOOKUP, key);
  }
  clear(): void {
    this.next(CLEAR, -1);
    this._count = 0;
  }
  release(): void {
    this.next(RELEASE, -1);
  }
  shape(): MapShape {
    const r = this.tape.shapes.get(this.op);
    if (!r) throw new TapeMismatch(`no shape recorded after operation ${this.op}`);
    if (r.hash !== this.hash) throw new TapeMismatch(`the ${this.op} operations before this shape are not the tape's (other keys)`);
    return { ...r.shape };
  }
  /** Throws unless every operation of the tape was replayed, with the tape's keys (rule 4). */
  checkFinished(): void {
    const t = this.tape;
    if (this.op !== t.ops.n) throw new TapeMismatch(`the run ended after ${this.op} of the tape's ${t.ops.n} operations`);
    if (this.hash !== t.hash) throw new TapeMismatch('the operations replayed are not the tape\'s (other keys)');
  }

  /** Events counted rather than replayed (rule 3), by type: add them to the run's trace once it is finished. */
  get counted(): Readonly<Record<string, number>> {
    return this.tape.counted;
  }
  /** The structure is the recorded model's; its invariants were checked when it ran. */
  checkInvariants(): void {}
  setTrace(trace: ((e: MapEvent) => void) | undefined): void {
    this.trace = trace;
  }
}

/** A run's tape: its maps in the order it made them (rule 1). */
export class RunTape {
  readonly maps: MapTape[] = [];
  /** The recorded maps, in the order of `maps`. */
  private readonly recorded: RecordingMap[] = [];
  /** Set once the run finished: only a whole run is replayed. */
  complete = false;
  constructor(readonly detail: TraceDetail) {}

  /**
   * The run finished: the events each map counted itself rather than emitting (GoMap.fineCounts) join the
   * tape's counts (rule 3), and the tape is complete.
   */
  finish(): void {
    this.recorded.forEach((m, i) => {
      const counted = this.maps[i].counted;
      for (const [type, n] of Object.entries(m.fineCounts())) counted[type] = (counted[type] ?? 0) + n;
    });
    this.complete = true;
  }

  /** The buffers the tape holds (its columns'), which must outlive the run that recorded it. */
  buffers(): Set<ArrayBuffer> {
    const out = new Set<ArrayBuffer>();
    for (const m of this.maps) for (const c of [m.ops, m.busy, m.fx]) out.add(c.a.buffer as ArrayBuffer);
    return out;
  }

  /** A new map of a recording run: the model made by `make`, recorded. */
  record(impl: 'classic' | 'swiss', hint: number, heap: Allocator, trace: ((e: MapEvent) => void) | undefined, make: (alloc: Allocator, trace: (e: MapEvent) => void) => GoMap): GoMap {
    const tape = new MapTape(impl, hint);
    this.maps.push(tape);
    const m = new RecordingMap(new MapRecorder(tape, heap, this.detail, trace), make);
    this.recorded.push(m);
    return m;
  }

  /** The `index`-th map of a replaying run. */
  replay(index: number, impl: 'classic' | 'swiss', hint: number, heap: Allocator, trace: ((e: MapEvent) => void) | undefined): ReplayMap {
    const tape = this.maps[index];
    if (!tape || tape.impl !== impl || tape.hint !== hint) throw new TapeMismatch(`map ${index} (${impl}, hint ${hint}) is not on the tape`);
    return new ReplayMap(tape, heap, trace);
  }
}
