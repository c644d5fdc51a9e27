/**
 * The classic Go map (Go 1.0 … 1.23), modelled on go1.19 runtime/map.go.
 *
 * Glossary
 *   hmap          the map header (48 B): count, flags, B, noverflow, hash0, buckets, oldbuckets,
 *                 nevacuate, extra.
 *   B             log2 of the number of buckets; a map holds up to 6.5·2^B entries before it doubles.
 *   bucket (bmap) 8 slots: tophash [8]uint8, 8 keys, 8 elems, one overflow pointer.
 *   tophash       top byte of a key's hash (>= minTopHash) or a state: emptyRest, emptyOne,
 *                 evacuatedX, evacuatedY, evacuatedEmpty.
 *   overflow      a bucket chained behind a full bucket. Taken from the preallocated spares at the end of
 *                 the bucket array when there are any (extra.nextOverflow), else allocated on its own.
 *   generation    (ours) one bucket array plus the overflow buckets chained from it: `buckets` is the
 *                 current generation, `oldbuckets` the previous one while a growth is in progress.
 *   mapextra      hmap.extra (24 B): overflow, oldoverflow, nextOverflow.
 *
 * Placement. A key goes to bucket hash & (2^B−1); within the bucket's chain, mapassign takes the first
 * empty slot it passes (emptyOne or emptyRest) and stops scanning at an emptyRest. If the chain is full
 * it appends an overflow bucket (newoverflow). Keys are never moved except by evacuation.
 *
 * Deletion. mapdelete clears the slot and marks it emptyOne; if nothing follows in the chain, the run of
 * trailing emptyOne slots becomes emptyRest so later scans stop early. Buckets are never freed and B
 * never decreases. When count reaches 0 the seed is re-drawn.
 *
 * Growth. Only mapassign of a new key starts a growth, and only when none is in progress: doubling
 * when the map would exceed 6.5 entries per bucket, same-size (re-packing) when there are about as many
 * overflow buckets as buckets. hashGrow allocates the new array and keeps the old one as oldbuckets.
 *
 * Evacuation. Every write (assign or delete) on a growing map first evacuates the old bucket it maps
 * to, plus the old bucket at nevacuate. Entries are copied to the X (same index) or Y (index + old
 * size) bucket by the next hash bit; old slots become evacuatedX/Y/Empty. When nevacuate reaches the
 * old bucket count, oldbuckets is released. Reads never evacuate: they look in the old bucket if it has
 * not moved yet.
 *
 * Clear. mapclear (clear(m), or a range-delete loop) keeps B and the array, zeroes the whole array in
 * one call, forgets the overflow buckets and any growth in progress, and re-draws the seed.
 *
 * Rules (cited as "classic rule N"; line numbers are go1.19 runtime/map.go)
 *   1. overLoadFactor(count, B) = count > 8 && count > 13·(2^B/2)            (map.go:1085)
 *   2. tooManyOverflowBuckets(noverflow, B) = noverflow >= 2^min(B, 15)     (map.go:1092)
 *   3. makemap: B = smallest B with !overLoadFactor(hint, B); B = 0 allocates no bucket until the first
 *      assign (map.go:319, 590).
 *   4. makeBucketArray(b): 2^b buckets, plus 2^(b−4) spare overflow buckets if b >= 4, then the byte
 *      size is rounded up by roundupsize and the slack becomes more spares (map.go:345).
 *   5. mapextra is allocated when the array has spares, or when a noscan map first needs an overflow
 *      bucket (createOverflow, map.go:283).
 *   6. newoverflow takes the next spare, else allocates one bucket; it bumps noverflow (exactly for
 *      B < 16, with probability 1/2^(B−15) above); a noscan map also appends the bucket to
 *      extra.overflow, a []*bmap grown by append (map.go:227, 251).
 *   7. Growth is checked only when assigning a new key and not already growing (map.go:657).
 *   8. hashGrow: B+1 (or same B), new array by rule 4, noverflow = 0, nevacuate = 0, extra.overflow →
 *      extra.oldoverflow (map.go:1041).
 *   9. growWork(bucket): evacuate(bucket & oldmask), then evacuate(nevacuate) if still growing (map.go:1128).
 *  9a. evacuate: a pointerful map then clears the old bucket after its tophash, overflow pointer included
 *      ("to help GC"), so that chain's overflow buckets die before the growth ends (map.go:1250).
 *  10. advanceEvacuationMark: nevacuate++, then skip up to 1024 already-evacuated buckets; at the old
 *      bucket count oldbuckets and oldoverflow are released (map.go:1266).
 *  11. mapdelete: emptyOne, collapse trailing emptyOne to emptyRest across the chain, count−−,
 *      re-seed at 0 (map.go:695).
 *  12. mapclear: returns at once if count == 0; else zeroes the array via makeBucketArray(B, buckets),
 *      resets mapextra, drops oldbuckets, re-seeds (map.go:993).
 *  13. Keys/elems > 128 B live out of line: assign allocates them, delete drops them (map.go:678).
 *
 * What the model leaves out: iterators (and the oldIterator flag that keeps old buckets from being
 * cleared), NaN keys, concurrent-write detection, the cost of each step (the runtime side owns time).
 */

import type { AllocRequest, Allocator, HeapObject, MapEvent, MapShape, GoMap } from '../contracts';
import { growsliceCap, roundupsize, type MallocRules } from '../alloc';
import { Hasher, Rand } from '../hash';
import { IndirectObjects } from './indirect';
import { arrayScanBytes, SLOTS, type MapType } from '../types';

