/**
 * The simulated heap: which objects exist, which are reachable, and what `runtime.MemStats` would say.
 *
 * Glossary (runtime names)
 *   span class   size class × {scan, noscan}: objects of one span class share spans (`spanClass`);
 *                index 0/1 here stands for large objects (one object per span, whole pages).
 *   live         reachable: allocated and not yet dropped by its owner.
 *   doomed       dropped before the current mark began: the next mark termination will not mark it.
 *   floating     dropped while a mark was running: the deletion barrier shaded it (or it was allocated
 *                black), so this cycle keeps it and the next one frees it.
 *   unswept      not marked by the last cycle; still counted in HeapAlloc until the sweeper reaches its span.
 *   HeapAlloc    bytes of allocated objects: live + doomed + floating + unswept (MemStats.HeapAlloc).
 *   HeapInuse    bytes of spans holding at least one allocated object (MemStats.HeapInuse).
 *   heapFree     pages the runtime holds but no span uses (free, not released to the OS).
 *
 * Mechanisms
 *   Allocation rounds each request to its size class or to pages (alloc.ts), adds it to the live set and
 *   tells the runtime (gc.ts) through {@link HeapListener}, which moves heapLive and may start a cycle.
 *   Reachability is explicit: an owner calls `drop`. A cycle's mark reads the live set at its start;
 *   `finishMark` turns doomed objects into unswept ones and floating into doomed; sweeping frees unswept
 *   objects in proportion to its progress.
 *
 * Rules (cited as "heap rule N")
 *   1. HeapAlloc counts an object from its allocation until the sweep after the first mark that did not
 *      mark it (go1.19 mstats.go HeapAlloc doc: "unreachable objects that the garbage collector has not
 *      yet freed").
 *   2. An object dropped during mark survives that cycle (hybrid write barrier shades the old pointer;
 *      new objects are allocated black, go1.19 mallocgc gcmarknewobject).
 *   3. Spans are packed densely: a span class with k objects uses ceil(k / objectsPerSpan) spans. This is
 *      exact for the workloads here, which free objects in allocation order (oldest-first deletes, TTL
 *      churn), so freed objects empty whole spans; it underestimates fragmentation for random frees.
 *   4. Large objects occupy whole 8 KiB pages. A large allocation reuses free pages when the runtime holds
 *      enough of them (page contiguity is not modelled), and then needs zeroing (`span.needzero`): memory
 *      fresh from the OS is already zero (go1.19 mheap.allocNeedsZero).
 *   5. Sections (gc rule 2). In go1.19 mallocgc zeroes a large pointerful object on reused pages and then
 *      writes its heap bitmap (heapBitsSetType) with preemption off (malloc.go:1036–1050): one section of
 *      bytes · (zeroNsPerByte + bitmapNsPerByte), or of the bitmap alone on fresh pages. Pointer-free large
 *      objects are zeroed after mallocgc in 256 KiB chunks with a preemption check between them
 *      (memclrNoHeapPointersChunked), so they cost preemptible time. From go1.22 every large object is zeroed
 *      that way and carries a type pointer instead of bitmap bits (go1.26 mallocgcLarge). `mapclear` zeroes
 *      with one call (memclrHasPointers / memclrNoHeapPointers, go1.19 map.go:371; a Swiss map clears table by
 *      table, each a call of its own): a section of bytes · memclrNsPerByte, plus, for pointerful memory while
 *      the write barrier is on (during mark), bulkBarrierPreWrite's walk over every pointer slot
 *      (barrierNsPerByte). Zeroing small objects is inside the measured per-operation costs.
 *   6. Tiny objects (< 16 B, noscan) are counted at 16 B each, as if each had its own tiny block.
 */
import type { AllocRequest, AllocTag, Allocator, HeapObject } from './contracts';
import { CLASS_TO_SIZE, PAGE_SIZE, allocBytes, isLarge, type MallocRules } from './alloc';

/** Span pages per size class (go1.19 sizeclasses.go `class_to_allocnpages`; identical in go1.26 `SizeClassToNPages`). */
const CLASS_TO_NPAGES: readonly number[] = [
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2,
  1, 2, 1, 3, 2, 3, 1, 3, 2, 3, 4, 5, 6, 1, 7, 6, 5, 4, 3, 5, 7, 2, 9, 7, 5, 8, 3, 10, 7, 4,
];
const NUM_CLASSES = CLASS_TO_SIZE.length; // 68, class 0 = large
/** Number of span classes: (size class << 1) | noscan. */
export const NUM_SPAN_CLASSES = NUM_CLASSES * 2;

