/**
 * sync.Map of Go 1.9–1.23: two built-in maps, by the go1.19.8 source (src/sync/map.go).
 *
 * Structure
 *   Map{mu, read atomic.Value(readOnly{m map[any]*entry, amended bool}), dirty map[any]*entry, misses int}
 *   entry{p unsafe.Pointer}: p points to a heap `any` holding the value, or is nil (deleted), or `expunged`
 *   (deleted, and missing from dirty). The inner maps are classic maps of `any` keys (16 B, both words
 *   pointers) and `*entry` elems: 208-byte buckets, modelled by maps/classic.ts like any other map.
 *
 * Rules (cited as "readdirty rule N")
 *   1. Store (map.go:144). `value any` escapes (`&value`), so every Store allocates a 16-byte box for it, and the
 *      caller boxes a string key (16 B). If read.m has the key and the entry is not expunged, the box is swapped
 *      in without the lock (tryStore); the key box is garbage. Otherwise, under mu: an expunged entry in read.m
 *      is unexpunged and put into dirty (`m.dirty[key] = e`: the slot takes the new key, as mapassign updates
 *      interface keys) and gets the box; an entry in dirty gets the box; a new key makes dirty if it is nil
 *      (rule 4), stores a new readOnly{read.m, amended: true} if read was not amended, and adds
 *      `newEntry(value)`: a new `*entry` and a second box (`&i` of newEntry's own parameter), the first one
 *      becoming garbage. Store never counts a miss.
 *   2. Delete = LoadAndDelete (map.go:276). The key's conversion does not escape (lookups only), so it is not
 *      boxed on the heap. A key in read.m: `e.delete()` sets p = nil without the lock; the value box and the
 *      value become garbage, the entry, its key box and key stay in read.m (and in dirty, if there). A key not in
 *      read.m while read is amended: under mu, `delete(m.dirty, key)`, the entry becomes unreachable, and a miss
 *      is counted (rule 3) whether or not the key was there.
 *   3. missLocked (map.go:360): misses++; when misses >= len(dirty), dirty is promoted: read = readOnly{m: dirty}
 *      (a new readOnly box), dirty = nil, misses = 0. The old read map becomes garbage, and with it every entry
 *      that only it held: the expunged ones (rule 4).
 *   4. dirtyLocked (map.go:370): with dirty nil, `make(map[any]*entry, len(read.m))` and copy every entry of
 *      read.m whose p is not nil; nil entries become expunged (tryExpungeLocked) and stay only in read.m. So a
 *      deleted key stays reachable until the promotion after the next dirty copy.
 *   5. Range (map.go:327): if read is amended it promotes dirty first (as rule 3, without a miss), then visits
 *      read.m; the harness's length() is a Range.
 *   Load, LoadOrStore and the other calls are not used by the harness and not modelled.
 */
import type { MapShape } from '../contracts';
import type { Heap } from '../heap';
import type { MallocRules } from '../alloc';
import { deriveSeed } from '../hash';
import { ClassicMap } from '../maps/classic';
import { anyT, mapType, type GoType, type MapType } from '../types';
import { ENTRY, HEADER, KEY_BOX, KEY_STR, READONLY, VALUE, VALUE_BOX, grown, type Ledger } from './objects';
import { plainMapShape, syncShape, type ConcurrentMap, type SyncMapShape } from './model';

/** `*entry`: one pointer to an 8-byte struct. */
const entryPtrT: GoType = { name: '*entry', id: 'entryptr', size: 8, align: 8, ptrdata: 8, alg: 'ptr', owns: [], shared: [] };
/** `map[any]*entry`, the type of read.m and dirty. */
export const READ_DIRTY_MAP_TYPE: MapType = mapType(anyT, entryPtrT);

// entry.p states (no entry = NONE).
const NONE = 0;
const VAL = 1;
const NIL = 2;
const EXPUNGED = 3;

