/**
 * Saved states to resume runs from: the simulator's workload (run.ts Checkpoints) and the lab's occupancy
 * replay (src/worker/sim-occupancy.ts OccupancyCheckpoints) keep them the same way.
 *
 * Rules
 *   1. A key names everything the insert phase depends on: the scenario without the fields that act after
 *      it (deleteRatio, rebuild), plus whatever else the owner shapes its recording with.
 *   2. Per key there are two states: the end of the insert phase (deletedSoFar 0), and the newest one inside
 *      or after a delete phase (deletedSoFar > 0), which only a run deleting at least that many keys may use.
 *  2a. A run that had to start from the insert phase although a deeper state was saved is a drag of the
 *      deletion ratio downwards, and the next step down would start from the insert phase again. Such a run
 *      also offers rungs (`isRung`: delete-phase states about n/8 apart, the LADDER below its target) and
 *      the store keeps the LADDER most recently offered, for keys of at most LADDER_MAX_N keys (above that a
 *      copy costs too much memory). A run resumes from the deepest saved state it may use, rungs included.
 *   3. A state in a delete phase is copied only when it is at least n/32 deletes past the saved one: a copy
 *      costs about that much simulation, so a run a few deletes further redoes them instead.
 *   4. At most `capacity` keys are kept, the least recently used dropped first.
 *   5. A saved state is never run itself, only forked (fork.ts). So a state the store drops (replaced, or its
 *      key evicted) is dead: its buffers go back to the store's pool (fork.ts rule 6), for the next copies.
 *   6. The saved states' buffers stay within `maxBytes`: a save that goes over drops rungs, those of the least
 *      recently used key first, the oldest first. Insert-end and in-delete states are not dropped for bytes
 *      (two per key). A copy of a map of 10^6 keys holds 10–17 MB of buffers, so at the default only the
 *      compare view, with two such maps dragged downwards, loses rungs.
 */
import { BufferPool } from './fork';
import { Lru } from './lru';
import type { Scenario } from './scenario';

/** What a saved state must tell: its scenario, and how far into the delete phase it is. */
export interface Resumable {
  readonly s: Scenario;
  readonly deletedSoFar: number;
}

/** Rungs kept per key (rule 2a). */
export const LADDER = 3;
/** Largest n whose runs keep rungs (rule 2a): a classic map of 10^6 keys costs ~25 MB per copy. */
export const LADDER_MAX_N = 1 << 20;
/** Rule 6: buffer bytes of the saved states, at most (default). */
export const MAX_SAVED_BYTES = 128 << 20;

/** Rule 2a: deletes between rungs of an `n`-key run whose states fall on multiples of `step`: about n/8. */
export function rungSpacing(n: number, step: number): number {
  return Math.max(step, Math.round(n / 8 / step) * step);
}

/**
 * Rule 2a: whether the state `deletedSoFar` keys into the delete phase of a run that deletes `deleted` is a
 * rung to offer: a multiple of the spacing, and one of the LADDER below `deleted` (the store would drop the
 * lower ones at once).
 */
export function isRung(deletedSoFar: number, deleted: number, n: number, step: number): boolean {
  const spacing = rungSpacing(n, step);
  return deletedSoFar > 0 && deletedSoFar % spacing === 0 && deleted - deletedSoFar <= LADDER * spacing;
}

/** Rule 1: the key of a scenario's insert phase, with the owner's own recording options. */
export function insertPhaseKey(s: Pick<Scenario, 'deleteRatio' | 'rebuild'>, options: readonly unknown[] = []): string {
  const { deleteRatio: _later, rebuild: _later2, ...insertPhase } = s;
  return JSON.stringify([insertPhase, ...options]);
}

/** What a store keeps per key (rules 2, 2a), and whether the key's last run was a drag downwards. */
interface Saved<T> {
  insert: T | null;
  inDelete: T | null;
  rungs: T[];
  down: boolean;
}

/** Every state saved under one key. */
function statesOf<T>(e: Saved<T>): T[] {
  return [e.insert, e.inDelete, ...e.rungs].filter((x): x is T => x !== null);
}

export class CheckpointStore<T extends Resumable> {
  /** Buffers for the copies this store's states are forked into, and from (rule 5). */
  readonly pool = new BufferPool();

