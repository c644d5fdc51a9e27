/**
 * BufferPool (fork.ts rule 6): spares are reused by size, never beyond the byte limit, and the newest
 * releases win over the oldest when the limit is reached.
 */
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../src/sim/fork';

/** A dead copy's buffers, released through the pool as deepCopy registers them. */
function releaseBuffers(pool: BufferPool, sizes: number[]): ArrayBuffer[] {
  const root = {};
  const bufs = sizes.map((n) => new ArrayBuffer(n));
  pool.register(root, bufs);
  pool.release(root);
  return bufs;
}

describe('BufferPool', () => {
  it('gives a released buffer back for a copy of the same size, and a new one otherwise', () => {
    const pool = new BufferPool(1000);
    const [a] = releaseBuffers(pool, [100]);
    expect(pool.spareBytes).toBe(100);
    expect(pool.take(200)).not.toBe(a);
    expect(pool.take(100)).toBe(a);
    expect(pool.spareBytes).toBe(0);
    expect(pool.take(100)).not.toBe(a);
  });

  it('keeps what the caller still holds out of the spares', () => {
    const pool = new BufferPool(1000);
    const root = {};
    const [kept, free] = [new ArrayBuffer(100), new ArrayBuffer(100)];
    pool.register(root, [kept, free]);
    pool.release(root, new Set([kept]));
    expect(pool.spareBytes).toBe(100);
    expect(pool.take(100)).toBe(free);
  });

  it('drops the oldest spares when a release would go over the limit, so the newest size is served', () => {
    // The compare mode's case: big spares of one map kind fill the pool, then the other kind's copy is released.
    const pool = new BufferPool(1000);
    const old = releaseBuffers(pool, [300, 300, 300]);
    const [fresh] = releaseBuffers(pool, [250]);
    expect(pool.spareBytes).toBeLessThanOrEqual(1000);
    expect(pool.take(250)).toBe(fresh);
    // One of the old ones made room (the oldest); the two newer ones are still there.
    expect(pool.take(300)).toBe(old[2]);
    expect(pool.take(300)).toBe(old[1]);
    expect(pool.take(300)).not.toBe(old[0]);
  });

  it('never holds a buffer bigger than its limit', () => {
    const pool = new BufferPool(1000);
    releaseBuffers(pool, [1001]);
    expect(pool.spareBytes).toBe(0);
  });
});
