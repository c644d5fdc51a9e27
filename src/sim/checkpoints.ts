/**
 * Saved states to resume runs from: the simulator's workload (run.ts Checkpoints) and the lab's occupancy
 * replay (src/worker/sim-occupancy.ts OccupancyCheckpoints) keep them the same way.
 *
 * Rules
 *   1. A key names everything the insert phase depends on: the scenario without the fields that act after
 *      it (deleteRatio, rebuild), plus whatever else the owner shapes its recording with.
 *   2. Per key there are two states: the end of the insert phase (deletedSoFar 0), and the newest one inside
 *      or after a delete phase (deletedSoFar > 0), which only a run deleting at least that many keys may use.
 *   3. A state in a delete phase is copied only when it is at least n/32 deletes past the saved one: a copy
 *      costs about that much simulation, so a run a few deletes further redoes them instead.
 *   4. At most `capacity` keys are kept, the least recently used dropped first.
 *   5. A saved state is never run itself, only forked (fork.ts). So a state the store drops (replaced, or its
 *      key evicted) is dead: its buffers go back to the store's pool (fork.ts rule 6), for the next copies.
 */
import { BufferPool } from './fork';
import { Lru } from './lru';
import type { Scenario } from './scenario';

/** What a saved state must tell: its scenario, and how far into the delete phase it is. */
export interface Resumable {
  readonly s: Scenario;
  readonly deletedSoFar: number;
}

/** Rule 1: the key of a scenario's insert phase, with the owner's own recording options. */
export function insertPhaseKey(s: Pick<Scenario, 'deleteRatio' | 'rebuild'>, options: readonly unknown[] = []): string {
  const { deleteRatio: _later, rebuild: _later2, ...insertPhase } = s;
  return JSON.stringify([insertPhase, ...options]);
}

export class CheckpointStore<T extends Resumable> {
  /** Buffers for the copies this store's states are forked into, and from (rule 5). */
  readonly pool = new BufferPool();

  /** Up to two states per key (rule 2); evicted keys' states go back to the pool (rules 4, 5). */
  private readonly saved: Lru<{ insert: T | null; inDelete: T | null }>;

  /** Keys kept at most (rule 4); each holds up to two copies of a whole map model. */
  constructor(capacity = 2) {
    this.saved = new Lru(capacity, (gone) => {
      for (const x of [gone.insert, gone.inDelete]) if (x) this.pool.release(x);
    });
  }

  /** Saved states, counting both kinds. */
  get size(): number {
    let n = 0;
    for (const e of this.saved.values()) n += (e.insert ? 1 : 0) + (e.inDelete ? 1 : 0);
    return n;
  }

  /** The furthest saved state that `s` may resume from (rule 2), if any; its key becomes the most recent. */
  get(key: string, s: Scenario): T | undefined {
    const e = this.saved.get(key);
    if (!e) return undefined;
    const deleted = Math.floor(s.deleteRatio * s.n);
    if (e.inDelete && s.deleteRatio > 0 && e.inDelete.deletedSoFar <= deleted) return e.inDelete;
    return e.insert ?? undefined;
  }

  /** Whether a state `deletedSoFar` keys into the delete phase of an `n`-key run is worth a copy (rule 3). */
  wants(key: string, deletedSoFar: number, n: number): boolean {
    const e = this.saved.peek(key);
    if (deletedSoFar === 0) return !e?.insert;
    const prev = e?.inDelete?.deletedSoFar;
    return prev === undefined || deletedSoFar < prev || deletedSoFar - prev >= n / 32;
  }

  /** Saves `w`, a copy nobody runs (rule 5), as the key's insert-end or in-delete state. */
  save(key: string, w: T): void {
    const e = this.saved.peek(key) ?? { insert: null, inDelete: null };
    const old = w.deletedSoFar === 0 ? e.insert : e.inDelete;
    if (old && old !== w) this.pool.release(old);
    if (w.deletedSoFar === 0) e.insert = w;
    else e.inDelete = w;
    this.saved.set(key, e);
  }
}