/** Allocation tags that are map structure (contracts.ts AllocTag), not workload data or out-of-line keys. */
const MAP_TAGS: ReadonlySet<AllocTag> = new Set<AllocTag>([
  'hmap',
  'mapextra',
  'buckets',
  'overflow',
  'overflowList',
  'swissMap',
  'directory',
  'table',
  'groups',
]);

const sizeToClass = new Map<number, number>(CLASS_TO_SIZE.map((s, c) => [s, c]));

/** True for allocations that are map structure (counted in `Heap.mapBytes`). */
export function isMapTag(tag: AllocTag): boolean {
  return MAP_TAGS.has(tag);
}

const SPAN_BYTES = Float64Array.from({ length: NUM_SPAN_CLASSES }, (_, sc) => CLASS_TO_NPAGES[sc >> 1] * PAGE_SIZE);
const OBJECTS_PER_SPAN = Float64Array.from({ length: NUM_SPAN_CLASSES }, (_, sc) =>
  sc >> 1 === 0 ? 1 : Math.floor((CLASS_TO_NPAGES[sc >> 1] * PAGE_SIZE) / CLASS_TO_SIZE[sc >> 1]),
);

/** Bytes of one span of span class `sc` (large: not used). */
export function spanBytes(sc: number): number {
  return SPAN_BYTES[sc];
}
/** Objects per span of span class `sc`. */
export function objectsPerSpan(sc: number): number {
  return OBJECTS_PER_SPAN[sc];
}

/** A precomputed allocation shape for the workload's hot path (no handle per object). */
export interface ObjectShape {
  readonly sc: number;
  /** Heap bytes per object (size class slot or pages). */
  readonly bytes: number;
  readonly scanBytes: number;
  readonly large: boolean;
  readonly scan: boolean;
}

/** The runtime side the heap reports to (gc.ts). */
export interface HeapListener {
  /**
   * `bytes` of heap (rounded) were allocated, `scanBytes` of them scannable, and the allocating goroutine must
   * spend `zero.ns` on them before mallocgc returns (heap rule 5); `zero.preemptible` false = a section.
   */
  allocated(bytes: number, scanBytes: number, zero?: { ns: number; preemptible: boolean }): void;
  /** mapclear's memclr: a section of `ns` (heap rule 5). */
  memclr(ns: number): void;
}

/** What zeroing costs, per byte (heap rule 5; costs.ts says where each figure is measured). */
export interface ZeroingCosts {
  /** Zeroing reused pages of a large object. */
  zeroNsPerByte: number;
  /** heapBitsSetType on a large pointerful object (go1.19; 0 where large objects have no bitmap bits). */
  bitmapNsPerByte: number;
  /** mapclear's memclr. */
  memclrNsPerByte: number;
  /** bulkBarrierPreWrite ahead of clearing pointerful memory while the write barrier is on. */
  barrierNsPerByte: number;
}

/** Per-state counters, indexed by span class. */
class Tally {
  readonly objects = new Float64Array(NUM_SPAN_CLASSES);
  readonly bytes = new Float64Array(NUM_SPAN_CLASSES);
  readonly scanBytes = new Float64Array(NUM_SPAN_CLASSES);
  totalObjects = 0;
  totalBytes = 0;
  totalScanBytes = 0;

  add(sc: number, n: number, bytes: number, scanBytes: number): void {
    this.objects[sc] += n;
    this.bytes[sc] += bytes;
    this.scanBytes[sc] += scanBytes;
    this.totalObjects += n;
    this.totalBytes += bytes;
    this.totalScanBytes += scanBytes;
  }

  /** Moves everything into `to` and empties this tally. */
  moveAllTo(to: Tally): void {
    for (let sc = 0; sc < NUM_SPAN_CLASSES; sc++) {
      if (this.objects[sc] !== 0) to.add(sc, this.objects[sc], this.bytes[sc], this.scanBytes[sc]);
    }
    this.clear();
  }

  clear(): void {
    this.objects.fill(0);
    this.bytes.fill(0);
    this.scanBytes.fill(0);
    this.totalObjects = this.totalBytes = this.totalScanBytes = 0;
  }
}