export interface ReadDirtyOptions {
  heap: Heap;
  ledger: Ledger;
  seed: number;
  malloc: MallocRules;
}

export class ReadDirtyMap implements ConcurrentMap {
  readonly impl = 'readdirty' as const;
  private readonly heap: Heap;
  private readonly L: Ledger;
  private readonly seed: number;
  private readonly malloc: MallocRules;
  private maps = 0;

  /** Per key id: entry.p's state, membership in read.m and dirty, and whether dirty's slot holds its own key box. */
  private p = new Uint8Array(1024);
  private inRead = new Uint8Array(1024);
  private inDirty = new Uint8Array(1024);
  private ownBox = new Uint8Array(1024);
  /** Keys of read.m (fixed between promotions) and of dirty (with positions, for O(1) removal). */
  private readKeys = new Int32Array(0);
  private readLen = 0;
  private dirtyKeys = new Int32Array(1024);
  private dirtyPos = new Int32Array(1024);
  private dirtyLen = 0;

  private read: ClassicMap | null = null;
  private dirty: ClassicMap | null = null;
  private amended = false;
  private misses = 0;
  private hasReadOnly = false;

  private entries = 0;
  private nvalues = 0;
  private nils = 0;
  private expunged = 0;
  /** Keys whose dirty slot holds a second key box (rule 1, unexpunge). */
  private extraBoxes = 0;
  promotions = 0;
  dirtyCopies = 0;

  constructor(o: ReadDirtyOptions) {
    this.heap = o.heap;
    this.L = o.ledger;
    this.seed = o.seed;
    this.malloc = o.malloc;
    this.L.alloc(HEADER);
  }

  private grow(k: number): void {
    if (k < this.p.length) return;
    let n = this.p.length;
    while (n <= k) n *= 2;
    this.p = grown(this.p, n);
    this.inRead = grown(this.inRead, n);
    this.inDirty = grown(this.inDirty, n);
    this.ownBox = grown(this.ownBox, n);
    this.dirtyPos = grown(this.dirtyPos, n);
  }

  private newMap(hint: number): ClassicMap {
    return new ClassicMap({ type: READ_DIRTY_MAP_TYPE, alloc: this.heap, hint, seed: deriveSeed(this.seed, ++this.maps), malloc: this.malloc });
  }

  private addDirty(k: number): void {
    this.dirty!.assign(k);
    this.inDirty[k] = 1;
    if (this.dirtyLen === this.dirtyKeys.length) this.dirtyKeys = grown(this.dirtyKeys, this.dirtyKeys.length * 2);
    this.dirtyPos[k] = this.dirtyLen;
    this.dirtyKeys[this.dirtyLen++] = k;
  }

  private removeDirty(k: number): void {
    this.dirty!.delete(k);
    this.inDirty[k] = 0;
    const i = this.dirtyPos[k];
    const last = this.dirtyKeys[--this.dirtyLen];
    this.dirtyKeys[i] = last;
    this.dirtyPos[last] = i;
  }

  /** `m.read.Store(readOnly{…})`: a new 16-byte box; the previous one becomes garbage. */
  private storeReadOnly(): void {
    this.L.alloc(READONLY);
    if (this.hasReadOnly) this.L.drop(READONLY);
    this.hasReadOnly = true;
  }

  /** The value box and the value an entry held become garbage. */
  private dropValue(): void {
    this.L.drop(VALUE_BOX);
    this.L.drop(VALUE);
  }

  /** An entry nothing references any more: it, its key box and its key string. */
  private dropEntry(k: number): void {
    this.L.drop(ENTRY);
    this.L.drop(KEY_BOX);
    this.L.drop(KEY_STR);
    this.entries--;
    this.p[k] = NONE;
  }