/** tophash states (go1.19 map.go:93-98). */
export const emptyRest = 0; // empty, and nothing after it in this chain
export const emptyOne = 1; // empty
export const evacuatedX = 2; // entry moved to the X half of the new array
export const evacuatedY = 3; // entry moved to the Y half
export const evacuatedEmpty = 4; // empty, bucket evacuated
export const minTopHash = 5; // smallest tophash of a full slot

/** Load factor 6.5 as a fraction (classic rule 1). */
export const loadFactorNum = 13;
export const loadFactorDen = 2;
/** Slots per bucket (`bucketCnt`). */
export const bucketCnt = SLOTS;

/** hmap and mapextra sizes on amd64; every word of both is scanned (their last field is a pointer). */
export const HMAP_SIZE = 48;
export const MAPEXTRA_SIZE = 24;
/** A slice header []*bmap (new([]*bmap) in createOverflow): pointer, len, cap. */
const SLICE_HEADER_SIZE = 24;
/** Largest allocation the runtime accepts on amd64 (`maxAlloc` = 1 << 48). */
const MAX_ALLOC = 2 ** 48;

export function overLoadFactor(count: number, B: number): boolean {
  return count > bucketCnt && count > loadFactorNum * Math.floor(2 ** B / loadFactorDen);
}

export function tooManyOverflowBuckets(noverflow: number, B: number): boolean {
  return noverflow >= 2 ** Math.min(B, 15);
}

/** B that makemap picks for a hint (classic rule 3). */
export function bucketsForHint(hint: number, bucketSize: number): number {
  if (hint < 0 || hint * bucketSize > MAX_ALLOC) hint = 0;
  let B = 0;
  while (overLoadFactor(hint, B)) B++;
  return B;
}

/** Buckets in an array made by makeBucketArray(b), spares included (classic rule 4). */
export function bucketArrayLength(b: number, bucketSize: number, noscan: boolean, rules: MallocRules): number {
  const base = 2 ** b;
  let nbuckets = base;
  if (b >= 4) {
    nbuckets += 2 ** (b - 4);
    const sz = bucketSize * nbuckets;
    const up = roundupsize(sz, noscan, rules);
    if (up !== sz) nbuckets = Math.floor(up / bucketSize);
  }
  return nbuckets;
}

function tophashOf(hi: number): number {
  const top = hi >>> 24;
  return top < minTopHash ? top + minTopHash : top;
}

/**
 * The noscan map's extra.overflow / extra.oldoverflow: a heap slice header plus its backing array,
 * grown by append (classic rule 6).
 */
interface OverflowList {
  header: HeapObject;
  backing: HeapObject | null;
  len: number;
  cap: number;
}

/** Int32 words per bucket record: 64 bytes, the size of a cache line (a real bmap's tophash and keys are adjacent too). */
const REC_WORDS = 16;
/** log2 of a record's size in words and in bytes. */
const REC_W = 4;
const REC_B = 6;
/** Word offsets in a record: the 8 keys, then the overflow link. Bytes 0–7 are the tophash. */
const KEYS = 2;
const NEXT = 10;

/**
 * One bucket array and the overflow buckets chained from it. Bucket records 0 … 2^B−1 are the main
 * buckets, 2^B … narray−1 the preallocated spares, narray … used−1 overflow buckets allocated one by one.
 *
 * Storage: one 64-byte record per bucket in one buffer (tophash in bytes 0–7, key ids in words 2–9, the
 * overflow link in word 10), read through two views, so that a probe touches one record (one or two cache
 * lines: the buffer is not 64-byte aligned), not three arrays. Bucket b's slot i: tophash `th[(b << REC_B) + i]`, key `rec[(b << REC_W) + KEYS + i]`, link
 * `rec[(b << REC_W) + NEXT]` (a record index + 1, or 0 for nil: a fresh zeroed buffer is all empty, unlinked
 * records, with no pass to set them).
 */
class Generation {
  readonly B: number;
  readonly nbase: number;
  readonly narray: number;
  /** Bucket records in use (array + individually allocated overflow buckets); the records past them are all zero. */
  used: number;
  /** The records as words (keys, links). */
  rec: Int32Array;
  /** The same records as bytes (tophash). A key is meaningful only where its tophash >= minTopHash. */
  th: Uint8Array;
  /** extra.nextOverflow: next unused spare, or −1. */
  nextOverflow: number;
  readonly arrayObj: HeapObject;
  /**
   * Individually allocated overflow buckets; record narray + i ↔ ovfObjs[i]. null once dropped: an
   * evacuated old bucket of a pointerful map no longer links its chain (classic rule 9a).
   */
  ovfObjs: (HeapObject | null)[] = [];
  /** Overflow buckets reachable from main buckets that are not evacuated (spares + allocated). */
  overflowInUse = 0;
  /** Slots in state emptyOne. */
  tombstones = 0;
  /** extra.overflow of this generation (noscan maps only). */
  ovfList: OverflowList | null = null;

  constructor(B: number, narray: number, arrayObj: HeapObject) {
    this.B = B;
    this.nbase = 2 ** B;
    this.narray = narray;
    this.used = narray;
    this.arrayObj = arrayObj;
    const buf = new ArrayBuffer(narray * REC_WORDS * 4);
    this.rec = new Int32Array(buf);
    this.th = new Uint8Array(buf);
    this.nextOverflow = narray > this.nbase ? this.nbase : -1;
  }

  /** Overflow link of record b: a record index, or −1. */
  next(b: number): number {
    return this.rec[(b << REC_W) + NEXT] - 1;
  }

  setNext(b: number, to: number): void {
    this.rec[(b << REC_W) + NEXT] = to + 1;
  }

  /** tophash of bucket record b's slot i. */
  top(b: number, i: number): number {
    return this.th[(b << REC_B) + i];
  }