  /**
   * Per key (rules 2, 2a): the insert-end state, the newest in-delete state, the rungs (oldest first), and
   * whether the last run was a drag downwards. Evicted keys' states go back to the pool (rules 4, 5).
   */
  private readonly saved: Lru<Saved<T>>;

  /** Keys kept at most (rule 4), each with up to 2 + LADDER copies of a whole map model; their bytes (rule 6). */
  constructor(
    capacity = 2,
    private readonly maxBytes = MAX_SAVED_BYTES,
  ) {
    this.saved = new Lru(capacity, (gone) => {
      for (const x of statesOf(gone)) this.pool.release(x);
    });
  }

  /** Buffer bytes of every saved state (rule 6). */
  get savedBytes(): number {
    let n = 0;
    for (const e of this.saved.values()) for (const x of statesOf(e)) n += this.pool.bytesOf(x);
    return n;
  }

  /** Rule 6: drops rungs, least recently used key and oldest first, until the saved states fit `maxBytes`. */
  private trim(): void {
    let over = this.savedBytes - this.maxBytes;
    for (const e of this.saved.values()) {
      while (over > 0 && e.rungs.length > 0) {
        const rung = e.rungs.shift()!;
        over -= this.pool.bytesOf(rung);
        this.pool.release(rung);
      }
      if (over <= 0) return;
    }
  }

  /** Saved states, counting every kind. */
  get size(): number {
    let n = 0;
    for (const e of this.saved.values()) n += statesOf(e).length;
    return n;
  }

  /** The furthest saved state that `s` may resume from (rules 2, 2a), if any; its key becomes the most recent. */
  get(key: string, s: Scenario): T | undefined {
    const e = this.saved.get(key);
    if (!e) return undefined;
    const deleted = Math.floor(s.deleteRatio * s.n);
    let best: T | null = null;
    if (s.deleteRatio > 0) {
      for (const x of [e.inDelete, ...e.rungs]) if (x && x.deletedSoFar <= deleted && (!best || x.deletedSoFar > best.deletedSoFar)) best = x;
    }
    // rule 2a: starting from the insert phase or a rung, below a deeper saved state
    e.down = e.inDelete !== null && e.inDelete.deletedSoFar > deleted;
    return best ?? e.insert ?? undefined;
  }

  /**
   * Whether a state `deletedSoFar` keys into the delete phase of an `n`-key run is worth a copy: as the
   * newest (rule 3), or as a rung (`rung`, rule 2a: only during a drag downwards, one copy per rung).
   */
  wants(key: string, deletedSoFar: number, n: number, rung = false): boolean {
    const e = this.saved.peek(key);
    if (rung) return !!e?.down && n <= LADDER_MAX_N && !e.rungs.some((x) => x.deletedSoFar === deletedSoFar);
    if (deletedSoFar === 0) return !e?.insert;
    const prev = e?.inDelete?.deletedSoFar;
    return prev === undefined || deletedSoFar < prev || deletedSoFar - prev >= n / 32;
  }

  /**
   * A running state offered as a checkpoint (the owner's `atCheckpoint`): copied into the pool and saved if
   * the store wants it (rules 2, 2a, 3).
   */
  offer(key: string, at: T & { fork(s: Scenario, pool: BufferPool): T }, rung = false): void {
    if (this.wants(key, at.deletedSoFar, at.s.n, rung)) this.save(key, at.fork(at.s, this.pool), rung);
  }

  /** Saves `w`, a copy nobody runs (rule 5), as the key's insert-end, in-delete or (`rung`) rung state. */
  save(key: string, w: T, rung = false): void {
    const e: Saved<T> = this.saved.peek(key) ?? { insert: null, inDelete: null, rungs: [], down: false };
    if (rung) {
      e.rungs.push(w);
      if (e.rungs.length > LADDER) this.pool.release(e.rungs.shift()!);
    } else {
      const old = w.deletedSoFar === 0 ? e.insert : e.inDelete;
      if (old && old !== w) this.pool.release(old);
      if (w.deletedSoFar === 0) e.insert = w;
      else e.inDelete = w;
    }
    this.saved.set(key, e);
    this.trim();
  }
}