  store(k: number): void {
    this.grow(k);
    const L = this.L;
    L.alloc(KEY_STR);
    L.alloc(KEY_BOX);
    L.alloc(VALUE);
    L.alloc(VALUE_BOX); // `&value` escapes
    const st = this.p[k];
    if (this.inRead[k] && st !== EXPUNGED) {
      // tryStore: the box goes in without the lock; read.m keeps its key.
      this.setValue(k, st);
      L.drop(KEY_BOX);
      L.drop(KEY_STR);
      return;
    }
    if (this.inRead[k]) {
      // Expunged: unexpunge, m.dirty[key] = e (the slot takes this key), then storeLocked.
      this.p[k] = NIL;
      this.expunged--;
      this.nils++;
      this.addDirty(k);
      this.ownBox[k] = 1;
      this.extraBoxes++;
      this.setValue(k, NIL);
      return;
    }
    if (this.inDirty[k]) {
      this.setValue(k, st);
      L.drop(KEY_BOX);
      L.drop(KEY_STR);
      return;
    }
    if (!this.amended) {
      this.dirtyLocked();
      this.storeReadOnly();
      this.amended = true;
    }
    // newEntry(value): its parameter is boxed again (&i) and the Store's box is dropped.
    L.alloc(VALUE_BOX);
    L.drop(VALUE_BOX);
    L.alloc(ENTRY);
    this.entries++;
    this.p[k] = VAL;
    this.nvalues++;
    this.addDirty(k);
  }

  /** entry.p = the new box; the old value (if any) becomes garbage. */
  private setValue(k: number, st: number): void {
    if (st === VAL) this.dropValue();
    else {
      if (st === NIL) this.nils--;
      this.nvalues++;
    }
    this.p[k] = VAL;
  }

  delete(k: number): void {
    this.grow(k);
    this.L.alloc(KEY_STR); // the regenerated key
    this.L.drop(KEY_STR);
    if (this.inRead[k]) {
      if (this.p[k] === VAL) {
        this.p[k] = NIL;
        this.nvalues--;
        this.nils++;
        this.dropValue();
      }
      return;
    }
    if (!this.amended) return;
    if (this.inDirty[k]) {
      this.removeDirty(k);
      if (this.p[k] === VAL) {
        this.nvalues--;
        this.dropValue();
      } else if (this.p[k] === NIL) this.nils--;
      this.dropEntry(k);
    }
    this.missLocked();
  }

  private missLocked(): void {
    this.misses++;
    if (this.misses < this.dirtyLen) return;
    this.promote();
  }

  /** read = readOnly{m: dirty}; dirty = nil (readdirty rules 3 and 5). */
  private promote(): void {
    this.storeReadOnly();
    for (let i = 0; i < this.readLen; i++) {
      const k = this.readKeys[i];
      if (!this.inDirty[k]) {
        // Only the old read map held it: an expunged entry.
        if (this.p[k] === EXPUNGED) this.expunged--;
        else if (this.p[k] === NIL) this.nils--;
        else if (this.p[k] === VAL) throw new Error(`readdirty: key ${k} has a value but is missing from dirty`);
        this.dropEntry(k);
      } else if (this.ownBox[k]) {
        // read.m's key box and string go with the old map; dirty's stay.
        this.L.drop(KEY_BOX);
        this.L.drop(KEY_STR);
        this.ownBox[k] = 0;
        this.extraBoxes--;
      }
      this.inRead[k] = 0;
    }
    this.read?.release();
    this.read = this.dirty;
    this.readKeys = this.dirtyKeys.slice(0, this.dirtyLen);
    this.readLen = this.dirtyLen;
    for (let i = 0; i < this.readLen; i++) {
      const k = this.readKeys[i];
      this.inRead[k] = 1;
      this.inDirty[k] = 0;
    }
    this.dirty = null;
    this.dirtyLen = 0;
    this.misses = 0;
    this.amended = false;
    this.promotions++;
  }