  key(b: number, i: number): number {
    return this.rec[(b << REC_W) + KEYS + i];
  }

  /** Every record empty (emptyRest, no link): mapclear's memclr of the array. */
  reset(): void {
    this.rec.fill(0);
  }

  /** Adds one bucket record for an individually allocated overflow bucket. */
  addRecord(obj: HeapObject): number {
    const idx = this.used;
    const cap = this.rec.length >> REC_W;
    if (idx >= cap) {
      // Grow by a quarter of the main buckets (at least 1024 records): by the load that doubles a map (6.5
      // per bucket) a generation has allocated about 0.1-0.2·2^B overflow buckets past its spares, so one
      // copy of the array usually does, where growing by 1/8 took two.
      const bigger = idx + Math.max(1024, this.nbase >>> 2);
      const buf = new ArrayBuffer(bigger * REC_WORDS * 4);
      const rec = new Int32Array(buf);
      rec.set(this.rec);
      this.rec = rec;
      this.th = new Uint8Array(buf);
    }
    // A fresh bucket from newobject is zeroed: all slots emptyRest, no overflow link. Record `used` already is:
    // records at or past `used` are never written (fresh buffers are zero, reset() zeroes them all).
    this.used++;
    this.ovfObjs.push(obj);
    return idx;
  }
}

export interface ClassicMapOptions {
  type: MapType;
  alloc: Allocator;
  /** make(map, hint). Default 0. */
  hint?: number;
  /** Seeds hash0 and the map's fastrand stream. */
  seed: number;
  /** Size rounding rules used inside makeBucketArray. Default 'go1.19'. */
  malloc?: MallocRules;
  /** Receives structural events (growth, evacuation, overflow, clear). */
  trace?: (e: MapEvent) => void;
  /**
   * The trace only counts evacuate and overflow events (trace.ts rule 2): emit the first of each type, which
   * fixes where the type appears among the trace's counts and on a tape (tape.ts rule 3), and count the rest
   * (`fineCounts`) rather than make an event and a chain of calls for each, one per evacuated bucket. The run
   * adds the counts at its end; a count does not depend on when it is made. Default false.
   */
  countFine?: boolean;
}

/** Read-only view of one generation's storage for occupancy pictures (no copies). */
export interface ClassicGenerationView {
  readonly B: number;
  /** Main buckets (2^B). */
  readonly nbase: number;
  /** Buckets in the array (main + preallocated spares). */
  readonly narray: number;
  /** Bucket records in use (array + individually allocated overflow buckets). */
  readonly used: number;
  /** tophash of bucket record b's slot i. */
  top(b: number, i: number): number;
  /** Overflow link of record b: a record index, or −1. */
  next(b: number): number;
  /**
   * The records as bytes, for loops over every slot: record b's tophash is bytes
   * [b · RECORD_BYTES, b · RECORD_BYTES + 8). Read only.
   */
  readonly th: Uint8Array;
}

/** Bytes per bucket record in ClassicGenerationView.th. */
export const RECORD_BYTES = 1 << REC_B;

export class ClassicMap implements GoMap {
  readonly impl = 'classic' as const;
  readonly type: MapType;
  private readonly alloc: Allocator;
  private readonly rules: MallocRules;
  private trace: ((e: MapEvent) => void) | undefined;
  /**
   * ClassicMapOptions.countFine: evacuate and overflow events after the first of their type, counted (−1
   * until the first), at FINE_EVACUATE and FINE_OVERFLOW; null when every event is emitted. Numbered slots,
   * not named ones: emits() runs once per evacuated bucket, and a property named by a string argument is a
   * keyed access V8 does not resolve at compile time.
   */
  private readonly fine: Int32Array | null;
  private readonly rand: Rand;
  private readonly hasher: Hasher;
  private readonly noscan: boolean;
  /** newoverflow's request, made once: frozen, so that a tape keeps it as it is (tape.ts MapRecorder.alloc). */
  private readonly overflowReq: AllocRequest;

  // hmap fields.
  private _count = 0;
  private _B = 0;
  /** Largest count that is not overLoadFactor at B (classic rule 1). */
  private loadLimit = 0;
  /** noverflow that makes tooManyOverflowBuckets true at B (classic rule 2). */
  private overflowLimit = 0;
  private _noverflow = 0;
  private sameSizeGrow = false;
  private _nevacuate = 0;
  /** h.buckets (null until the first assign when B = 0). */
  private cur: Generation | null = null;
  /** h.oldbuckets, non-null only while growing. */
  private old: Generation | null = null;

  private hmapObj: HeapObject;
  private extraObj: HeapObject | null = null;
  /** Out-of-line key/elem objects by key id (classic rule 13). */
  /** Out-of-line key/elem objects, or null when the type stores everything inline. */
  private readonly indirectObjs: IndirectObjects | null;
  private released = false;
  /** Bumped by every mutation; lets views skip redrawing an unchanged map. */
  version = 0;
  /** Sum of what `warm` read (unused). */
  private warmed = 0;

  constructor(opts: ClassicMapOptions) {
    this.type = opts.type;
    this.alloc = opts.alloc;
    this.rules = opts.malloc ?? 'go1.19';
    this.trace = opts.trace;
    this.fine = opts.countFine ? new Int32Array([-1, -1]) : null;
    this.rand = new Rand(opts.seed);
    this.hasher = new Hasher(this.rand.next(), this.rand.next());
    this.noscan = opts.type.bucketPtrdata === 0;
    const t = opts.type;
    this.overflowReq = Object.freeze({ size: t.bucketSize, scan: !this.noscan, scanBytes: t.bucketPtrdata, tag: 'overflow' });
    this.indirectObjs = IndirectObjects.needed(opts.type) ? new IndirectObjects(opts.alloc, opts.type) : null;

    this.hmapObj = this.alloc.alloc({ size: HMAP_SIZE, scan: true, scanBytes: HMAP_SIZE, tag: 'hmap' });
    this.setB(bucketsForHint(opts.hint ?? 0, this.type.bucketSize));
    if (this._B !== 0) {
      this.cur = this.makeBucketArray(this._B);
      if (this.cur.nextOverflow >= 0) this.ensureExtra();
    }
  }

