/**
 * Occupancy frames: what the map's storage holds, step by step, as the worker sends them
 * (src/worker/sim-occupancy.ts builds them with the simulator's occupancy export, src/sim/occupancy.ts).
 *
 * A frame is exact while the map is small (every slot of every bucket chain or Swiss group, by slot code)
 * and a density strip once it is big (per bin of buckets or slots: capacity, full, tombstones, overflow
 * buckets, evacuated old buckets). Slot codes are the simulator's: 0 empty, 1 tombstone (classic emptyOne,
 * Swiss ctrlDeleted), 2 full, 3 evacuated. This module holds the shapes and the arithmetic the views do
 * on them (counts for captions and tables); it imports nothing from the simulator at run time.
 */

export const SLOT_CODES = { empty: 0, tombstone: 1, full: 2, evacuated: 3 } as const;

export interface ChainLike {
  bucket: number;
  codes: Uint8Array;
  preallocated: boolean[];
}

export interface StripLike {
  capacity: Uint32Array;
  full: Uint32Array;
  tombstones: Uint32Array;
  overflow: Uint32Array;
  evacuated: Uint32Array;
}

export interface SwissTableCodes {
  index: number;
  localDepth: number;
  capacity: number;
  codes: Uint8Array;
}

export interface Caption {
  key: string;
  vars: Record<string, string | number>;
}

export interface OccupancyFrame {
  phase: string;
  count: number;
  caption: Caption;
  /** Classic, small map: every bucket chain of the current array and of oldbuckets. */
  classic?: { B: number; buckets: ChainLike[]; old: ChainLike[] | null; nevacuate: number };
  /** Swiss, small map: the single small group, or every table's groups. */
  swiss?: { globalDepth: number; small: Uint8Array | null; tables: SwissTableCodes[] };
  /** Big map: density strips of the current storage and (classic, while growing) of oldbuckets. */
  density?: { main: StripLike; old: StripLike | null };
}

export interface OccupancyResult {
  impl: 'classic' | 'swiss';
  frames: OccupancyFrame[];
  /** Frames left out to keep the list short (steps of big maps). */
  skipped: number;
  /** True when the replay could not follow the simulator's exact operation order (churn). */
  approximate: boolean;
}

export interface FrameCounts {
  full: number;
  tombstones: number;
  slots: number;
  overflow: number;
}

function sum(a: Uint32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

function countCodes(codes: Uint8Array, into: FrameCounts) {
  for (const c of codes) {
    if (c === SLOT_CODES.full) into.full++;
    else if (c === SLOT_CODES.tombstone) into.tombstones++;
  }
  into.slots += codes.length;
}

/** Full and tombstone slots, slots and overflow buckets of the current storage (old buckets excluded). */
export function frameCounts(f: OccupancyFrame): FrameCounts {
  const out: FrameCounts = { full: 0, tombstones: 0, slots: 0, overflow: 0 };
  if (f.density) {
    out.full = sum(f.density.main.full);
    out.tombstones = sum(f.density.main.tombstones);
    out.slots = sum(f.density.main.capacity);
    out.overflow = sum(f.density.main.overflow);
  } else if (f.classic) {
    for (const ch of f.classic.buckets) {
      countCodes(ch.codes, out);
      out.overflow += ch.preallocated.length;
    }
  } else if (f.swiss) {
    if (f.swiss.small) countCodes(f.swiss.small, out);
    for (const t of f.swiss.tables) countCodes(t.codes, out);
  }
  return out;
}

/** A frame's storage as rows for the data table: one row per bin or per bucket chain / table. */
export interface OccupancyRow {
  area: string;
  index: number;
  slots: number;
  full: number;
  tombstones: number;
  overflow: number;
  evacuated: number;
}

export function occupancyRows(f: OccupancyFrame): OccupancyRow[] {
  const rows: OccupancyRow[] = [];
  const fromStrip = (area: string, s: StripLike) => {
    for (let i = 0; i < s.capacity.length; i++) {
      rows.push({ area, index: i, slots: s.capacity[i], full: s.full[i], tombstones: s.tombstones[i], overflow: s.overflow[i], evacuated: s.evacuated[i] });
    }
  };
  const fromChains = (area: string, chains: ChainLike[]) => {
    for (const ch of chains) {
      const c: FrameCounts = { full: 0, tombstones: 0, slots: 0, overflow: 0 };
      countCodes(ch.codes, c);
      const evac = ch.codes.every((x) => x === SLOT_CODES.evacuated) ? 1 : 0;
      rows.push({ area, index: ch.bucket, slots: c.slots, full: c.full, tombstones: c.tombstones, overflow: ch.preallocated.length, evacuated: evac });
    }
  };
  if (f.density) {
    if (f.density.old) fromStrip('oldbuckets', f.density.old);
    fromStrip('bins', f.density.main);
  } else if (f.classic) {
    if (f.classic.old) fromChains('oldbuckets', f.classic.old);
    fromChains('buckets', f.classic.buckets);
  } else if (f.swiss) {
    if (f.swiss.small) fromChains('small', [{ bucket: 0, codes: f.swiss.small, preallocated: [] }]);
    for (const t of f.swiss.tables) fromChains('table', [{ bucket: t.index, codes: t.codes, preallocated: [] }]);
  }
  return rows;
}
