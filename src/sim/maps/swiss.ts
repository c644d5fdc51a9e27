/**
 * The Swiss-table Go map (Go 1.24+), modelled on go1.26 internal/runtime/maps/{map.go,table.go,group.go}
 * and the fast paths in runtime_fast64.go / runtime_faststr.go.
 *
 * Glossary
 *   slot        one key/elem pair.
 *   group       8 slots plus an 8-byte control word, one ctrl byte per slot: ctrlEmpty (0x80),
 *               ctrlDeleted (0xFE, a tombstone) or full (0hhhhhhh, the key's H2).
 *   H1, H2      the hash's upper 57 bits (probe start) and low 7 bits (stored in ctrl).
 *   table       a complete open-addressed hash table of 8 … 1024 slots (power of two) with its own
 *               used, capacity, growthLeft, localDepth; 32-byte header plus one groups array.
 *   directory   2^globalDepth table pointers, indexed by the top globalDepth hash bits; a table with
 *               localDepth < globalDepth fills 2^(globalDepth − localDepth) consecutive entries.
 *   small map   a map that never held more than 8 entries: one group, no table, no directory (dirLen 0).
 *
 * Placement. The directory picks the table from the hash's top bits. Within the table, probing visits
 * groups in the triangular sequence h1, h1+1, h1+3, … (mod group count) and stops at the first group with
 * an empty slot. An insert reuses the first tombstone it passed, else takes the first empty slot of that
 * last group.
 *
 * Deletion. The slot is cleared; its ctrl becomes empty if its group still has an empty slot (no probe
 * sequence can run through such a group), else a tombstone. Tombstones count against growthLeft. In a
 * small map deletes always empty the slot.
 *
 * Growth. A new key that finds growthLeft = 0 first tries pruneTombstones (Go 1.26, fast paths only):
 * tombstones that no key's probe sequence needs become empty again, if that frees at least 10 % of the
 * table. Otherwise the table is rehashed: replaced by one table of double capacity (up to 1024 slots), or
 * split into two 1024-slot tables by the next hash bit, doubling the directory when the table already
 * used every directory bit. The whole table moves at once and its old groups array becomes garbage at
 * once: no oldbuckets, no incremental evacuation. Nothing ever shrinks.
 *
 * Clear. Keeps every table and the directory; zeroes the groups that hold entries (all groups when they
 * are likely full), resets ctrl bytes and growthLeft, re-draws the seed.
 *
 * Rules (cited as "swiss rule N"; files are go1.26 internal/runtime/maps)
 *   1. maxAvgGroupLoad = 7: growthLeft starts at capacity·7/8, or capacity − 1 for an 8-slot table
 *      (table.go maxGrowthLeft).
 *   2. maxTableCapacity = 1024: rehash doubles a table up to 1024 slots, then splits it (table.go rehash).
 *   3. NewMap(hint): hint <= 8 allocates nothing; else targetCapacity = hint·8/7, dirSize =
 *      pow2(ceil(targetCapacity/1024)), and each of the dirSize tables gets pow2(max(8,
 *      targetCapacity/dirSize)) slots (map.go NewMap).
 *   4. The first assign of an empty map allocates the small group (growToSmall); the 9th distinct slot
 *      need — any assign to a full small map, even of a present key — converts it to a 16-slot table
 *      behind a 1-entry directory (growToTable).
 *   5. Delete: empty if the group has an empty slot, else tombstone; used == 0 re-draws the seed
 *      (table.go Delete, map.go Delete).
 *   6. pruneTombstones runs only in mapassign_fast32/fast64/faststr when growthLeft == 0, needs
 *      tombstones >= 10 % of capacity, and frees them only if >= 10 % of capacity can go (table.go).
 *   7. split: two new 1024-slot tables at localDepth+1; the entry goes left if hash bit (64 − localDepth)
 *      is 0; installTableSplit doubles the directory when localDepth == globalDepth (map.go).
 *   8. Clear: skipped when used == 0 and no tombstone is possible; per table, groups with a full slot are
 *      zeroed if used·4 <= groups−1 or slots are > 32 bytes, else all groups (table.go Clear).
 *   9. Keys/elems > 128 B live out of line; delete clears the slot pointer (abi.MapMaxKeyBytes).
 *
 * What the model leaves out: iterators (which keep a replaced table alive while they run), NaN keys,
 * Clone, concurrent-write detection, stack-allocated small maps, and per-operation costs.
 */