  private setB(B: number): void {
    this._B = B;
    this.loadLimit = Math.max(bucketCnt, loadFactorNum * Math.floor(2 ** B / loadFactorDen));
    this.overflowLimit = 2 ** Math.min(B, 15);
  }

  get count(): number {
    return this._count;
  }
  get B(): number {
    return this._B;
  }
  get noverflow(): number {
    return this._noverflow;
  }
  get nevacuate(): number {
    return this._nevacuate;
  }
  growing(): boolean {
    return this.old !== null;
  }
  /** hash0 as two 32-bit halves (changes when the map empties or is cleared). */
  get seed(): [number, number] {
    return this.hasher.seed;
  }

  // ---- allocation helpers ----

  private makeBucketArray(b: number): Generation {
    const t = this.type;
    const n = bucketArrayLength(b, t.bucketSize, this.noscan, this.rules);
    const obj = this.alloc.alloc({
      size: n * t.bucketSize,
      scan: !this.noscan,
      scanBytes: arrayScanBytes(n, t.bucketSize, t.bucketPtrdata),
      tag: 'buckets',
    });
    return new Generation(b, n, obj);
  }

  private ensureExtra(): void {
    if (this.extraObj === null) {
      this.extraObj = this.alloc.alloc({ size: MAPEXTRA_SIZE, scan: true, scanBytes: MAPEXTRA_SIZE, tag: 'mapextra' });
    }
  }

  private dropOverflowList(g: Generation): void {
    const l = g.ovfList;
    if (l === null) return;
    this.alloc.drop(l.header);
    if (l.backing !== null) this.alloc.drop(l.backing);
    g.ovfList = null;
  }

  /** Drops a generation's array and its individually allocated overflow buckets. */
  private dropGeneration(g: Generation): void {
    this.alloc.drop(g.arrayObj);
    for (const o of g.ovfObjs) if (o !== null) this.alloc.drop(o);
    g.ovfObjs = [];
    this.dropOverflowList(g);
  }

  /** classic rule 6 (incrnoverflow). noverflow is a uint16. */
  private incrnoverflow(): void {
    if (this._B < 16) {
      this._noverflow = (this._noverflow + 1) & 0xffff;
      return;
    }
    const mask = 2 ** (this._B - 15) - 1;
    if ((this.rand.next() & mask) === 0) this._noverflow = (this._noverflow + 1) & 0xffff;
  }

  /** newoverflow(b): links a fresh overflow bucket behind record `b` (chain of main bucket `head`). */
  private newoverflow(b: number, head: number): number {
    const g = this.cur!;
    let ovf: number;
    const preallocated = g.nextOverflow >= 0;
    if (preallocated) {
      ovf = g.nextOverflow;
      g.nextOverflow = ovf + 1 < g.narray ? ovf + 1 : -1;
    } else {
      ovf = g.addRecord(this.alloc.alloc(this.overflowReq));
    }
    this.incrnoverflow();
    if (this.noscan) this.appendOverflowList(g);
    g.setNext(b, ovf);
    g.overflowInUse++;
    if (this.trace && this.emits(FINE_OVERFLOW)) this.trace({ type: 'overflow', impl: 'classic', bucket: head, preallocated });
    return ovf;
  }

  /** createOverflow + append(*h.extra.overflow, ovf) for noscan maps (classic rules 5, 6). */
  private appendOverflowList(g: Generation): void {
    this.ensureExtra();
    let l = g.ovfList;
    if (l === null) {
      const header = this.alloc.alloc({ size: SLICE_HEADER_SIZE, scan: true, scanBytes: 8, tag: 'overflowList' });
      l = g.ovfList = { header, backing: null, len: 0, cap: 0 };
    }
    if (l.len === l.cap) {
      const cap = growsliceCap(l.cap, l.len + 1, 8, false, this.rules);
      const backing = this.alloc.alloc({ size: cap * 8, scan: true, scanBytes: cap * 8, tag: 'overflowList' });
      if (l.backing !== null) this.alloc.drop(l.backing);
      l.backing = backing;
      l.cap = cap;
    }
    l.len++;
  }

  // ---- operations ----

  private checkKey(key: number): void {
    if ((key | 0) !== key) throw new RangeError(`key id must be an int32: ${key}`);
    if (this.released) throw new Error('map was released');
  }

