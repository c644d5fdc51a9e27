/**
 * The small heap objects of the sync.Map workload (calibration/cmd/child/syncmap.go), kind by kind, and a
 * ledger that hands them to the heap in batches.
 *
 * Every Store of the harness passes a fresh 16-byte key string and a fresh `*p64` (a 64-byte pointer-free
 * struct); every Delete regenerates the key string. What else one operation allocates, and which objects stay
 * reachable, is the business of the model (readdirty.ts, hashtrie.ts, mutexmap.ts); they count objects here by
 * kind, with no handle per object, and the driver flushes the counts to the heap once per batch of operations
 * (heap.ts allocN/dropN), so size classes, scan bytes and the GC's accounting are the heap's as for every other
 * object. Order inside a batch does not matter to the heap: a batch never crosses a GC trigger (syncmap/run.ts).
 *
 * Sizes (amd64, go1.19.8 and go1.26.8 sources):
 *   key string data   16 B, no pointers (hexString(…, 16))
 *   key box           16 B, a string header: converting a string to `any` allocates it (runtime.convTstring);
 *                     pointer in its first word (ptrdata 8)
 *   value             64 B, no pointers (`p64`); a pointer converted to `any` needs no box
 *   value box         go1.19 sync.Map: the `*any` an entry points to (16 B, both words pointers)
 *   entry             go1.19: `entry{p unsafe.Pointer}`, 8 B; go1.26: `entry[any, any]{node; overflow; key; value}`,
 *                     1 + 7 padding + 8 + 16 + 16 = 48 B, ptrdata 48
 *   readOnly box      go1.19: `m.read.Store(readOnly{m, amended})` converts a 16-byte struct whose first word is
 *                     the map pointer to `any` (atomic.Value), one 16-byte object per Store
 *   indirect          go1.26: `indirect[any, any]{node; dead; mu; parent; children [16]}`: 1 + 3 + 4 (atomic.Bool)
 *                     + 8 (Mutex) + 8 + 128 = 152 B → size class 160, ptrdata 152
 *   header            the struct holding the map: go1.19 sync.Map (Mutex 8, atomic.Value 16, dirty 8, misses 8 =
 *                     40 B), go1.26 sync.Map (HashTrieMap: inited 4, initMu 8, root, keyHash, valEqual, seed =
 *                     48 B), or rwKV (RWMutex 24 B, map pointer = 32 B)
 */
import type { Heap, ObjectShape } from '../heap';

export const KEY_STR = 0;
export const KEY_BOX = 1;
export const VALUE = 2;
export const VALUE_BOX = 3;
export const ENTRY = 4;
export const READONLY = 5;
export const INDIRECT = 6;
export const HEADER = 7;
const KINDS = 8;

export type Kind = number;

/** One kind's object: bytes before rounding, and the bytes up to its last pointer (0 = no pointers). */
export interface KindSpec {
  size: number;
  ptrdata: number;
  /** Counted as map structure in `Heap.mapBytes` (the series' map line). */
  structure: boolean;
}

/** The per-kind layouts of one implementation (sizes above). */
export function kindSpecs(impl: 'readdirty' | 'hashtrie' | 'mutex'): KindSpec[] {
  const specs: KindSpec[] = [
    { size: 16, ptrdata: 0, structure: false }, // KEY_STR
    { size: 16, ptrdata: 8, structure: false }, // KEY_BOX
    { size: 64, ptrdata: 0, structure: false }, // VALUE
    { size: 16, ptrdata: 16, structure: false }, // VALUE_BOX
    impl === 'hashtrie' ? { size: 48, ptrdata: 48, structure: true } : { size: 8, ptrdata: 8, structure: true }, // ENTRY
    { size: 16, ptrdata: 8, structure: true }, // READONLY
    { size: 152, ptrdata: 152, structure: true }, // INDIRECT
    impl === 'readdirty'
      ? { size: 40, ptrdata: 32, structure: true }
      : impl === 'hashtrie'
        ? { size: 48, ptrdata: 40, structure: true }
        : { size: 32, ptrdata: 32, structure: true }, // HEADER
  ];
  return specs;
}

/**
 * Counts allocations and drops by kind and passes them to the heap on `flush`. `live` is what the model holds
 * reachable, per kind, after everything flushed and pending (for shapes and pointer counts); `mallocs` counts
 * every allocation, as MemStats.Mallocs does.
 */
export class Ledger {
  readonly shapes: ObjectShape[];
  private readonly structure: boolean[];
  private readonly pendingAlloc = new Float64Array(KINDS);
  private readonly pendingDrop = new Float64Array(KINDS);
  readonly live = new Float64Array(KINDS);
  readonly mallocs = new Float64Array(KINDS);

  constructor(
    private readonly heap: Heap,
    specs: KindSpec[],
  ) {
    this.shapes = specs.map((s) => heap.shape(s.size, s.ptrdata > 0, s.ptrdata));
    this.structure = specs.map((s) => s.structure);
  }

  alloc(kind: Kind, n = 1): void {
    this.pendingAlloc[kind] += n;
    this.live[kind] += n;
    this.mallocs[kind] += n;
  }

  drop(kind: Kind, n = 1): void {
    this.pendingDrop[kind] += n;
    this.live[kind] -= n;
    if (this.live[kind] < 0) throw new Error(`syncmap ledger: more drops than objects of kind ${kind}`);
  }

  /** Heap bytes of one object of `kind` (after size-class rounding). */
  bytes(kind: Kind): number {
    return this.shapes[kind].bytes;
  }

  /** Objects of every kind the model holds reachable. */
  liveObjects(): number {
    let n = 0;
    for (let k = 0; k < KINDS; k++) n += this.live[k];
    return n;
  }

  /** Live bytes of map structure (entries, nodes, readOnly boxes, the header). */
  structureBytes(): number {
    let b = 0;
    for (let k = 0; k < KINDS; k++) if (this.structure[k]) b += this.live[k] * this.shapes[k].bytes;
    return b;
  }

  /** Live scan bytes of map structure. */
  structureScanBytes(): number {
    let b = 0;
    for (let k = 0; k < KINDS; k++) if (this.structure[k]) b += this.live[k] * this.shapes[k].scanBytes;
    return b;
  }

  /** Allocations first, then drops, so a batch never drops what the heap has not seen. */
  flush(): void {
    for (let k = 0; k < KINDS; k++) {
      const a = this.pendingAlloc[k];
      if (a > 0) this.heap.allocN(this.shapes[k], a, this.structure[k]);
      this.pendingAlloc[k] = 0;
    }
    for (let k = 0; k < KINDS; k++) {
      const d = this.pendingDrop[k];
      if (d > 0) this.heap.dropN(this.shapes[k], d, this.structure[k]);
      this.pendingDrop[k] = 0;
    }
  }
}

/** A copy of `a` with room for `n` elements (the model's per-key and per-node arrays grow by doubling). */
export function grown<T extends Uint8Array | Int32Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
