import { describe, expect, it } from 'vitest';
import type { GoMap, MapEvent } from '../../src/sim/contracts';
import { Hasher } from '../../src/sim/hash';
import { ClassicMap } from '../../src/sim/maps/classic';
import { SwissMap } from '../../src/sim/maps/swiss';
import { mapTypeOf } from '../../src/sim/types';
import { FakeAllocator } from './helpers/fakeAlloc';

/**
 * GoMap.warm only reads: a map warmed before every batch (while growing, after deletes emptied it, emptied
 * in the middle of a batch, for keys it never holds) ends in the same state, with the same allocations and
 * events, as one never warmed.
 */
function run(impl: 'classic' | 'swiss', key: 'string16' | 'int64', warm: boolean) {
  const alloc = new FakeAllocator(impl === 'classic' ? 'go1.19' : 'go1.26');
  const events: MapEvent[] = [];
  const opts = { type: mapTypeOf(key, key === 'int64' ? 'int64' : 'ptr64'), alloc, seed: 9, trace: (e: MapEvent) => void events.push(e) };
  const m: GoMap = impl === 'classic' ? new ClassicMap(opts) : new SwissMap(opts);
  let results = 0; // a running hash of the operations' results, in order
  const batch = (from: number, k: number, op: (key: number) => boolean) => {
    if (warm) m.warm!(from, k + 50); // past the batch too: keys the map does not hold
    for (let i = from; i < from + k; i++) results = (Math.imul(results, 31) + (op(i) ? 1 : 2)) | 0;
  };
  // A Swiss map warms only from 2^17 entries on (small tables stay cached).
  const n = impl === 'swiss' ? 140_000 : 20_000;
  for (let i = 0; i < n; i += 37) batch(i, Math.min(37, n - i), (x) => m.assign(x));
  for (let i = 0; i < n; i += 41) batch(i, Math.min(41, n - i), (x) => m.delete(x));
  expect(m.count).toBe(0); // emptied: a new seed
  for (let i = 5_000; i < 9_000; i += 53) batch(i, Math.min(53, 9_000 - i), (x) => m.assign(x));
  // The map empties in the middle of a warmed batch (a new seed), and the batch goes on assigning: keys
  // hashed by warm before the new seed must be hashed again.
  for (let i = 5_000; i < 8_999; i += 43) batch(i, Math.min(43, 8_999 - i), (x) => m.delete(x));
  expect(m.count).toBe(1);
  batch(8_999, 40, (x) => (x === 8_999 ? m.delete(x) : m.assign(x)));
  m.checkInvariants();
  return { results, events, shape: m.shape(), allocated: alloc.allocated, dropped: alloc.dropped, liveBytes: alloc.liveBytes };
}

describe('GoMap.warm', () => {
  for (const impl of ['classic', 'swiss'] as const) {
    for (const key of ['string16', 'int64'] as const) {
      it(`${impl} ${key}: changes nothing`, () => {
        const cold = run(impl, key, false);
        const warm = run(impl, key, true);
        expect(warm.events.length).toBeGreaterThan(10);
        expect(warm).toEqual(cold);
      });
    }
  }
});

describe('Hasher.hashAhead', () => {
  const hashOf = (h: Hasher, key: number, kept: boolean) => {
    if (kept) h.hashKept(key);
    else h.hash(key);
    return [h.lo, h.hi];
  };
  it('keeps what hash() gives, for its own hasher and seed only', () => {
    const a = new Hasher(1, 2);
    const b = new Hasher(3, 4);
    a.hashAhead(100, 50);
    for (const key of [99, 100, 120, 149, 150]) expect(hashOf(a, key, true)).toEqual(hashOf(a, key, false));
    for (const key of [100, 149]) expect(hashOf(b, key, true)).toEqual(hashOf(b, key, false)); // not b's batch
    a.reseed(5, 6);
    expect(hashOf(a, 120, true)).toEqual(hashOf(new Hasher(5, 6), 120, false)); // the new seed's
  });
});