import type { AllocRequest, Allocator, GoMap, HeapObject, MapEvent, MapShape } from '../contracts';
import { Hasher, Rand } from '../hash';
import { IndirectObjects } from './indirect';
import { arrayScanBytes, SLOTS, type MapType } from '../types';

/**
 * SwissMap.warm does nothing below this many entries: the tables (about 150 of 5 KiB) mostly stay in the
 * caches, and warming would only hash each key twice (1e5-key runs measured 1–14 % faster without it).
 */
const WARM_MIN_USED = 1 << 17;

/** Control byte states (group.go). */
export const ctrlEmpty = 0b1000_0000;
export const ctrlDeleted = 0b1111_1110;
/** Slots per group (`abi.MapGroupSlots`). */
export const groupSlots = SLOTS;
/** swiss rule 1. */
export const maxAvgGroupLoad = 7;
/** swiss rule 2. */
export const maxTableCapacity = 1024;

/** maps.Map header on amd64 (used, seed, dirPtr, dirLen, depths, flags, clearSeq); pointers end at 24. */
export const MAP_SIZE = 48;
const MAP_PTRDATA = 24;
/** table struct: used/capacity/growthLeft/localDepth, index, groups.data, groups.lengthMask. */
export const TABLE_SIZE = 32;
const TABLE_PTRDATA = 24;
const MAX_ALLOC = 2 ** 48;
/** newTable's table header request, made once: frozen, so that a tape keeps it as it is (tape.ts MapRecorder.alloc). */
const TABLE_REQ: AllocRequest = Object.freeze({ size: TABLE_SIZE, scan: true, scanBytes: TABLE_PTRDATA, tag: 'table' });

/** The smallest power of two >= n (alignUpPow2, group.go), n >= 1. */
function pow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Largest growthLeft of an empty table (swiss rule 1). */
export function maxGrowthLeft(capacity: number): number {
  return capacity <= groupSlots ? capacity - 1 : Math.floor((capacity * maxAvgGroupLoad) / groupSlots);
}

/** NewMap's initial directory size and per-table capacity for a hint (swiss rule 3); null = small map. */
export function initialLayout(hint: number, groupSize: number): { dirSize: number; tableCapacity: number } | null {
  if (hint <= groupSlots) return null;
  const targetCapacity = Math.floor((hint * groupSlots) / maxAvgGroupLoad);
  const dirSize = pow2(Math.ceil(targetCapacity / maxTableCapacity));
  if (dirSize * maxTableCapacity * groupSize > MAX_ALLOC) return null;
  const cap = Math.max(groupSlots, Math.floor(targetCapacity / dirSize));
  return { dirSize, tableCapacity: pow2(cap) };
}

class Table {
  used = 0;
  capacity: number;
  growthLeft: number;
  localDepth: number;
  /** First directory entry of this table; −1 once replaced. */
  index: number;
  /** ctrl byte per slot; group g is [8g, 8g+8). */
  ctrl: Uint8Array;
  keys: Int32Array;
  readonly groupMask: number;
  readonly groupsObj: HeapObject;
  readonly tableObj: HeapObject;

  constructor(capacity: number, index: number, localDepth: number, groupsObj: HeapObject, tableObj: HeapObject) {
    this.capacity = capacity;
    this.growthLeft = maxGrowthLeft(capacity);
    this.localDepth = localDepth;
    this.index = index;
    // One buffer for both: half the allocations (a 1e6-key map makes thousands of tables), and a slot's
    // ctrl byte and key lie 4 KiB apart at most. capacity >= 8, so the keys start 4-byte aligned.
    const buf = new ArrayBuffer(capacity * 5);
    this.ctrl = new Uint8Array(buf, 0, capacity).fill(ctrlEmpty);
    this.keys = new Int32Array(buf, capacity, capacity);
    this.groupMask = capacity / groupSlots - 1;
    this.groupsObj = groupsObj;
    this.tableObj = tableObj;
  }

  /** Slots taken by tombstones (table.go tombstones). */
  tombstones(): number {
    return Math.floor((this.capacity * maxAvgGroupLoad) / groupSlots) - this.used - this.growthLeft;
  }
}

/** The small map's single group. */
interface SmallGroup {
  ctrl: Uint8Array;
  keys: Int32Array;
  obj: HeapObject;
}

export interface SwissMapOptions {
  type: MapType;
  alloc: Allocator;
  /** make(map, hint). Default 0. */
  hint?: number;
  /** Seeds Map.seed and the map's rand stream. */
  seed: number;
  /** Receives structural events (table grow, split, small → table, prune, clear). */
  trace?: (e: MapEvent) => void;
}