  /** readdirty rule 4. */
  private dirtyLocked(): void {
    if (this.dirty) return;
    this.dirty = this.newMap(this.read ? this.read.count : 0);
    this.dirtyCopies++;
    for (let i = 0; i < this.readLen; i++) {
      const k = this.readKeys[i];
      const st = this.p[k];
      if (st === NIL) {
        this.p[k] = EXPUNGED;
        this.nils--;
        this.expunged++;
      } else if (st === VAL) {
        this.addDirty(k);
      }
    }
  }

  length(): number {
    if (this.amended) this.promote();
    return this.nvalues;
  }

  values(): number {
    return this.nvalues;
  }

  livePointers(): number {
    const slots = (this.read?.count ?? 0) + (this.dirty?.count ?? 0);
    // Each slot: key box + *entry; each key box → its string; entry.p → box → value; header → readOnly box → read.m,
    // header → dirty.
    return 2 * slots + this.entries + this.extraBoxes + 2 * this.nvalues + (this.hasReadOnly ? 2 : 0) + (this.dirty ? 1 : 0);
  }

  mapShape(): MapShape {
    let mapBytes = this.L.structureBytes();
    let mapScanBytes = this.L.structureScanBytes();
    for (const m of [this.read, this.dirty]) {
      if (!m) continue;
      const s = m.shape();
      mapBytes += s.mapBytes;
      mapScanBytes += s.mapScanBytes;
    }
    return plainMapShape(this.nvalues, mapBytes, mapScanBytes);
  }

  syncShape(): SyncMapShape {
    return syncShape('readdirty', this.nvalues, this.L.liveObjects(), {
      readLen: this.read?.count ?? 0,
      dirtyLen: this.dirty ? this.dirty.count : null,
      amended: this.amended,
      misses: this.misses,
      nilEntries: this.nils,
      expunged: this.expunged,
      promotions: this.promotions,
      dirtyCopies: this.dirtyCopies,
    });
  }

  checkInvariants(): void {
    this.read?.checkInvariants();
    this.dirty?.checkInvariants();
    if ((this.read?.count ?? 0) !== this.readLen) throw new Error(`readdirty: read.m has ${this.read?.count} keys, list ${this.readLen}`);
    if ((this.dirty?.count ?? 0) !== this.dirtyLen) throw new Error(`readdirty: dirty has ${this.dirty?.count} keys, list ${this.dirtyLen}`);
    if (this.dirty === null && this.amended) throw new Error('readdirty: amended without a dirty map');
    let entries = 0;
    let values = 0;
    let nils = 0;
    let exp = 0;
    for (let k = 0; k < this.p.length; k++) {
      const st = this.p[k];
      if (st === NONE) {
        if (this.inRead[k] || this.inDirty[k]) throw new Error(`readdirty: key ${k} in a map without an entry`);
        continue;
      }
      entries++;
      if (!this.inRead[k] && !this.inDirty[k]) throw new Error(`readdirty: entry of key ${k} in no map`);
      if (st === VAL) {
        values++;
        if (this.dirty && !this.inDirty[k]) throw new Error(`readdirty: live key ${k} missing from dirty`);
      } else if (st === NIL) nils++;
      else {
        exp++;
        if (this.inDirty[k] || !this.inRead[k]) throw new Error(`readdirty: expunged key ${k} must be in read.m only`);
      }
    }
    if (entries !== this.entries || values !== this.nvalues || nils !== this.nils || exp !== this.expunged) {
      throw new Error(`readdirty: counts ${entries}/${values}/${nils}/${exp} vs ${this.entries}/${this.nvalues}/${this.nils}/${this.expunged}`);
    }
    const L = this.L.live;
    if (L[ENTRY] !== entries) throw new Error(`readdirty: ${L[ENTRY]} entry objects for ${entries} entries`);
    if (L[KEY_BOX] !== entries + this.extraBoxes) throw new Error(`readdirty: ${L[KEY_BOX]} key boxes for ${entries} entries`);
    if (L[VALUE_BOX] !== values || L[VALUE] !== values) throw new Error(`readdirty: ${L[VALUE_BOX]} boxes, ${L[VALUE]} values for ${values}`);
  }
}
