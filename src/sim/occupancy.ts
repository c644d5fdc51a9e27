/**
 * Occupancy pictures of a map for views: a density strip of a whole (1e6-entry) map in a few hundred
 * bins, and the exact slot states of a few buckets or groups for a zoomed view. Reads the maps' typed
 * arrays in place; nothing is copied except the small results, which callers may pass back in to reuse.
 *
 * Glossary
 *   bin        a run of consecutive main buckets (classic) or slots in directory order (Swiss).
 *   slot code  one state per slot, shared by both maps: SLOT_EMPTY, SLOT_TOMBSTONE (classic emptyOne,
 *              Swiss ctrlDeleted), SLOT_FULL, SLOT_EVACUATED (classic old bucket already moved).
 *
 * Rules
 *   1. Classic bins cover main buckets 0 … 2^B−1 of the array; each bucket brings its whole overflow
 *      chain, so a bin's capacity grows with its overflow buckets. Old buckets (during growth) get their
 *      own strip.
 *   2. Swiss bins cover the concatenated slots of the distinct tables in directory order, so a table
 *      that fills several directory entries is drawn once.
 *   3. A result carries the map's `version`; `densityOf` returns the cached result when the map has not
 *      changed since.
 */

import { ClassicMap, emptyOne, emptyRest, evacuatedEmpty, minTopHash, RECORD_BYTES, type ClassicGenerationView } from './maps/classic';
import { SwissMap, ctrlDeleted, ctrlEmpty } from './maps/swiss';

// Local copies: hot loops below must not go through module export bindings.
const EMPTY_ONE = emptyOne;
const MIN_TOP = minTopHash;
const CTRL_EMPTY = ctrlEmpty;
const CTRL_DELETED = ctrlDeleted;
const REC = RECORD_BYTES;

/** Per tophash value: 1 if the slot is full, a tombstone, or not an evacuated mark (a byte-indexed table keeps the slot loop branch-free). */
const IS_FULL = new Uint8Array(256).map((_, t) => (t >= MIN_TOP ? 1 : 0));
const IS_TOMB = new Uint8Array(256).map((_, t) => (t === EMPTY_ONE ? 1 : 0));
const NOT_EVAC = new Uint8Array(256).map((_, t) => (t <= EMPTY_ONE || t >= MIN_TOP ? 1 : 0));

export const SLOT_EMPTY = 0;
export const SLOT_TOMBSTONE = 1;
export const SLOT_FULL = 2;
export const SLOT_EVACUATED = 3;

export interface DensityStrip {
  /** Slots in each bin (buckets × 8, overflow buckets included). */
  capacity: Uint32Array;
  full: Uint32Array;
  tombstones: Uint32Array;
  /** Classic: overflow buckets chained from the bin's buckets; Swiss: always 0. */
  overflow: Uint32Array;
  /** Classic old-bucket strip: bins whose buckets were all evacuated. */
  evacuated: Uint32Array;
}

export interface Density {
  impl: 'classic' | 'swiss';
  version: number;
  /** Current array (classic) or all tables (Swiss). */
  main: DensityStrip;
  /** Classic oldbuckets while a growth is in progress, else null. */
  old: DensityStrip | null;
}

function strip(bins: number, reuse?: DensityStrip | null): DensityStrip {
  if (reuse && reuse.capacity.length === bins) {
    for (const a of [reuse.capacity, reuse.full, reuse.tombstones, reuse.overflow, reuse.evacuated]) a.fill(0);
    return reuse;
  }
  return {
    capacity: new Uint32Array(bins),
    full: new Uint32Array(bins),
    tombstones: new Uint32Array(bins),
    overflow: new Uint32Array(bins),
    evacuated: new Uint32Array(bins),
  };
}

function classicStrip(g: ClassicGenerationView, bins: number, reuse?: DensityStrip | null): DensityStrip {
  const s = strip(bins, reuse);
  const th = g.th;
  // Counters are plain locals, flushed into the bin's arrays when the bin ends: a closure over them would
  // keep them in a heap context and slow every increment.
  let bin = 0;
  let binEnd = Math.ceil(g.nbase / bins); // first bucket of bin + 1: ceil((bin+1)·nbase/bins)
  let full = 0;
  let tomb = 0;
  let ovf = 0;
  let cap = 0;
  let evacuated = 0;
  for (let b0 = 0; b0 <= g.nbase; b0++) {
    if (b0 === binEnd || b0 === g.nbase) {
      s.full[bin] += full;
      s.tombstones[bin] += tomb;
      s.overflow[bin] += ovf;
      s.capacity[bin] += cap;
      s.evacuated[bin] += evacuated;
      full = tomb = ovf = cap = evacuated = 0;
      if (b0 === g.nbase) break;
      // bins > nbase: some bins hold no bucket
      do {
        bin++;
        binEnd = Math.ceil(((bin + 1) * g.nbase) / bins);
      } while (b0 >= binEnd);
    }
    let notEvac = 0;
    for (let b = b0; b >= 0; b = g.next(b)) {
      if (b !== b0) ovf++;
      cap += 8;
      for (let o = b * REC, end = o + 8; o < end; o++) {
        const t = th[o];
        full += IS_FULL[t];
        tomb += IS_TOMB[t];
        notEvac |= NOT_EVAC[t];
      }
    }
    if (notEvac === 0) evacuated++;
  }
  return s;
}