  assign(key: number): boolean {
    this.checkKey(key);
    const h = this.hasher;
    h.hashKept(key);
    const lo = h.lo;
    const top = tophashOf(h.hi);
    this.version++;
    if (this.cur === null) {
      // h.buckets = newobject(t.bucket): B = 0, one bucket, no spares.
      this.cur = this.makeBucketArray(0);
    }
    for (;;) {
      const bucket = lo & (this.cur.nbase - 1);
      if (this.old !== null) this.growWork(bucket);
      const g = this.cur;
      const th = g.th;
      const rec = g.rec;
      /** Where to insert: bucket record and slot, as record × 8 + slot. */
      let insertAt = -1;
      let b = bucket;
      let last = bucket;
      search: for (;;) {
        const tb = b << REC_B;
        const kb = (b << REC_W) + KEYS;
        for (let i = 0; i < bucketCnt; i++) {
          const s = th[tb + i];
          if (s !== top) {
            if (s <= emptyOne && insertAt < 0) insertAt = b * bucketCnt + i;
            if (s === emptyRest) break search;
            continue;
          }
          if (rec[kb + i] === key) return false; // existing key: value updated in place
        }
        last = b;
        const nb = rec[(b << REC_W) + NEXT] - 1;
        if (nb < 0) break;
        b = nb;
      }
      // Not found: maybe start growing (classic rule 7), then retry against the new array.
      // loadLimit/overflowLimit cache classic rules 1 and 2 for the current B.
      if (this.old === null && (this._count + 1 > this.loadLimit || this._noverflow >= this.overflowLimit)) {
        this.hashGrow();
        continue;
      }
      if (insertAt < 0) insertAt = this.newoverflow(last, bucket) * bucketCnt;
      const gg = this.cur;
      const ib = insertAt >> 3;
      const ii = insertAt & 7;
      if (gg.th[(ib << REC_B) + ii] === emptyOne) gg.tombstones--;
      gg.th[(ib << REC_B) + ii] = top;
      gg.rec[(ib << REC_W) + KEYS + ii] = key;
      this._count++;
      this.indirectObjs?.add(key);
      return true;
    }
  }



  delete(key: number): boolean {
    this.checkKey(key);
    if (this._count === 0) return false;
    const h = this.hasher;
    h.hashKept(key);
    const top = tophashOf(h.hi);
    this.version++;
    const g0 = this.cur!;
    const bucket = h.lo & (g0.nbase - 1);
    if (this.old !== null) this.growWork(bucket);
    const g = this.cur!;
    const th = g.th;
    const rec = g.rec;
    for (let b = bucket; b >= 0; b = rec[(b << REC_W) + NEXT] - 1) {
      const tb = b << REC_B;
      const kb = (b << REC_W) + KEYS;
      for (let i = 0; i < bucketCnt; i++) {
        const s = th[tb + i];
        if (s !== top) {
          if (s === emptyRest) return false;
          continue;
        }
        if (rec[kb + i] !== key) continue;
        th[tb + i] = emptyOne;
        g.tombstones++;
        this.collapseEmptyRest(g, bucket, b, i);
        this._count--;
        if (this._count === 0) this.hasher.reseed(this.rand.next(), this.rand.next());
        this.indirectObjs?.drop(key);
        return true;
      }
    }
    return false;
  }

  /** classic rule 11: turns the trailing run of emptyOne slots (ending at b/i) into emptyRest. */
  private collapseEmptyRest(g: Generation, bOrig: number, b: number, i: number): void {
    const th = g.th;
    if (i === bucketCnt - 1) {
      const nb = g.next(b);
      if (nb >= 0 && th[nb << REC_B] !== emptyRest) return;
    } else if (th[(b << REC_B) + i + 1] !== emptyRest) {
      return;
    }
    for (;;) {
      th[(b << REC_B) + i] = emptyRest;
      g.tombstones--;
      if (i === 0) {
        if (b === bOrig) return;
        // Find the previous bucket in the chain and continue at its last slot.
        let p = bOrig;
        while (g.next(p) !== b) p = g.next(p);
        b = p;
        i = bucketCnt - 1;
      } else {
        i--;
      }
      if (th[(b << REC_B) + i] !== emptyOne) return;
    }
  }

  lookup(key: number): boolean {
    this.checkKey(key);
    if (this._count === 0) return false;
    const h = this.hasher;
    h.hash(key);
    const top = tophashOf(h.hi);
    let g = this.cur!;
    let b = h.lo & (g.nbase - 1);
    const old = this.old;
    if (old !== null) {
      const ob = h.lo & (old.nbase - 1);
      if (!isEvacuated(old.th[ob << REC_B])) {
        g = old;
        b = ob;
      }
    }
    const th = g.th;
    const rec = g.rec;
    for (; b >= 0; b = rec[(b << REC_W) + NEXT] - 1) {
      const tb = b << REC_B;
      const kb = (b << REC_W) + KEYS;
      for (let i = 0; i < bucketCnt; i++) {
        const s = th[tb + i];
        if (s !== top) {
          if (s === emptyRest) return false;
          continue;
        }
        if (rec[kb + i] === key) return true;
      }
    }
    return false;
  }

  /**
   * GoMap.warm: reads the first record of each key's bucket, and while growing its old bucket and the two
   * records evacuation writes to (X and Y). The byte offsets are computed first and read in a second loop
   * of nothing but loads, so that many misses are in flight at once. The hasher keeps the keys' hashes for
   * the operations that follow (Hasher.hashAhead): the batch's assigns or deletes hash nothing again.
   */
  warm(from: number, k: number): void {
    const g = this.cur;
    if (g === null || this.released) return;
    const old = this.old;
    const per = old === null ? 1 : 4;
    if (warmAt.length < k * per) warmAt = new Int32Array(k * per);
    const at = warmAt;
    const los = this.hasher.hashAhead(from, k).lo;
    const mask = g.nbase - 1;
    const omask = old === null ? 0 : old.nbase - 1;
    const oldSize = old === null ? 0 : old.nbase;
    let n = 0;
    for (let j = 0; j < k; j++) {
      const lo = los[j];
      at[n++] = (lo & mask) << REC_B;
      if (old !== null) {
        const ob = lo & omask;
        at[n++] = ob << REC_B;
        at[n++] = (ob << REC_B) + 8;
        at[n++] = ((ob + oldSize) << REC_B) + 8;
      }
    }
    const th = g.th;
    let sum = 0;
    if (old === null) {
      for (let i = 0; i < n; i++) sum |= th[at[i]];
    } else {
      const oth = old.th;
      for (let i = 0; i < n; i += 4) sum |= oth[at[i + 1]] | th[at[i]] | th[at[i + 2]] | th[at[i + 3]];
    }
    this.warmed = sum; // a use of the loads, so that they are not optimised away
  }