/** Read-only view of one table for occupancy pictures (live arrays, no copies). */
export interface SwissTableView {
  /** First directory index. */
  readonly index: number;
  readonly localDepth: number;
  readonly capacity: number;
  readonly used: number;
  readonly growthLeft: number;
  readonly ctrl: Uint8Array;
}

export class SwissMap implements GoMap {
  readonly impl = 'swiss' as const;
  readonly type: MapType;
  private readonly alloc: Allocator;
  private trace: ((e: MapEvent) => void) | undefined;
  private readonly rand: Rand;
  private readonly hasher: Hasher;
  private readonly scanGroups: boolean;
  /** Fast paths that call pruneTombstones (swiss rule 6). */
  private readonly prunes: boolean;

  private _used = 0;
  private small: SmallGroup | null = null;
  /** Directory entries (dirLen = directory.length; 0 for a small or unallocated map). */
  private directory: Table[] = [];
  private globalDepth = 0;
  private dirObj: HeapObject | null = null;
  private tombstonePossible = false;
  private clearSeq = 0;
  private readonly mapObj: HeapObject;
  /** Out-of-line key/elem objects, or null when the type stores everything inline. */
  private readonly indirectObjs: IndirectObjects | null;
  private released = false;
  /** Bumped by every mutation. */
  version = 0;
  /** Sum of what `warm` read (unused). */
  private warmed = 0;

  constructor(opts: SwissMapOptions) {
    this.type = opts.type;
    this.alloc = opts.alloc;
    this.trace = opts.trace;
    this.rand = new Rand(opts.seed);
    this.hasher = new Hasher(this.rand.next(), this.rand.next());
    this.scanGroups = opts.type.groupPtrdata > 0;
    this.indirectObjs = IndirectObjects.needed(opts.type) ? new IndirectObjects(opts.alloc, opts.type) : null;
    const fp = opts.type.fastPath;
    this.prunes = fp === 'fast32' || fp === 'fast64' || fp === 'faststr';
    this.mapObj = this.alloc.alloc({ size: MAP_SIZE, scan: true, scanBytes: MAP_PTRDATA, tag: 'swissMap' });

    const layout = initialLayout(opts.hint ?? 0, this.type.groupSize);
    if (layout !== null) {
      this.globalDepth = Math.log2(layout.dirSize);
      this.dirObj = this.allocDirectory(layout.dirSize);
      for (let i = 0; i < layout.dirSize; i++) this.directory.push(this.newTable(layout.tableCapacity, i, this.globalDepth));
    }
  }

  get count(): number {
    return this._used;
  }
  get seed(): [number, number] {
    return this.hasher.seed;
  }
  get dirLen(): number {
    return this.directory.length;
  }
  get depth(): number {
    return this.globalDepth;
  }

  // ---- allocation ----

  private allocDirectory(n: number): HeapObject {
    return this.alloc.alloc({ size: n * 8, scan: true, scanBytes: n * 8, tag: 'directory' });
  }

  private allocGroups(n: number): HeapObject {
    const t = this.type;
    return this.alloc.alloc({
      size: n * t.groupSize,
      scan: this.scanGroups,
      scanBytes: arrayScanBytes(n, t.groupSize, t.groupPtrdata),
      tag: 'groups',
    });
  }

  /** newTable: capacity rounded to a power of two, at least 8. */
  private newTable(capacity: number, index: number, localDepth: number): Table {
    capacity = pow2(Math.max(capacity, groupSlots));
    if (capacity > maxTableCapacity) throw new Error('initial table capacity too large');
    const tableObj = this.alloc.alloc(TABLE_REQ);
    const groupsObj = this.allocGroups(capacity / groupSlots);
    return new Table(capacity, index, localDepth, groupsObj, tableObj);
  }

  private dropTable(t: Table): void {
    this.alloc.drop(t.groupsObj);
    this.alloc.drop(t.tableObj);
    t.index = -1;
  }



  private checkKey(key: number): void {
    if ((key | 0) !== key) throw new RangeError(`key id must be an int32: ${key}`);
    if (this.released) throw new Error('map was released');
  }

  private directoryIndex(hi: number): number {
    return this.globalDepth === 0 ? 0 : hi >>> (32 - this.globalDepth);
  }

  // ---- operations ----