/** Density strips of a classic map (occupancy rule 1). */
export function classicDensity(m: ClassicMap, bins: number, reuse?: Density): Density {
  const { buckets, oldbuckets } = m.generations();
  const main = buckets ? classicStrip(buckets, bins, reuse?.main) : strip(bins, reuse?.main);
  const old = oldbuckets ? classicStrip(oldbuckets, bins, reuse?.old) : null;
  return { impl: 'classic', version: m.version, main, old };
}

/** Density strip of a Swiss map (occupancy rule 2). */
export function swissDensity(m: SwissMap, bins: number, reuse?: Density): Density {
  const st = m.storage();
  const ctrls = st.small ? [st.small] : st.tables.map((t) => t.ctrl);
  let total = 0;
  for (const c of ctrls) total += c.length;
  const s = strip(bins, reuse?.main);
  let pos = 0;
  let bin = 0;
  let binEnd = Math.ceil(total / bins);
  for (const c of ctrls) {
    for (let i = 0; i < c.length; i++, pos++) {
      while (pos >= binEnd) {
        bin++;
        binEnd = Math.ceil(((bin + 1) * total) / bins);
      }
      s.capacity[bin]++;
      const x = c[i];
      if (x === CTRL_DELETED) s.tombstones[bin]++;
      else if (x !== CTRL_EMPTY) s.full[bin]++;
    }
  }
  return { impl: 'swiss', version: m.version, main: s, old: null };
}

const cache = new WeakMap<ClassicMap | SwissMap, { bins: number; d: Density }>();

/** Density of either map, recomputed only when the map changed (occupancy rule 3). */
export function densityOf(m: ClassicMap | SwissMap, bins: number): Density {
  const c = cache.get(m);
  if (c && c.bins === bins && c.d.version === m.version) return c.d;
  const d = m instanceof ClassicMap ? classicDensity(m, bins, c?.d) : swissDensity(m, bins, c?.d);
  cache.set(m, { bins, d });
  return d;
}

/** One classic bucket chain for a zoomed view. */
export interface BucketChain {
  bucket: number;
  /** 8 slot codes per bucket of the chain, main bucket first. */
  codes: Uint8Array;
  /** Raw tophash bytes, same order (a full slot's value is its hash's top byte). */
  tophash: Uint8Array;
  /** Per overflow bucket: true if it came from the array's preallocated spares. */
  preallocated: boolean[];
}

/** Slot codes of main buckets [from, to) of the current array or of oldbuckets. */
export function classicChains(m: ClassicMap, from: number, to: number, which: 'buckets' | 'oldbuckets' = 'buckets'): BucketChain[] {
  const g = m.generations()[which];
  if (g === null) return [];
  const out: BucketChain[] = [];
  for (let b0 = Math.max(0, from); b0 < Math.min(to, g.nbase); b0++) {
    const recs: number[] = [];
    for (let b = b0; b >= 0; b = g.next(b)) recs.push(b);
    const codes = new Uint8Array(recs.length * 8);
    const tophash = new Uint8Array(recs.length * 8);
    recs.forEach((b, j) => {
      for (let i = 0; i < 8; i++) {
        const t = g.top(b, i);
        tophash[j * 8 + i] = t;
        codes[j * 8 + i] = t >= MIN_TOP ? SLOT_FULL : t === EMPTY_ONE ? SLOT_TOMBSTONE : t === emptyRest ? SLOT_EMPTY : t <= evacuatedEmpty ? SLOT_EVACUATED : SLOT_EMPTY;
      }
    });
    out.push({ bucket: b0, codes, tophash, preallocated: recs.slice(1).map((b) => b < g.narray) });
  }
  return out;
}

/** Slot codes of groups [from, to) of the Swiss table at directory index `dirIndex` (or the small group). */
export function swissGroups(m: SwissMap, dirIndex: number, from: number, to: number): { codes: Uint8Array; ctrl: Uint8Array } {
  const st = m.storage();
  const ctrl = st.small ?? st.tables.find((t) => dirIndex >= t.index && dirIndex < t.index + 2 ** (st.globalDepth - t.localDepth))?.ctrl;
  if (!ctrl) return { codes: new Uint8Array(0), ctrl: new Uint8Array(0) };
  const part = ctrl.subarray(Math.max(0, from) * 8, Math.min(to * 8, ctrl.length));
  const codes = new Uint8Array(part.length);
  for (let i = 0; i < part.length; i++) codes[i] = part[i] === CTRL_EMPTY ? SLOT_EMPTY : part[i] === CTRL_DELETED ? SLOT_TOMBSTONE : SLOT_FULL;
  return { codes, ctrl: part };
}