  clear(): void {
    if (this.released) throw new Error('map was released');
    if (this._count === 0) return; // classic rule 12
    this.version++;
    if (this.old !== null) {
      this.dropGeneration(this.old);
      this.old = null;
    }
    this.sameSizeGrow = false;
    this._nevacuate = 0;
    this._noverflow = 0;
    this._count = 0;
    this.hasher.reseed(this.rand.next(), this.rand.next());
    const g = this.cur!;
    // *h.extra = mapextra{}: the overflow lists become garbage; chains are cut by the memclr below.
    this.dropOverflowList(g);
    for (const o of g.ovfObjs) if (o !== null) this.alloc.drop(o);
    g.ovfObjs = [];
    this.alloc.memclr(g.narray * this.type.bucketSize, !this.noscan);
    g.used = g.narray;
    g.reset();
    g.nextOverflow = g.narray > g.nbase ? g.nbase : -1;
    g.overflowInUse = 0;
    g.tombstones = 0;
    this.indirectObjs?.dropAll();
    if (this.trace) this.trace({ type: 'clear', impl: 'classic' });
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.old !== null) this.dropGeneration(this.old);
    if (this.cur !== null) this.dropGeneration(this.cur);
    this.old = null;
    this.cur = null;
    this.indirectObjs?.dropAll();
    if (this.extraObj !== null) this.alloc.drop(this.extraObj);
    this.alloc.drop(this.hmapObj);
    this.extraObj = null;
  }

  // ---- growth ----

  private hashGrow(): void {
    const bigger = overLoadFactor(this._count + 1, this._B) ? 1 : 0;
    this.sameSizeGrow = bigger === 0;
    const fromB = this._B;
    this.old = this.cur;
    this.cur = this.makeBucketArray(this._B + bigger);
    this.setB(this._B + bigger);
    this._nevacuate = 0;
    this._noverflow = 0;
    if (this.cur.nextOverflow >= 0) this.ensureExtra();
    if (this.trace) {
      this.trace({ type: 'grow', impl: 'classic', fromB, toB: this._B, sameSize: this.sameSizeGrow, count: this._count });
    }
  }

  private growWork(bucket: number): void {
    const old = this.old!;
    this.evacuate(bucket & (old.nbase - 1));
    if (this.old !== null) this.evacuate(this._nevacuate);
  }

  private evacuate(oldbucket: number): void {
    const old = this.old!;
    const newbit = old.nbase;
    const oth = old.th;
    if (!isEvacuated(oth[oldbucket << REC_B])) {
      const orec = old.rec;
      const h = this.hasher;
      // Bit `oldB` of the hash picks Y (newbit = 2^oldB); a same-size growth only has X.
      const oldB = old.B;
      const ymask = this.sameSizeGrow ? 0 : 1;
      // Destinations X (same index) and Y (index + newbit): current bucket record and next free slot, as
      // dst[2y] and dst[2y + 1], so that the choice is an index and not a branch (taken at random).
      const dst = evacDst;
      dst[0] = oldbucket;
      dst[1] = 0;
      dst[2] = oldbucket + newbit;
      dst[3] = 0;
      let moved = 0;
      // newoverflow may reallocate the new generation's arrays (addRecord): re-read them after it.
      let nth = this.cur!.th;
      let nrec = this.cur!.rec;
      for (let b = oldbucket; b >= 0; b = orec[(b << REC_W) + NEXT] - 1) {
        if (b !== oldbucket) old.overflowInUse--;
        const tb = b << REC_B;
        const kb = (b << REC_W) + KEYS;
        for (let i = 0; i < bucketCnt; i++) {
          const s0 = tb + i;
          const s = oth[s0];
          if (s <= emptyOne) {
            if (s === emptyOne) old.tombstones--;
            oth[s0] = evacuatedEmpty;
            continue;
          }
          const key = orec[kb + i];
          h.hash(key);
          const y = (h.lo >>> oldB) & ymask;
          oth[s0] = evacuatedX + y;
          const d = y << 1;
          let db = dst[d];
          let di = dst[d + 1];
          if (di === bucketCnt) {
            db = dst[d] = this.newoverflow(db, oldbucket + y * newbit);
            di = 0;
            nth = this.cur!.th;
            nrec = this.cur!.rec;
          }
          nth[(db << REC_B) + di] = s;
          nrec[(db << REC_W) + KEYS + di] = key;
          dst[d + 1] = di + 1;
          moved++;
        }
      }
      if (!this.noscan) this.unlinkEvacuated(old, oldbucket);
      if (this.trace && this.emits(FINE_EVACUATE)) this.trace({ type: 'evacuate', impl: 'classic', oldbucket, moved, nevacuate: this._nevacuate });
    }
    if (oldbucket === this._nevacuate) this.advanceEvacuationMark(newbit);
  }

  /**
   * classic rule 9a: after evacuating, a pointerful map clears the old bucket past its tophash, overflow
   * pointer included, so the chain's individually allocated overflow buckets are garbage from now on.
   * (A noscan map keeps them in extra.oldoverflow until the growth ends.)
   */
  private unlinkEvacuated(old: Generation, oldbucket: number): void {
    let b = old.next(oldbucket);
    old.setNext(oldbucket, -1);
    while (b >= 0) {
      const nb = old.next(b);
      old.setNext(b, -1);
      if (b >= old.narray) {
        const i = b - old.narray;
        this.alloc.drop(old.ovfObjs[i]!);
        old.ovfObjs[i] = null;
      }
      b = nb;
    }
  }

  private advanceEvacuationMark(newbit: number): void {
    const old = this.old!;
    this._nevacuate++;
    const stop = Math.min(this._nevacuate + 1024, newbit);
    while (this._nevacuate !== stop && isEvacuated(old.th[this._nevacuate << REC_B])) this._nevacuate++;
    if (this._nevacuate === newbit) {
      // Growth done: oldbuckets and extra.oldoverflow become garbage.
      this.dropGeneration(old);
      this.old = null;
      this.sameSizeGrow = false;
      if (this.trace) this.trace({ type: 'growDone', impl: 'classic', B: this._B });
    }
  }

  // ---- inspection ----

  /**
   * mapBytes = hmap + mapextra + bucket arrays (current, and old while growing) + the individually
   * allocated overflow buckets still reachable + a noscan map's extra.overflow/oldoverflow slices — the
   * same sum the calibration harness computes. overflowBuckets and tombstones count chains of buckets not
   * yet evacuated (tombstones = slots in state emptyOne).
   */
  shape(): MapShape {
    let mapBytes = this.hmapObj.bytes;
    let mapScanBytes = this.hmapObj.scanBytes;
    if (this.extraObj) {
      mapBytes += this.extraObj.bytes;
      mapScanBytes += this.extraObj.scanBytes;
    }
    let overflowBuckets = 0;
    let tombstones = 0;
    for (const g of [this.cur, this.old]) {
      if (g === null) continue;
      mapBytes += g.arrayObj.bytes;
      mapScanBytes += g.arrayObj.scanBytes;
      for (const o of g.ovfObjs) {
        if (o === null) continue;
        mapBytes += o.bytes;
        mapScanBytes += o.scanBytes;
      }
      const l = g.ovfList;
      if (l !== null) {
        for (const o of [l.header, l.backing]) {
          if (o === null) continue;
          mapBytes += o.bytes;
          mapScanBytes += o.scanBytes;
        }
      }
      overflowBuckets += g.overflowInUse;
      tombstones += g.tombstones;
    }
    return {
      count: this._count,
      B: this._B,
      buckets: 2 ** this._B,
      overflowBuckets,
      noverflow: this._noverflow,
      oldbuckets: this.old ? this.old.nbase : 0,
      nevacuate: this._nevacuate,
      directory: null,
      tables: null,
      groups: null,
      capacity: null,
      tombstones,
      mapBytes,
      mapScanBytes,
    };
  }

  /** Individually allocated overflow buckets and spares in use, current array (for the occupancy view). */
  overflowStats(): { preallocatedUsed: number; preallocatedCapacity: number; allocated: number; listBytes: number } {
    const g = this.cur;
    if (g === null) return { preallocatedUsed: 0, preallocatedCapacity: 0, allocated: 0, listBytes: 0 };
    const cap = g.narray - g.nbase;
    const used = g.nextOverflow < 0 ? cap : g.nextOverflow - g.nbase;
    let listBytes = 0;
    for (const x of [this.cur, this.old]) {
      const l = x?.ovfList;
      if (l) listBytes += l.header.bytes + (l.backing ? l.backing.bytes : 0);
    }
    return { preallocatedUsed: used, preallocatedCapacity: cap, allocated: g.ovfObjs.length, listBytes };
  }

  /** Views of the storage for occupancy pictures. The arrays are live; do not write to them. */
  generations(): { buckets: ClassicGenerationView | null; oldbuckets: ClassicGenerationView | null; nevacuate: number } {
    // The generations themselves, typed read-only: a view object of closures costs the density loops
    // (occupancy.ts, a call per slot) a closure call each.
    return { buckets: this.cur, oldbuckets: this.old, nevacuate: this._nevacuate };
  }

  /** Every live key id (current and not-yet-evacuated old buckets), for tests and rebuilds. */
  keys(): number[] {
    const out: number[] = [];
    const collect = (g: Generation, b0: number) => {
      for (let b = b0; b >= 0; b = g.next(b)) {
        for (let i = 0; i < bucketCnt; i++) if (g.top(b, i) >= minTopHash) out.push(g.key(b, i));
      }
    };
    if (this.old) {
      for (let ob = 0; ob < this.old.nbase; ob++) if (!isEvacuated(this.old.top(ob, 0))) collect(this.old, ob);
    }
    if (this.cur) for (let b = 0; b < this.cur.nbase; b++) collect(this.cur, b);
    return out;
  }

  setTrace(trace: ((e: MapEvent) => void) | undefined): void {
    this.trace = trace;
  }

  /** Whether an event of this fine type is emitted: always, or with countFine only the first (the rest are counted). */
  private emits(type: typeof FINE_EVACUATE | typeof FINE_OVERFLOW): boolean {
    const f = this.fine;
    if (f === null) return true;
    return f[type]++ < 0; // −1 → 0: the first, emitted; then counted
  }

  fineCounts(): Readonly<Record<string, number>> {
    const out: Record<string, number> = {};
    const f = this.fine;
    if (f && f[FINE_EVACUATE] > 0) out.evacuate = f[FINE_EVACUATE];
    if (f && f[FINE_OVERFLOW] > 0) out.overflow = f[FINE_OVERFLOW];
    return out;
  }

  checkInvariants(): void {
    const fail = (msg: string): never => {
      throw new Error(`classic map invariant: ${msg}`);
    };
    if (this.released) return;
    if (this.cur === null) {
      if (this._count !== 0 || this._B !== 0 || this.old !== null) fail('no buckets but count/B/oldbuckets set');
      return;
    }
    const g = this.cur;
    if (g.B !== this._B) fail(`buckets B ${g.B} != hmap.B ${this._B}`);
    if (this.old === null && this.sameSizeGrow) fail('sameSizeGrow set while not growing');
    if (this.old !== null) {
      const expectB = this.sameSizeGrow ? this._B : this._B - 1;
      if (this.old.B !== expectB) fail(`oldbuckets B ${this.old.B}, expected ${expectB}`);
      if (this._nevacuate >= this.old.nbase) fail(`nevacuate ${this._nevacuate} >= old bucket count while growing`);
    }
    const h = new Hasher(0, 0);
    const [s0, s1] = this.hasher.seed;
    h.reseed(s0, s1);
    const seen = new Set<number>();
    let live = 0;
    const walk = (x: Generation, label: string) => {
      const mask = x.nbase - 1;
      let tomb = 0;
      let ovfInUse = 0;
      const onChain = new Uint8Array(x.used);
      for (let b0 = 0; b0 < x.nbase; b0++) {
        const evac = x === this.old && isEvacuated(x.top(b0, 0));
        if (x === this.old && b0 < this._nevacuate && !evac) fail(`${label} bucket ${b0} < nevacuate not evacuated`);
        let restSeen = false;
        if (evac && !this.noscan && x.next(b0) >= 0) fail(`${label} evacuated bucket ${b0} still links overflow buckets`);
        for (let b = b0; b >= 0; b = x.next(b)) {
          if (b >= x.used) fail(`${label} chain of ${b0} links to unused record ${b}`);
          if (b !== b0) {
            if (b < x.nbase) fail(`${label} chain of ${b0} links to main bucket ${b}`);
            if (onChain[b]) fail(`${label} overflow bucket ${b} linked twice`);
            if (b >= x.narray && x.ovfObjs[b - x.narray] === null) fail(`${label} chain of ${b0} reaches a dropped overflow bucket`);
            onChain[b] = 1;
            if (!evac) ovfInUse++;
          }
          for (let i = 0; i < bucketCnt; i++) {
            const s = x.top(b, i);
            if (evac) {
              if (s < evacuatedX || s > evacuatedEmpty) fail(`${label} bucket ${b0} partly evacuated (slot state ${s})`);
              continue;
            }
            if (s >= evacuatedX && s < minTopHash) fail(`${label} bucket ${b0} has evacuated state ${s} but is not evacuated`);
            if (restSeen && s !== emptyRest) fail(`${label} chain of ${b0}: slot after emptyRest is ${s}`);
            if (s === emptyRest) restSeen = true;
            else if (s === emptyOne) tomb++;
            else {
              const key = x.key(b, i);
              h.hash(key);
              if ((h.lo & mask) !== b0) fail(`${label} key ${key} in bucket ${b0}, hashes to ${h.lo & mask}`);
              if (tophashOf(h.hi) !== s) fail(`${label} key ${key} tophash ${s} != ${tophashOf(h.hi)}`);
              if (seen.has(key)) fail(`key ${key} stored twice`);
              seen.add(key);
              live++;
            }
          }
        }
      }
      if (tomb !== x.tombstones) fail(`${label} tombstone counter ${x.tombstones} != walked ${tomb}`);
      if (ovfInUse !== x.overflowInUse) fail(`${label} overflow counter ${x.overflowInUse} != walked ${ovfInUse}`);
      const sparesUsed = x.nextOverflow < 0 ? x.narray - x.nbase : x.nextOverflow - x.nbase;
      if (x.used !== x.narray + x.ovfObjs.length) fail(`${label} record count mismatch`);
      for (let w = x.used << REC_W; w < x.rec.length; w++) if (x.rec[w] !== 0) fail(`${label} record ${w >> REC_W} past those in use is not zero`);
      if (x === g) {
        // Nothing of the current array is evacuated: every spare taken and every allocated bucket is in a chain.
        if (sparesUsed + x.ovfObjs.length !== x.overflowInUse) fail(`spares used ${sparesUsed} + allocated ${x.ovfObjs.length} != in use ${x.overflowInUse}`);
        if (this.noscan && x.overflowInUse > 0 && (x.ovfList === null || x.ovfList.len !== x.overflowInUse)) {
          fail(`noscan overflow list length ${x.ovfList?.len} != overflow buckets ${x.overflowInUse}`);
        }
      } else if (this.noscan && (x.ovfList?.len ?? 0) !== sparesUsed + x.ovfObjs.length) {
        fail(`oldoverflow list length ${x.ovfList?.len} != overflow buckets ever linked ${sparesUsed + x.ovfObjs.length}`);
      }
    };
    walk(g, 'buckets');
    if (this.old) walk(this.old, 'oldbuckets');
    if (live !== this._count) fail(`count ${this._count} != live slots ${live}`);
    if (this._B < 16 && this._noverflow !== (g.overflowInUse & 0xffff)) {
      fail(`noverflow ${this._noverflow} != overflow buckets of the current array ${g.overflowInUse}`);
    }
    const needExtra = g.narray > g.nbase || (this.old !== null && this.old.narray > this.old.nbase) || g.ovfList !== null;
    if (needExtra && this.extraObj === null) fail('mapextra missing');
    if (this.indirectObjs !== null && this.indirectObjs.size !== this._count) fail(`indirect objects ${this.indirectObjs.size} != count`);
  }
}

/** Slots of ClassicMap.fine. */
const FINE_EVACUATE = 0;
const FINE_OVERFLOW = 1;

/** Scratch for ClassicMap.evacuate: its X and Y destinations (record, next slot). */
const evacDst = new Int32Array(4);

/** Scratch for ClassicMap.warm: the byte offsets of the records to read (shared; warm is not re-entrant). */
let warmAt = new Int32Array(1024);

function isEvacuated(top0: number): boolean {
  return top0 > emptyOne && top0 < minTopHash;
}