/**
 * A map's object. Immutable (frozen when made), so copies of a run share handles (fork.ts rule 4); whether it
 * was dropped is the heap's to know.
 */
class Handle implements HeapObject {
  constructor(
    readonly id: number,
    readonly bytes: number,
    readonly scan: boolean,
    readonly scanBytes: number,
    readonly tag: AllocTag,
    readonly sc: number,
  ) {}
}

/** The runtime's own heap at program start (objects the runtime allocated before main). */
export interface BaselineHeap {
  bytes: number;
  objects: number;
  inuseBytes: number;
}

export interface HeapOptions {
  rules: MallocRules;
  baseline: BaselineHeap;
  /** Costs of zeroing (heap rule 5, the time-to-stop mechanism). */
  zeroing: ZeroingCosts;
  /** Memory the runtime maps besides heap spans (stacks, GC metadata), for the memory-limit goal. */
  nonHeapBytes: number;
}

/** MemStats-like view of the heap (bytes and counts). */
export interface HeapStats {
  heapAlloc: number;
  heapInuse: number;
  heapObjects: number;
  heapSys: number;
  heapFree: number;
  heapReleased: number;
  /** Bytes of reachable objects right now (live, not counting floating garbage). */
  heapLiveReachable: number;
  totalAlloc: number;
  mallocs: number;
  frees: number;
}

export class Heap implements Allocator {
  readonly rules: MallocRules;
  readonly baseline: BaselineHeap;
  private readonly zeroing: ZeroingCosts;
  readonly nonHeapBytes: number;
  listener: HeapListener | null = null;

  /** Live bytes of map structure (tags in MAP_TAGS), for charts; MapShape.mapBytes is the exact figure. */
  mapBytes = 0;
  /**
   * Bytes another part of the program holds beyond the baseline, set from a measurement rather than from
   * simulated objects (the calibration harness's own records, run.ts run rule 9); counted in HeapAlloc only.
   */
  externalBytes = 0;

  /** True between mark start and mark termination (heap rule 2). */
  marking = false;

  readonly live = new Tally();
  readonly doomed = new Tally();
  readonly floating = new Tally();
  readonly unswept = new Tally();
  /** unswept at the start of the current sweep, to free in proportion to progress. */
  private sweepInitial = new Tally();
  private sweepDone = 1;

  private nextId = 1;
  /** Bit per handle id: dropped (handles themselves are immutable). */
  private droppedIds = new Uint8Array(64);
  totalAlloc = 0;
  /** Bytes allocated in large objects over the run (their cost is charged here, heap rule 5). */
  largeBytes = 0;
  mallocs = 0;
  frees = 0;
  /** Objects allocated and not yet swept, per span class. */
  private readonly allocObjects = new Float64Array(NUM_SPAN_CLASSES);
  /** Bytes of in-use spans (without the baseline). */
  private inuse = 0;
  /** Pages the runtime has mapped for the heap (grows, never shrinks; released pages are subtracted). */
  private heapSys = 0;
  heapReleased = 0;

  constructor(o: HeapOptions) {
    this.rules = o.rules;
    this.baseline = o.baseline;
    this.zeroing = o.zeroing;
    this.nonHeapBytes = o.nonHeapBytes;
    this.heapSys = o.baseline.inuseBytes;
    this.totalAlloc = o.baseline.bytes;
    this.mallocs = o.baseline.objects;
  }

  /** Shape of an object of `size` bytes (before rounding). */
  shape(size: number, scan: boolean, scanBytes: number): ObjectShape {
    const bytes = allocBytes(size, scan, this.rules);
    const large = isLarge(size, scan, this.rules);
    const cls = large ? 0 : sizeToClass.get(bytes);
    if (cls === undefined) throw new Error(`heap: ${bytes} B is not a size class`);
    return { sc: (cls << 1) | (scan ? 0 : 1), bytes, scanBytes: scan ? scanBytes : 0, large, scan };
  }

  // ---- Allocator (maps) ----

  alloc(req: AllocRequest): HeapObject {
    if (!(req.size > 0)) throw new RangeError(`heap: alloc of ${req.size} bytes (${req.tag})`);
    const s = this.shape(req.size, req.scan, req.scanBytes);
    const h = Object.freeze(new Handle(this.nextId++, s.bytes, s.scan, s.scanBytes, req.tag, s.sc));
    if (MAP_TAGS.has(req.tag)) this.mapBytes += s.bytes;
    this.place(s, 1);
    return h;
  }