  assign(key: number): boolean {
    this.checkKey(key);
    const h = this.hasher;
    h.hash(key);
    const lo = h.lo;
    const hi = h.hi;
    this.version++;
    if (this.directory.length === 0) {
      if (this.small === null) this.growToSmall();
      if (this._used < groupSlots) return this.putSlotSmall(key, lo & 0x7f);
      this.growToTable(); // swiss rule 4: even when the key is already present
    }
    for (;;) {
      const t = this.directory[this.directoryIndex(hi)];
      const r = this.putSlot(t, key, lo, hi);
      if (r !== RETRY) return r === INSERTED;
    }
  }

  private growToSmall(): void {
    const obj = this.allocGroups(1);
    this.small = { ctrl: new Uint8Array(groupSlots).fill(ctrlEmpty), keys: new Int32Array(groupSlots), obj };
  }

  private putSlotSmall(key: number, h2: number): boolean {
    const g = this.small!;
    for (let i = 0; i < groupSlots; i++) if (g.ctrl[i] === h2 && g.keys[i] === key) return false;
    for (let i = 0; i < groupSlots; i++) {
      if (g.ctrl[i] & ctrlEmpty) {
        g.ctrl[i] = h2;
        g.keys[i] = key;
        this._used++;
        this.indirectObjs?.add(key);
        return true;
      }
    }
    throw new Error('small map with no empty slot');
  }

  private growToTable(): void {
    const g = this.small!;
    const t = this.newTable(2 * groupSlots, 0, 0);
    const h = this.hasher;
    for (let i = 0; i < groupSlots; i++) {
      if ((g.ctrl[i] & ctrlEmpty) === ctrlEmpty) continue;
      h.hash(g.keys[i]);
      uncheckedPutSlot(t, g.keys[i], h.lo);
    }
    this.dirObj = this.allocDirectory(1);
    this.directory = [t];
    this.globalDepth = 0;
    this.alloc.drop(g.obj);
    this.small = null;
    if (this.trace) this.trace({ type: 'smallToTable', impl: 'swiss' });
  }

  /** table.PutSlot / mapassign_fast*: returns INSERTED, FOUND or RETRY (the table was replaced). */
  private putSlot(t: Table, key: number, lo: number, hi: number): number {
    const h2 = lo & 0x7f;
    const mask = t.groupMask;
    const ctrl = t.ctrl;
    const keys = t.keys;
    let g = (lo >>> 7) & mask;
    let firstDeleted = -1;
    for (let step = 1; ; step++) {
      const base = g * groupSlots;
      let firstFree = -1;
      for (let i = base; i < base + groupSlots; i++) {
        const c = ctrl[i];
        if (c === h2) {
          if (keys[i] === key) return FOUND;
        } else if (c & ctrlEmpty && firstFree < 0) firstFree = i;
      }
      if (firstFree >= 0) {
        if (ctrl[firstFree] === ctrlDeleted) {
          if (firstDeleted < 0) firstDeleted = firstFree;
        } else {
          // An empty slot ends the probe sequence.
          let slot = firstFree;
          if (firstDeleted >= 0) {
            slot = firstDeleted;
            t.growthLeft++; // reusing a tombstone costs no growthLeft
          }
          if (t.growthLeft === 0 && this.prunes) this.pruneTombstones(t);
          if (t.growthLeft > 0) {
            ctrl[slot] = h2;
            keys[slot] = key;
            t.growthLeft--;
            t.used++;
            this._used++;
            this.indirectObjs?.add(key);
            return INSERTED;
          }
          this.rehash(t);
          return RETRY;
        }
      }
      g = (g + step) & mask;
    }
  }

  delete(key: number): boolean {
    this.checkKey(key);
    if (this._used === 0) return false;
    const h = this.hasher;
    h.hash(key);
    this.version++;
    let found: boolean;
    if (this.directory.length === 0) {
      found = this.deleteSmall(key, h.lo & 0x7f);
    } else {
      const t = this.directory[this.directoryIndex(h.hi)];
      const r = this.deleteFromTable(t, key, h.lo);
      if (r === TOMBSTONE) this.tombstonePossible = true;
      found = r !== NOT_FOUND;
    }
    if (this._used === 0) this.hasher.reseed(this.rand.next(), this.rand.next());
    if (found) this.indirectObjs?.drop(key);
    return found;
  }

  private deleteSmall(key: number, h2: number): boolean {
    const g = this.small!;
    for (let i = 0; i < groupSlots; i++) {
      if (g.ctrl[i] === h2 && g.keys[i] === key) {
        this._used--;
        g.ctrl[i] = ctrlEmpty;
        return true;
      }
    }
    return false;
  }

