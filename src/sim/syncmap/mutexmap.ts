/**
 * The harness's other side: `rwKV{mu sync.RWMutex; m map[string]*p64}` (calibration/cmd/child/syncmap.go).
 * The map is the simulator's classic (Go <= 1.23) or Swiss (Go >= 1.24) model of map[string]*T64.
 *
 * Rules (cited as "mutexmap rule N")
 *   1. store: a fresh key string and a fresh *p64. A new key takes both. An existing key keeps its slot, but
 *      mapassign overwrites a string key (needkeyupdate is true for strings: go1.19 reflect/type.go, go1.26
 *      maps NeedKeyUpdate), so the old key string and the old value become garbage.
 *   2. delete: a fresh key string (garbage at once); a present key's string and value become garbage.
 *   3. length(): len(m) under the read lock; no allocation.
 */
import type { GoMap, MapShape } from '../contracts';
import type { Heap } from '../heap';
import type { MallocRules } from '../alloc';
import { ClassicMap } from '../maps/classic';
import { SwissMap } from '../maps/swiss';
import { mapTypeOf } from '../types';
import { HEADER, KEY_STR, VALUE, type Ledger } from './objects';
import { syncShape, type ConcurrentMap, type SyncMapShape } from './model';

export interface MutexMapOptions {
  heap: Heap;
  ledger: Ledger;
  seed: number;
  impl: 'classic' | 'swiss';
  malloc: MallocRules;
}

export class MutexMap implements ConcurrentMap {
  readonly impl = 'mutex' as const;
  readonly map: GoMap;
  private readonly L: Ledger;

  constructor(o: MutexMapOptions) {
    this.L = o.ledger;
    this.L.alloc(HEADER);
    // map[string]*p64{}: make without a hint.
    const type = mapTypeOf('string16', 'ptr64');
    this.map =
      o.impl === 'classic'
        ? new ClassicMap({ type, alloc: o.heap, hint: 0, seed: o.seed, malloc: o.malloc })
        : new SwissMap({ type, alloc: o.heap, hint: 0, seed: o.seed });
  }

  store(k: number): void {
    this.L.alloc(KEY_STR);
    this.L.alloc(VALUE);
    if (!this.map.assign(k)) {
      this.L.drop(KEY_STR);
      this.L.drop(VALUE);
    }
  }

  delete(k: number): void {
    this.L.alloc(KEY_STR);
    this.L.drop(KEY_STR);
    if (this.map.delete(k)) {
      this.L.drop(KEY_STR);
      this.L.drop(VALUE);
    }
  }

  length(): number {
    return this.map.count;
  }

  values(): number {
    return this.map.count;
  }

  livePointers(): number {
    // Each slot: the key's data pointer and the value; the header → the map.
    return 2 * this.map.count + 1;
  }

  mapShape(): MapShape {
    return this.map.shape();
  }

  syncShape(): SyncMapShape {
    return syncShape('mutex', this.map.count, this.L.liveObjects());
  }

  checkInvariants(): void {
    this.map.checkInvariants();
    const n = this.map.count;
    if (this.L.live[KEY_STR] !== n || this.L.live[VALUE] !== n) {
      throw new Error(`mutexmap: ${this.L.live[KEY_STR]} keys, ${this.L.live[VALUE]} values for ${n} entries`);
    }
  }
}