  drop(obj: HeapObject): void {
    const h = obj as Handle;
    if (!(h instanceof Handle)) throw new TypeError('heap: drop of an object this heap did not allocate');
    if (h.id < this.droppedIds.length * 8 && this.droppedIds[h.id >> 3] & (1 << (h.id & 7))) {
      throw new Error(`heap: object ${h.id} (${h.tag}) dropped twice`);
    }
    this.markDropped(h.id);
    if (MAP_TAGS.has(h.tag)) this.mapBytes -= h.bytes;
    this.unlink(h.sc, 1, h.bytes, h.scanBytes);
  }

  private markDropped(id: number): void {
    if (id >= this.droppedIds.length * 8) {
      const grown = new Uint8Array(Math.max(this.droppedIds.length * 2, (id >> 3) + 1));
      grown.set(this.droppedIds);
      this.droppedIds = grown;
    }
    this.droppedIds[id >> 3] |= 1 << (id & 7);
  }

  memclr(bytes: number, scan: boolean): void {
    if (bytes <= 0) return;
    const z = this.zeroing;
    // heap rule 5: memclrHasPointers runs bulkBarrierPreWrite first when the write barrier is on.
    const perByte = z.memclrNsPerByte + (scan && this.marking ? z.barrierNsPerByte : 0);
    this.listener?.memclr(bytes * perByte);
  }

  // ---- Workload hot path: many objects of one shape, no handles ----

  /** `n` objects of one shape; `mapStructure`: they count in `mapBytes` (a replayed make, run.ts rule 10). */
  allocN(s: ObjectShape, n: number, mapStructure = false): void {
    if (n <= 0) return;
    if (mapStructure) this.mapBytes += n * s.bytes;
    this.place(s, n);
  }

  dropN(s: ObjectShape, n: number, mapStructure = false): void {
    if (n <= 0) return;
    if (mapStructure) this.mapBytes -= n * s.bytes;
    this.unlink(s.sc, n, n * s.bytes, n * s.scanBytes);
  }

  private place(s: ObjectShape, n: number): void {
    const bytes = n * s.bytes;
    let zero: { ns: number; preemptible: boolean } | undefined;
    if (s.large) {
      this.largeBytes += bytes;
      // heap rule 4: reuse of freed pages needs zeroing; fresh pages do not.
      const z = this.zeroing;
      const zeroNs = this.freePages() >= bytes ? bytes * z.zeroNsPerByte : 0;
      // heap rule 5
      if (this.rules === 'go1.19' && s.scan) zero = { ns: zeroNs + bytes * z.bitmapNsPerByte, preemptible: false };
      else if (zeroNs > 0) zero = { ns: zeroNs, preemptible: true };
    }
    this.live.add(s.sc, n, bytes, n * s.scanBytes);
    this.changeAllocated(s.sc, n, bytes);
    this.totalAlloc += bytes;
    this.mallocs += n;
    this.listener?.allocated(bytes, n * s.scanBytes, zero);
  }

  /** Keeps HeapInuse current as objects are placed or swept (heap rules 3, 4). */
  private changeAllocated(sc: number, n: number, bytes: number): void {
    const before = this.allocObjects[sc];
    const after = before + n;
    this.allocObjects[sc] = after;
    if (sc >> 1 === 0) {
      this.inuse += bytes;
    } else {
      const per = OBJECTS_PER_SPAN[sc];
      const dSpans = Math.ceil(after / per - 1e-9) - Math.ceil(before / per - 1e-9);
      if (dSpans !== 0) this.inuse += dSpans * SPAN_BYTES[sc];
    }
    const mapped = this.heapSys - this.heapReleased;
    const total = this.baseline.inuseBytes + this.inuse;
    if (total > mapped) {
      // Grow: scavenged pages are reused first, then the heap maps new memory.
      const need = total - mapped;
      const fromReleased = Math.min(need, this.heapReleased);
      this.heapReleased -= fromReleased;
      this.heapSys += need - fromReleased;
    }
  }

  private unlink(sc: number, n: number, bytes: number, scanBytes: number): void {
    this.live.add(sc, -n, -bytes, -scanBytes);
    (this.marking ? this.floating : this.doomed).add(sc, n, bytes, scanBytes);
  }

  // ---- GC side ----