  private deleteFromTable(t: Table, key: number, lo: number): number {
    const h2 = lo & 0x7f;
    const mask = t.groupMask;
    const ctrl = t.ctrl;
    const keys = t.keys;
    let g = (lo >>> 7) & mask;
    for (let step = 1; ; step++) {
      const base = g * groupSlots;
      let hasEmpty = false;
      for (let i = base; i < base + groupSlots; i++) {
        const c = ctrl[i];
        if (c === h2 && keys[i] === key) {
          t.used--;
          this._used--;
          if (groupHasEmpty(ctrl, base)) {
            ctrl[i] = ctrlEmpty;
            t.growthLeft++;
            return DELETED;
          }
          ctrl[i] = ctrlDeleted;
          return TOMBSTONE;
        }
        if (c === ctrlEmpty) hasEmpty = true;
      }
      if (hasEmpty) return NOT_FOUND;
      g = (g + step) & mask;
    }
  }

  /**
   * GoMap.warm: reads the control word and the first key of each key's first probed group (the table object,
   * its arrays and their storage are each a likely miss in a big map). It does not keep the hashes for the
   * operations (Hasher.hashAhead, as the classic map does): fresh 3e5-key runs took 4 % more instructions.
   */
  warm(from: number, k: number): void {
    if (this._used < WARM_MIN_USED || this.released) return;
    const h = this.hasher;
    const dir = this.directory;
    const shift = 32 - this.globalDepth;
    const one = this.globalDepth === 0;
    let sum = 0;
    for (let key = from; key < from + k; key++) {
      h.hash(key);
      const t = dir[one ? 0 : h.hi >>> shift];
      const at = ((h.lo >>> 7) & t.groupMask) * groupSlots;
      sum |= t.ctrl[at] | t.keys[at];
    }
    this.warmed = sum; // a use of the loads, so that they are not optimised away
  }

  lookup(key: number): boolean {
    this.checkKey(key);
    if (this._used === 0) return false;
    const h = this.hasher;
    h.hash(key);
    const h2 = h.lo & 0x7f;
    if (this.directory.length === 0) {
      const g = this.small!;
      for (let i = 0; i < groupSlots; i++) if (g.ctrl[i] === h2 && g.keys[i] === key) return true;
      return false;
    }
    const t = this.directory[this.directoryIndex(h.hi)];
    return findSlot(t, key, h.lo) >= 0;
  }

  clear(): void {
    if (this.released) throw new Error('map was released');
    if (this._used === 0 && !this.tombstonePossible) return; // swiss rule 8
    this.version++;
    const gs = this.type.groupSize;
    if (this.directory.length === 0) {
      const g = this.small!;
      this.alloc.memclr(gs, this.scanGroups);
      g.ctrl.fill(ctrlEmpty);
    } else {
      let last: Table | null = null;
      for (const t of this.directory) {
        if (t === last) continue;
        last = t;
        this.clearTable(t);
      }
      this.tombstonePossible = false;
    }
    this._used = 0;
    this.clearSeq++;
    this.hasher.reseed(this.rand.next(), this.rand.next());
    this.indirectObjs?.dropAll();
    if (this.trace) this.trace({ type: 'clear', impl: 'swiss' });
  }

