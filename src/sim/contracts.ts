/**
 * The seams inside the simulator.
 *
 * `src/sim` has two halves that meet here:
 *   - the data structures (types.ts, alloc.ts, hash.ts, maps/*) know the runtime's layout rules:
 *     which objects a map allocates, how big they are after size-class rounding, whether the GC must
 *     scan them, and where each key lands;
 *   - the runtime (heap.ts, gc.ts, costs.ts, scenario.ts, run.ts) owns the virtual clock, the heap
 *     accounting, the pacer and the GC cycles, and drives a workload through a map.
 *
 * A map never reads the clock and never decides when a GC happens. It only reports what it allocates,
 * drops and zeroes through an {@link Allocator}; the runtime turns those into heap bytes, scan work,
 * GC triggers and non-preemptible time (the "time to stop" mechanism).
 *
 * Units: bytes for sizes, nanoseconds of simulated time. Nothing here touches the DOM.
 */

/** What an allocation is for. Names follow the runtime's own (hmap, mapextra, buckets, ...). */
export type AllocTag =
  | 'hmap' // classic map header (48 B on amd64)
  | 'mapextra' // classic hmap.extra (24 B), allocated for B >= 4 or for noscan overflow tracking
  | 'buckets' // classic bucket array (with preallocated overflow buckets)
  | 'overflow' // classic overflow bucket allocated by newoverflow
  | 'overflowList' // classic extra.overflow slice backing array (noscan maps only)
  | 'swissMap' // Swiss maps.Map header
  | 'directory' // Swiss directory: array of table pointers
  | 'table' // Swiss table header
  | 'groups' // Swiss groups array of one table (or the single small-map group)
  | 'indirectKey' // key stored out of line (key > 128 B)
  | 'indirectElem' // elem stored out of line (elem > 128 B)
  | 'key' // heap data a key points to (e.g. string bytes), owned by the workload
  | 'elem' // heap object an elem points to (e.g. *T target), owned by the workload
  | 'other';

/** One heap object as the allocator sees it. */
export interface AllocRequest {
  /** Requested size in bytes (before size-class rounding). */
  size: number;
  /** True if the object's type has pointers (ptrdata > 0): it goes in a scan span and the GC reads it. */
  scan: boolean;
  /** Bytes of the object the GC reads: up to its last pointer word (ptrdata). 0 when !scan. */
  scanBytes: number;
  tag: AllocTag;
}

/**
 * The runtime side implements this; maps and workloads call it.
 * Reachability is explicit: whoever owns an object calls `drop` when the last reference to it goes away
 * (a deleted value, a released oldbuckets array, a map replaced by a rebuild). Dropped bytes are garbage
 * until the next GC cycle ends.
 */
export interface Allocator {
  /** Allocates one object; returns its handle. `handle.bytes` is the size after rounding (size class or pages). */
  alloc(req: AllocRequest): HeapObject;
  /** The object is no longer reachable. */
  drop(obj: HeapObject): void;
  /**
   * Zeroes `bytes` of memory in place, as `mapclear` does with `memclrHasPointers` (scan = true) or
   * `memclrNoHeapPointers` (scan = false). The runtime decides whether that is preemptible.
   */
  memclr(bytes: number, scan: boolean): void;
}

/** Handle to a simulated heap object. */
export interface HeapObject {
  readonly id: number;
  /** Bytes the object occupies after size-class or page rounding. */
  readonly bytes: number;
  readonly scan: boolean;
  readonly scanBytes: number;
  readonly tag: AllocTag;
}

/** Structural events a map emits (opt-in, for views that replay a growth step by step). */
export type MapEvent =
  | { type: 'grow'; impl: 'classic'; fromB: number; toB: number; sameSize: boolean; count: number }
  | { type: 'evacuate'; impl: 'classic'; oldbucket: number; moved: number; nevacuate: number }
  | { type: 'growDone'; impl: 'classic'; B: number }
  | { type: 'overflow'; impl: 'classic'; bucket: number; preallocated: boolean }
  | { type: 'tableGrow'; impl: 'swiss'; table: number; fromCapacity: number; toCapacity: number }
  | { type: 'split'; impl: 'swiss'; table: number; localDepth: number; globalDepth: number }
  | { type: 'smallToTable'; impl: 'swiss' }
  /** Go 1.26 table.pruneTombstones turned `removed` tombstones back into empty slots instead of growing. */
  | { type: 'prune'; impl: 'swiss'; table: number; removed: number }
  | { type: 'clear'; impl: 'classic' | 'swiss' };

/** Structure fields of a phase snapshot (names are the result format's, see calibration/FORMAT.md). */
export interface MapShape {
  count: number;
  // classic
  B: number | null;
  buckets: number | null;
  /** True count of overflow buckets in use (walked), not the header's noverflow estimate. */
  overflowBuckets: number | null;
  /** The header's noverflow (approximate for B >= 16). */
  noverflow: number | null;
  /** Old bucket count while a classic growth is in progress, else 0. */
  oldbuckets: number | null;
  nevacuate: number | null;
  // swiss
  directory: number | null;
  tables: number | null;
  groups: number | null;
  capacity: number | null;
  tombstones: number | null;
  /** Everything the map owns: header, bucket array(s) with overflow, or directory, tables and groups. */
  mapBytes: number;
  /** Of mapBytes, the bytes the GC has to read each cycle (pointerful storage up to its last pointer). */
  mapScanBytes: number;
}

/** A Go map model. Keys are integer ids; the map hashes them with its seeded hash. */
export interface GoMap {
  readonly impl: 'classic' | 'swiss';
  readonly count: number;
  /** m[k] = v. Returns true if k was not present. Starts and advances growth as the runtime does. */
  assign(key: number): boolean;
  /** delete(m, k). Returns true if k was present. */
  delete(key: number): boolean;
  /** v, ok := m[k]. Never advances evacuation. */
  lookup(key: number): boolean;
  /** clear(m) / range-delete (runtime.mapclear). Keeps the storage. */
  clear(): void;
  /** Drops every object the map owns (the map became unreachable). */
  release(): void;
  shape(): MapShape;
  /** Throws with a precise message if an invariant of the structure is broken. */
  checkInvariants(): void;
  /** Where structural events go from now on (a copied map must not report to the original's owner; fork.ts). */
  setTrace(trace: ((e: MapEvent) => void) | undefined): void;
  /**
   * Optional, changes nothing: reads the memory that operations on keys from … from + k − 1 will read first.
   * A big map's buckets are cache misses; one operation at a time waits for each in turn, while this loop's
   * loads are independent of each other, so the CPU overlaps them and the operations that follow find them
   * cached.
   */
  warm?(from: number, k: number): void;
  /**
   * Optional: the fine events (evacuate, overflow) a map made with `countFine` counted instead of emitting, by
   * type. It emits the first of each type as usual; these are the ones after it.
   */
  fineCounts?(): Readonly<Record<string, number>>;
}