  /** Mark termination (heap rules 1, 2): returns bytes marked (live + floating + baseline). */
  finishMark(): { bytesMarked: number; objectsMarked: number } {
    this.sweepToEnd();
    this.doomed.moveAllTo(this.unswept);
    this.floating.moveAllTo(this.doomed);
    this.sweepInitial.clear();
    for (let sc = 0; sc < NUM_SPAN_CLASSES; sc++) {
      if (this.unswept.objects[sc] !== 0) {
        this.sweepInitial.add(sc, this.unswept.objects[sc], this.unswept.bytes[sc], this.unswept.scanBytes[sc]);
      }
    }
    this.sweepDone = this.unswept.totalObjects > 0 ? 0 : 1;
    this.marking = false;
    return {
      bytesMarked: this.live.totalBytes + this.doomed.totalBytes + this.baseline.bytes,
      objectsMarked: this.live.totalObjects + this.doomed.totalObjects + this.baseline.objects,
    };
  }

  /** Spans the sweeper has to visit: every in-use span (one per large object). */
  spansInUse(): number {
    let spans = 0;
    for (let sc = 0; sc < NUM_SPAN_CLASSES; sc++) {
      const k = this.allocObjects[sc];
      if (k > 0) spans += sc >> 1 === 0 ? k : Math.ceil(k / objectsPerSpan(sc));
    }
    return spans;
  }

  /** Sweep progress in [0, 1]: frees that share of what the last mark left unmarked. */
  sweepTo(fraction: number): void {
    const f = Math.min(1, Math.max(0, fraction));
    if (f <= this.sweepDone) return;
    for (let sc = 0; sc < NUM_SPAN_CLASSES; sc++) {
      const o0 = this.sweepInitial.objects[sc];
      if (o0 === 0) continue;
      // What should remain unswept at progress f, by span class.
      const keep = f >= 1 ? 0 : 1 - f;
      const objects = this.unswept.objects[sc] - o0 * keep;
      const bytes = this.unswept.bytes[sc] - this.sweepInitial.bytes[sc] * keep;
      const scanBytes = this.unswept.scanBytes[sc] - this.sweepInitial.scanBytes[sc] * keep;
      if (objects > 0) {
        this.unswept.add(sc, -objects, -bytes, -scanBytes);
        this.changeAllocated(sc, -objects, -bytes);
        this.frees += objects;
      }
    }
    this.sweepDone = f;
    if (f >= 1) this.unswept.clear();
  }

  sweepToEnd(): void {
    this.sweepTo(1);
  }

  get sweeping(): boolean {
    return this.sweepDone < 1;
  }

  // ---- Stats ----

  /** heap rule 1 */
  heapAlloc(): number {
    return (
      this.baseline.bytes +
      this.externalBytes +
      this.live.totalBytes +
      this.doomed.totalBytes +
      this.floating.totalBytes +
      this.unswept.totalBytes
    );
  }

  heapObjects(): number {
    return (
      this.baseline.objects +
      this.live.totalObjects +
      this.doomed.totalObjects +
      this.floating.totalObjects +
      this.unswept.totalObjects
    );
  }

  /** heap rule 3 */
  heapInuse(): number {
    return this.baseline.inuseBytes + this.inuse;
  }

  /** Pages held but unused (heapFree). */
  freePages(): number {
    return Math.max(0, this.heapSys - this.heapReleased - this.heapInuse());
  }

  /** Bytes the runtime has mapped and not released: what counts against a memory limit (with nonHeapBytes). */
  mappedReady(): number {
    return this.heapSys - this.heapReleased + this.nonHeapBytes;
  }

  /** The scavenger returns free pages to the OS (used under a memory limit). */
  release(bytes: number): void {
    const b = Math.min(bytes, this.freePages());
    if (b > 0) this.heapReleased += b;
  }

  stats(): HeapStats {
    const heapInuse = this.heapInuse();
    return {
      heapAlloc: this.heapAlloc(),
      heapInuse,
      heapObjects: this.heapObjects(),
      heapSys: this.heapSys,
      heapFree: Math.max(0, this.heapSys - this.heapReleased - heapInuse),
      heapReleased: this.heapReleased,
      heapLiveReachable: this.baseline.bytes + this.externalBytes + this.live.totalBytes,
      totalAlloc: this.totalAlloc,
      mallocs: this.mallocs,
      frees: this.frees,
    };
  }
}