  /** table.Clear (swiss rule 8). */
  private clearTable(t: Table): void {
    const mgl = maxGrowthLeft(t.capacity);
    if (t.used === 0 && t.growthLeft === mgl) return;
    const groups = t.groupMask + 1;
    const fullTest = t.used * 4 <= t.groupMask || this.type.slotSize > 32;
    let cleared = groups;
    if (fullTest) {
      cleared = 0;
      for (let g = 0; g < groups; g++) if (groupHasFull(t.ctrl, g * groupSlots)) cleared++;
    }
    if (cleared > 0) this.alloc.memclr(cleared * this.type.groupSize, this.scanGroups);
    t.ctrl.fill(ctrlEmpty);
    t.used = 0;
    t.growthLeft = mgl;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.small) this.alloc.drop(this.small.obj);
    this.small = null;
    let last: Table | null = null;
    for (const t of this.directory) {
      if (t !== last) this.dropTable(t);
      last = t;
    }
    this.directory = [];
    if (this.dirObj) this.alloc.drop(this.dirObj);
    this.dirObj = null;
    this.indirectObjs?.dropAll();
    this.alloc.drop(this.mapObj);
  }

  // ---- growth ----

  private rehash(t: Table): void {
    const newCapacity = 2 * t.capacity;
    if (newCapacity <= maxTableCapacity) this.grow(t, newCapacity);
    else this.split(t);
  }

  private grow(t: Table, newCapacity: number): void {
    const nt = this.newTable(newCapacity, t.index, t.localDepth);
    this.moveEntries(t, nt, nt, 0);
    this.replaceTable(nt);
    const index = t.index;
    this.dropTable(t);
    if (this.trace) this.trace({ type: 'tableGrow', impl: 'swiss', table: index, fromCapacity: t.capacity, toCapacity: newCapacity });
  }

  private split(t: Table): void {
    const localDepth = t.localDepth + 1;
    const left = this.newTable(maxTableCapacity, -1, localDepth);
    const right = this.newTable(maxTableCapacity, -1, localDepth);
    // hash bit (64 − localDepth) is bit (32 − localDepth) of hi (hash rule 4: localDepth <= 32).
    this.moveEntries(t, left, right, 32 - localDepth);
    this.installTableSplit(t, left, right);
    const index = t.index;
    this.dropTable(t);
    if (this.trace) this.trace({ type: 'split', impl: 'swiss', table: index, localDepth, globalDepth: this.globalDepth });
  }

  /**
   * Re-inserts every full slot of `t`: into `right` if bit `hiBit` of the hash's hi half is set, else into
   * `left` (a grow passes its one new table as both).
   */
  private moveEntries(t: Table, left: Table, right: Table, hiBit: number): void {
    const h = this.hasher;
    const ctrl = t.ctrl;
    const keys = t.keys;
    for (let i = 0; i < t.capacity; i++) {
      if ((ctrl[i] & ctrlEmpty) === ctrlEmpty) continue; // empty or deleted
      const key = keys[i];
      h.hash(key);
      uncheckedPutSlot((h.hi >>> hiBit) & 1 ? right : left, key, h.lo);
    }
  }

  private replaceTable(nt: Table): void {
    const entries = 2 ** (this.globalDepth - nt.localDepth);
    for (let i = 0; i < entries; i++) this.directory[nt.index + i] = nt;
  }

  private installTableSplit(old: Table, left: Table, right: Table): void {
    if (old.localDepth === this.globalDepth) {
      const newDir: Table[] = new Array(this.directory.length * 2);
      for (let i = 0; i < this.directory.length; i++) {
        const t = this.directory[i];
        newDir[2 * i] = t;
        newDir[2 * i + 1] = t;
        if (t.index === i) t.index = 2 * i;
      }
      this.globalDepth++;
      this.directory = newDir;
      const obj = this.allocDirectory(newDir.length);
      if (this.dirObj) this.alloc.drop(this.dirObj);
      this.dirObj = obj;
    }
    left.index = old.index;
    this.replaceTable(left);
    right.index = left.index + 2 ** (this.globalDepth - left.localDepth);
    this.replaceTable(right);
  }

  /** table.pruneTombstones (swiss rule 6). */
  private pruneTombstones(t: Table): void {
    if (t.tombstones() * 10 < t.capacity) return;
    const groups = t.groupMask + 1;
    const needed = new Uint8Array(groups);
    const h = this.hasher;
    const ctrl = t.ctrl;
    for (let g = 0; g < groups; g++) {
      const base = g * groupSlots;
      for (let j = base; j < base + groupSlots; j++) {
        if (ctrl[j] & ctrlEmpty) continue; // not full
        h.hash(t.keys[j]);
        // Every group this key's probe passes before its own must keep its tombstones.
        let p = (h.lo >>> 7) & t.groupMask;
        for (let step = 1; p !== g; step++) {
          if (groupHasFree(ctrl, p * groupSlots)) needed[p] = 1;
          p = (p + step) & t.groupMask;
        }
      }
      if (groupHasEmpty(ctrl, base)) needed[g] = 1;
    }
    let cnt = 0;
    for (let g = 0; g < groups; g++) {
      if (needed[g]) continue;
      for (let j = g * groupSlots; j < (g + 1) * groupSlots; j++) if (ctrl[j] === ctrlDeleted) cnt++;
    }
    if (cnt * 10 < t.capacity) return;
    for (let g = 0; g < groups; g++) {
      if (needed[g]) continue;
      for (let j = g * groupSlots; j < (g + 1) * groupSlots; j++) {
        if (ctrl[j] === ctrlDeleted) {
          ctrl[j] = ctrlEmpty;
          t.growthLeft++;
        }
      }
    }
    if (this.trace) this.trace({ type: 'prune', impl: 'swiss', table: t.index, removed: cnt });
  }

  // ---- inspection ----

  /** Distinct tables in directory order. */
  private tables(): Table[] {
    const out: Table[] = [];
    let last: Table | null = null;
    for (const t of this.directory) {
      if (t !== last) out.push(t);
      last = t;
    }
    return out;
  }

  /**
   * mapBytes = Map header + directory + 32 B per table + each table's groups array (or the small map's one
   * group). directory = directory entries (0 for a small or empty map), tables = distinct tables.
   */
  shape(): MapShape {
    let mapBytes = this.mapObj.bytes;
    let mapScanBytes = this.mapObj.scanBytes;
    let groups = 0;
    let capacity = 0;
    let tombstones = 0;
    const tables = this.tables();
    if (this.small) {
      mapBytes += this.small.obj.bytes;
      mapScanBytes += this.small.obj.scanBytes;
      groups = 1;
      capacity = groupSlots;
    }
    if (this.dirObj) {
      mapBytes += this.dirObj.bytes;
      mapScanBytes += this.dirObj.scanBytes;
    }
    for (const t of tables) {
      mapBytes += t.groupsObj.bytes + t.tableObj.bytes;
      mapScanBytes += t.groupsObj.scanBytes + t.tableObj.scanBytes;
      groups += t.groupMask + 1;
      capacity += t.capacity;
      tombstones += t.tombstones();
    }
    return {
      count: this._used,
      B: null,
      buckets: null,
      overflowBuckets: null,
      noverflow: null,
      oldbuckets: null,
      nevacuate: null,
      directory: this.directory.length,
      tables: tables.length,
      groups,
      capacity,
      tombstones,
      mapBytes,
      mapScanBytes,
    };
  }

  /** Views of the storage for occupancy pictures. Arrays are live; do not write to them. */
  storage(): { small: Uint8Array | null; globalDepth: number; tables: SwissTableView[] } {
    return {
      small: this.small ? this.small.ctrl : null,
      globalDepth: this.globalDepth,
      tables: this.tables().map((t) => ({
        index: t.index,
        localDepth: t.localDepth,
        capacity: t.capacity,
        used: t.used,
        growthLeft: t.growthLeft,
        ctrl: t.ctrl,
      })),
    };
  }

  /** Every live key id. */
  keys(): number[] {
    const out: number[] = [];
    if (this.small) for (let i = 0; i < groupSlots; i++) if (!(this.small.ctrl[i] & ctrlEmpty)) out.push(this.small.keys[i]);
    for (const t of this.tables()) for (let i = 0; i < t.capacity; i++) if (!(t.ctrl[i] & ctrlEmpty)) out.push(t.keys[i]);
    return out;
  }

  setTrace(trace: ((e: MapEvent) => void) | undefined): void {
    this.trace = trace;
  }

  checkInvariants(): void {
    const fail = (msg: string): never => {
      throw new Error(`swiss map invariant: ${msg}`);
    };
    if (this.released) return;
    const h = new Hasher(0, 0);
    const [s0, s1] = this.hasher.seed;
    h.reseed(s0, s1);
    if (this.directory.length === 0) {
      if (this.dirObj !== null) fail('directory object without directory');
      if (this.small === null) {
        if (this._used !== 0) fail(`no storage but used = ${this._used}`);
        return;
      }
      let full = 0;
      for (let i = 0; i < groupSlots; i++) {
        const c = this.small.ctrl[i];
        if (c === ctrlDeleted) fail('tombstone in a small map');
        if (c === ctrlEmpty) continue;
        if (c & ctrlEmpty) fail(`bad ctrl byte ${c}`);
        h.hash(this.small.keys[i]);
        if ((h.lo & 0x7f) !== c) fail(`small slot ${i}: ctrl ${c} != H2 ${h.lo & 0x7f}`);
        full++;
      }
      if (full !== this._used) fail(`small map used ${this._used} != full slots ${full}`);
      return;
    }
    if (this.small !== null) fail('small group alongside a directory');
    if (this.directory.length !== 2 ** this.globalDepth) fail(`dirLen ${this.directory.length} != 2^${this.globalDepth}`);
    if (this.dirObj === null) fail('directory not allocated');
    const seen = new Set<number>();
    let used = 0;
    for (const t of this.tables()) {
      if (t.localDepth > this.globalDepth) fail(`localDepth ${t.localDepth} > globalDepth ${this.globalDepth}`);
      const span = 2 ** (this.globalDepth - t.localDepth);
      if (t.index % span !== 0) fail(`table at ${t.index} not aligned to ${span}`);
      for (let i = t.index; i < t.index + span; i++) if (this.directory[i] !== t) fail(`directory[${i}] does not point to table ${t.index}`);
      if (t.capacity < groupSlots || t.capacity > maxTableCapacity || 2 ** Math.log2(t.capacity) !== t.capacity) fail(`bad capacity ${t.capacity}`);
      let full = 0;
      let deleted = 0;
      for (let g = 0; g <= t.groupMask; g++) {
        const base = g * groupSlots;
        if (groupHasEmpty(t.ctrl, base) && groupHasDeleted(t.ctrl, base)) fail(`table ${t.index} group ${g} has both empty and deleted slots`);
        for (let i = base; i < base + groupSlots; i++) {
          const c = t.ctrl[i];
          if (c === ctrlDeleted) {
            deleted++;
            continue;
          }
          if (c === ctrlEmpty) continue;
          if (c & ctrlEmpty) fail(`bad ctrl byte ${c}`);
          const key = t.keys[i];
          h.hash(key);
          if ((h.lo & 0x7f) !== c) fail(`key ${key}: ctrl ${c} != H2 ${h.lo & 0x7f}`);
          const d = this.globalDepth === 0 ? 0 : h.hi >>> (32 - this.globalDepth);
          if (this.directory[d] !== t) fail(`key ${key} stored in table ${t.index}, directory sends it to ${d}`);
          if (findSlot(t, key, h.lo) !== i) fail(`key ${key} not reachable by probing`);
          if (seen.has(key)) fail(`key ${key} stored twice`);
          seen.add(key);
          full++;
        }
      }
      if (full !== t.used) fail(`table ${t.index} used ${t.used} != full slots ${full}`);
      if (deleted !== t.tombstones()) fail(`table ${t.index} tombstones ${t.tombstones()} != deleted slots ${deleted}`);
      if (t.growthLeft < 0) fail(`table ${t.index} growthLeft ${t.growthLeft}`);
      if (deleted > 0 && !this.tombstonePossible) fail('tombstone present but tombstonePossible is false');
      used += full;
    }
    if (used !== this._used) fail(`used ${this._used} != live slots ${used}`);
    if (this.indirectObjs !== null && this.indirectObjs.size !== this._used) fail(`indirect objects ${this.indirectObjs.size} != used`);
  }
}

