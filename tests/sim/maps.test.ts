import { describe, expect, it } from 'vitest';
import { ClassicMap } from '../../src/sim/maps/classic';
import { SwissMap } from '../../src/sim/maps/swiss';
import { mapTypeOf } from '../../src/sim/types';
import {
  SLOT_EMPTY,
  SLOT_EVACUATED,
  SLOT_FULL,
  SLOT_TOMBSTONE,
  classicChains,
  densityOf,
  swissGroups,
} from '../../src/sim/occupancy';
import { FakeAllocator } from './helpers/fakeAlloc';

const sum = (a: Uint32Array) => a.reduce((n, x) => n + x, 0);

describe('occupancy: classic', () => {
  it('density bins add up to the map: live slots, tombstones, overflow buckets, capacity', () => {
    const m = new ClassicMap({ type: mapTypeOf('string16', 'ptr64'), alloc: new FakeAllocator(), seed: 1 });
    for (let k = 0; k < 100000; k++) m.assign(k);
    for (let k = 0; k < 30000; k++) m.delete(k);
    const s = m.shape();
    const d = densityOf(m, 256);
    expect(d.old).toBeNull();
    expect(sum(d.main.full)).toBe(s.count);
    expect(sum(d.main.tombstones)).toBe(s.tombstones);
    expect(sum(d.main.overflow)).toBe(s.overflowBuckets);
    expect(sum(d.main.capacity)).toBe((s.buckets! + s.overflowBuckets!) * 8);
    expect(densityOf(m, 256)).toBe(d); // unchanged map: cached result
    m.assign(1);
    expect(densityOf(m, 256).version).toBe(m.version);
  });

  it('bin i holds the buckets b with floor(b·bins/2^B) = i', () => {
    const m = new ClassicMap({ type: mapTypeOf('int64', 'int64'), alloc: new FakeAllocator(), seed: 1, hint: 1000 });
    m.assign(1);
    const d = densityOf(m, 100);
    const want = new Uint32Array(100);
    for (let b = 0; b < 256; b++) want[Math.floor((b * 100) / 256)] += 8;
    expect(d.main.capacity).toEqual(want);
  });

  it('shows oldbuckets while growing, with evacuated buckets marked', () => {
    const m = new ClassicMap({ type: mapTypeOf('int64', 'int64'), alloc: new FakeAllocator(), seed: 2 });
    let k = 0;
    while (m.B < 10) m.assign(k++);
    for (let i = 0; i < 100; i++) m.assign(k++);
    const d = densityOf(m, 64);
    expect(d.old).not.toBeNull();
    expect(sum(d.old!.evacuated)).toBeGreaterThanOrEqual(m.nevacuate);
    expect(sum(d.main.full) + sum(d.old!.full)).toBe(m.count);
    const chains = classicChains(m, 0, 4, 'oldbuckets');
    expect(Array.from(chains[0].codes).every((c) => c === SLOT_EVACUATED)).toBe(true);
  });

  it('bucket chains give per-slot codes and whether overflow buckets were preallocated', () => {
    const m = new ClassicMap({ type: mapTypeOf('int64', 'int64'), alloc: new FakeAllocator(), seed: 3, hint: 1000 });
    for (let k = 0; k < 1600; k++) m.assign(k);
    const chains = classicChains(m, 0, 256);
    const ovf = chains.flatMap((c) => c.preallocated);
    expect(ovf.length).toBe(m.shape().overflowBuckets);
    const stats = m.overflowStats();
    expect(stats.preallocatedCapacity).toBe(28); // B = 8: 272 × 144 B = 39,168 → 40,960-byte class = 284 buckets
    expect(ovf.filter((p) => p).length).toBe(stats.preallocatedUsed);
    expect(ovf.filter((p) => !p).length).toBe(stats.allocated);
    const full = chains.reduce((n, c) => n + c.codes.filter((x) => x === SLOT_FULL).length, 0);
    expect(full).toBe(1600);
    expect(chains.every((c) => c.codes.length === 8 * (1 + c.preallocated.length))).toBe(true);
  });
});

describe('occupancy: swiss', () => {
  it('density bins add up to the tables; group views decode ctrl bytes', () => {
    const m = new SwissMap({ type: mapTypeOf('string16', 'ptr64'), alloc: new FakeAllocator('go1.26'), seed: 1 });
    for (let k = 0; k < 50000; k++) m.assign(k);
    for (let k = 0; k < 20000; k++) m.delete(k);
    const s = m.shape();
    const d = densityOf(m, 200);
    expect(sum(d.main.full)).toBe(s.count);
    expect(sum(d.main.tombstones)).toBe(s.tombstones);
    expect(sum(d.main.capacity)).toBe(s.capacity);
    const g = swissGroups(m, 0, 0, 128);
    expect(g.codes.length).toBe(1024);
    const counts = [SLOT_EMPTY, SLOT_TOMBSTONE, SLOT_FULL].map((c) => g.codes.filter((x) => x === c).length);
    expect(counts[2]).toBe(m.storage().tables[0].used);
  });

  it('a small map is one group', () => {
    const m = new SwissMap({ type: mapTypeOf('int64', 'int64'), alloc: new FakeAllocator('go1.26'), seed: 1 });
    m.assign(1);
    m.assign(2);
    expect(sum(densityOf(m, 4).main.full)).toBe(2);
    expect(swissGroups(m, 0, 0, 1).codes.filter((c) => c === SLOT_FULL).length).toBe(2);
  });
});

describe('both maps implement GoMap the same way', () => {
  for (const impl of ['classic', 'swiss'] as const) {
    it(`${impl}: lookups never change the structure; release drops everything`, () => {
      const alloc = new FakeAllocator(impl === 'classic' ? 'go1.19' : 'go1.26');
      const opts = { type: mapTypeOf('string16', 'ptr64'), alloc, seed: 5 };
      const m = impl === 'classic' ? new ClassicMap(opts) : new SwissMap(opts);
      for (let k = 0; k < 20000; k++) m.assign(k);
      const before = JSON.stringify(m.shape());
      const v = (m as ClassicMap | SwissMap).version;
      for (let k = 0; k < 40000; k++) m.lookup(k);
      expect(JSON.stringify(m.shape())).toBe(before);
      expect((m as ClassicMap | SwissMap).version).toBe(v);
      m.release();
      expect(alloc.live.size).toBe(0);
      expect(() => m.assign(1)).toThrow(/released/);
    });
  }
});
