/**
 * What the sync.Map driver (syncmap/run.ts) needs from a concurrent map model: the harness's three calls
 * (calibration/cmd/child/syncmap.go `kv`: store, del, length), the pointers the GC follows, and a reading of
 * the structure for the result.
 */
import type { MapShape } from '../contracts';

/** The structure of a sync.Map model at a phase end (simulator extension of the phase, `syncmap`). */
export interface SyncMapShape {
  impl: 'readdirty' | 'hashtrie' | 'mutex';
  /** Keys with a value (what Range visits). */
  live: number;
  /** readdirty: keys in read.m and in dirty (null when dirty is nil); whether read is amended; misses. */
  readLen: number | null;
  dirtyLen: number | null;
  amended: boolean | null;
  misses: number | null;
  /** readdirty: entries deleted (p = nil) and expunged ones, still reachable from read.m or dirty. */
  nilEntries: number | null;
  expunged: number | null;
  /** readdirty: dirty → read promotions and dirtyLocked copies so far. */
  promotions: number | null;
  dirtyCopies: number | null;
  /** hashtrie: indirect nodes (root included), entry nodes, the deepest level in use (root = 0). */
  indirectNodes: number | null;
  entryNodes: number | null;
  maxDepth: number | null;
  /** Heap objects the model keeps reachable outside inner maps: keys, boxes, values, entries, nodes, header. */
  objects: number;
}

export interface ConcurrentMap {
  readonly impl: SyncMapShape['impl'];
  /** `m.Store(key(k), &p64{})` or `mu.Lock(); m[key(k)] = &p64{}; mu.Unlock()`. */
  store(key: number): void;
  /** `m.Delete(key(k))` or `mu.Lock(); delete(m, key(k)); mu.Unlock()`. */
  delete(key: number): void;
  /** Keys with a value now, without side effects (for samples; O(1)). */
  values(): number;
  /** The harness's length(): sync.Map.Range counting entries (which promotes a read/dirty map), or len(m). */
  length(): number;
  /** Non-nil pointers from live objects to heap objects (gc rule 3's pointer term). */
  livePointers(): number;
  /** The result format's structure fields (classic/Swiss fields for the inner map of map+mutex only). */
  mapShape(): MapShape;
  syncShape(): SyncMapShape;
  /** Throws if a structural invariant is broken. */
  checkInvariants(): void;
}

/** A MapShape for a structure that is neither a classic nor a Swiss map: only the count and the bytes. */
export function plainMapShape(count: number, mapBytes: number, mapScanBytes: number): MapShape {
  const none = { B: null, buckets: null, overflowBuckets: null, noverflow: null, oldbuckets: null, nevacuate: null };
  return { count, ...none, directory: null, tables: null, groups: null, capacity: null, tombstones: null, mapBytes, mapScanBytes };
}

/** A SyncMapShape with every implementation-specific field null but those given. */
export function syncShape(impl: SyncMapShape['impl'], live: number, objects: number, fields: Partial<SyncMapShape> = {}): SyncMapShape {
  return {
    impl,
    live,
    readLen: null,
    dirtyLen: null,
    amended: null,
    misses: null,
    nilEntries: null,
    expunged: null,
    promotions: null,
    dirtyCopies: null,
    indirectNodes: null,
    entryNodes: null,
    maxDepth: null,
    objects,
    ...fields,
  };
}