const INSERTED = 0;
const FOUND = 1;
const RETRY = 2;
const NOT_FOUND = 0;
const DELETED = 1;
const TOMBSTONE = 2;

function groupHasEmpty(ctrl: Uint8Array, base: number): boolean {
  for (let i = base; i < base + groupSlots; i++) if (ctrl[i] === ctrlEmpty) return true;
  return false;
}

function groupHasDeleted(ctrl: Uint8Array, base: number): boolean {
  for (let i = base; i < base + groupSlots; i++) if (ctrl[i] === ctrlDeleted) return true;
  return false;
}

/** matchEmptyOrDeleted != 0. */
function groupHasFree(ctrl: Uint8Array, base: number): boolean {
  for (let i = base; i < base + groupSlots; i++) if (ctrl[i] & ctrlEmpty) return true;
  return false;
}

function groupHasFull(ctrl: Uint8Array, base: number): boolean {
  for (let i = base; i < base + groupSlots; i++) if (!(ctrl[i] & ctrlEmpty)) return true;
  return false;
}

/** table.getWithoutKey: slot index of `key`, or −1. */
function findSlot(t: Table, key: number, lo: number): number {
  const h2 = lo & 0x7f;
  const mask = t.groupMask;
  let g = (lo >>> 7) & mask;
  for (let step = 1; ; step++) {
    const base = g * groupSlots;
    let hasEmpty = false;
    for (let i = base; i < base + groupSlots; i++) {
      const c = t.ctrl[i];
      if (c === h2 && t.keys[i] === key) return i;
      if (c === ctrlEmpty) hasEmpty = true;
    }
    if (hasEmpty) return -1;
    g = (g + step) & mask;
  }
}

/** table.uncheckedPutSlot: first empty-or-deleted slot along the probe sequence (new tables have no tombstones). */
function uncheckedPutSlot(t: Table, key: number, lo: number): void {
  if (t.growthLeft === 0) throw new Error('invariant failed: growthLeft is unexpectedly 0');
  const mask = t.groupMask;
  const ctrl = t.ctrl;
  let g = (lo >>> 7) & mask;
  for (let step = 1; ; step++) {
    const base = g * groupSlots;
    for (let i = base; i < base + groupSlots; i++) {
      if (ctrl[i] & ctrlEmpty) {
        ctrl[i] = lo & 0x7f;
        t.keys[i] = key;
        t.growthLeft--;
        t.used++;
        return;
      }
    }
    g = (g + step) & mask;
  }
}
