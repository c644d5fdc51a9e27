import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ClassicMap,
  bucketArrayLength,
  bucketsForHint,
  emptyOne,
  emptyRest,
  overLoadFactor,
  tooManyOverflowBuckets,
} from '../../src/sim/maps/classic';
import { mapTypeOf, type MapType } from '../../src/sim/types';
import type { MapEvent } from '../../src/sim/contracts';
import { FakeAllocator } from './helpers/fakeAlloc';
import { loadAgg, typeId, type Agg } from './helpers/go119data';
import { opArb, replay, type Op } from './helpers/ops';

function newMap(type: MapType, opts: { hint?: number; seed?: number; trace?: (e: MapEvent) => void } = {}) {
  const alloc = new FakeAllocator('go1.19');
  const m = new ClassicMap({ type, alloc, hint: opts.hint ?? 0, seed: opts.seed ?? 1, trace: opts.trace });
  return { m, alloc };
}

const agg = loadAgg();
const grid = agg.filter((c) => c.group === 'grid');
const param = (c: (typeof agg)[number], k: string) => c.params[k] as never;

describe('classic map: layout and make(map, hint) bytes vs Go 1.19.8 measurements', () => {
  const rules = agg.filter((c) => c.group === 'rules').flatMap((c) => c.rules ?? []);

  it('has the 12 measured types and 564 hint cases', () => {
    expect(rules.length).toBe(12);
    expect(rules.reduce((n, r) => n + r.hints.length, 0)).toBe(564);
  });

  for (const r of rules) {
    it(`map[${r.key}]${r.val}: bucket layout`, () => {
      const t = mapTypeOf(typeId(r.key), typeId(r.val));
      expect({
        key_slot: t.k.size,
        elem_slot: t.e.size,
        bucket_size: t.bucketSize,
        bucket_ptrdata: t.bucketPtrdata,
        indirect_key: t.k.indirect,
        indirect_elem: t.e.indirect,
        bucket_scanned: t.bucketPtrdata > 0,
      }).toEqual({
        key_slot: r.type.key_slot,
        elem_slot: r.type.elem_slot,
        bucket_size: r.type.bucket_size,
        bucket_ptrdata: r.type.bucket_ptrdata,
        indirect_key: r.type.indirect_key,
        indirect_elem: r.type.indirect_elem,
        bucket_scanned: r.type.bucket_scanned,
      });
    });

    it(`map[${r.key}]${r.val}: B, array length and bytes for all ${r.hints.length} hints match exactly`, () => {
      const t = mapTypeOf(typeId(r.key), typeId(r.val));
      const got = r.hints.map((h) => {
        const { m } = newMap(t, { hint: h.hint });
        const g = m.generations().buckets;
        return { hint: h.hint, B: m.B, slots: g ? g.narray : 0, bytes: m.shape().mapBytes };
      });
      const want = r.hints.map((h) => ({ hint: h.hint, B: h.B, slots: h.bucket_array_slots, bytes: h.bytes_measured }));
      expect(got).toEqual(want);
    });
  }

  it('1e6-entry map[string]*T: 57,933,824-byte array of 278,528 buckets (B = 18)', () => {
    const t = mapTypeOf('string16', 'ptr64');
    expect(bucketsForHint(1e6, t.bucketSize)).toBe(18);
    expect(bucketArrayLength(18, t.bucketSize, false, 'go1.19')).toBe(278528);
    const { m, alloc } = newMap(t, { hint: 1e6 });
    expect(alloc.bytesByTag().buckets).toBe(57933824);
    expect(m.shape().mapBytes).toBe(57933824 + 48 + 24);
  });
});

describe('classic map: growth points', () => {
  it('cached limits agree with overLoadFactor and tooManyOverflowBuckets', () => {
    for (let B = 0; B <= 24; B++) {
      let limit = 0;
      while (!overLoadFactor(limit + 1, B)) limit++;
      expect(limit).toBe(B === 0 ? 8 : 13 * 2 ** (B - 1));
      expect(tooManyOverflowBuckets(2 ** Math.min(B, 15) - 1, B)).toBe(false);
      expect(tooManyOverflowBuckets(2 ** Math.min(B, 15), B)).toBe(true);
    }
  });

  it('inserting without a hint grows at the measured counts 9, 14, 27, … 1,703,937', () => {
    const measured = agg.find((c) => c.case_id === 'rules-int64-int64')!.rules![0].grow!;
    expect(measured.length).toBe(19);
    const { m } = newMap(mapTypeOf('int64', 'int64'));
    const seen: { count: number; new_B: number; same_size_grow: boolean }[] = [];
    let B = m.B;
    for (let k = 0; k < 1703947; k++) {
      m.assign(k);
      if (m.B !== B) {
        seen.push({ count: m.count, new_B: m.B, same_size_grow: false });
        B = m.B;
      }
    }
    expect(seen).toEqual(measured.map((g) => ({ count: g.count, new_B: g.new_B, same_size_grow: g.same_size_grow })));
  });
});

/** Grid cases pooled by a key: min and max of a metric over all runs. */
function pooled(key: (c: (typeof grid)[number]) => string | null, metric: string): Map<string, { min: number; max: number }> {
  const out = new Map<string, { min: number; max: number }>();
  for (const c of grid) {
    const k = key(c);
    const v: Agg | undefined = c.metrics?.[metric];
    if (k === null || v === undefined) continue;
    const cur = out.get(k) ?? { min: Infinity, max: -Infinity };
    out.set(k, { min: Math.min(cur.min, v.min), max: Math.max(cur.max, v.max) });
  }
  return out;
}

/** Inserts keys 0..n-1 (like the harness), then deletes the oldest floor(r·n). */
function runInsertDelete(n: number, hint: boolean, r: number, seed: number) {
  const { m } = newMap(mapTypeOf('string16', 'ptr64'), { hint: hint ? n : 0, seed });
  for (let k = 0; k < n; k++) m.assign(k);
  const insert = m.shape();
  for (let k = 0; k < Math.floor(r * n); k++) m.delete(k);
  return { m, insert, del: m.shape() };
}

describe('classic map: overflow buckets and tombstones vs Go 1.19.8 (statistical)', () => {
  // The measured runs (all key/value types pooled) give a min..max spread per N; a simulated run with
  // its own seed must land inside it, widened by 3 % (+2 buckets) for the tails we did not sample.
  const within = (v: number, lo: number, hi: number) => v >= lo * 0.97 - 2 && v <= hi * 1.03 + 2;
  const ovf = pooled((c) => `${param(c, 'n')}/${param(c, 'hint')}`, 'insert.overflow_buckets');
  const nov = pooled((c) => `${param(c, 'n')}/${param(c, 'hint')}`, 'insert.noverflow_hdr');

  for (const [k, range] of ovf) {
    const [n, hint] = [Number(k.split('/')[0]), k.split('/')[1] === 'true'];
    it(`N=${n} hint=${hint ? 'N' : 0}: overflow buckets within measured ${range.min}..${range.max}`, () => {
      const seeds = n >= 1e6 ? [11] : [11, 12, 13];
      for (const seed of seeds) {
        const { insert } = runInsertDelete(n, hint, 0, seed);
        expect(insert.count).toBe(n);
        expect(within(insert.overflowBuckets!, range.min, range.max), `overflow ${insert.overflowBuckets}`).toBe(true);
        const nr = nov.get(k)!;
        expect(within(insert.noverflow!, nr.min, nr.max), `noverflow ${insert.noverflow}`).toBe(true);
      }
    });
  }

  const tomb = pooled((c) => (param(c, 'n') <= 1e5 || param(c, 'r') === 0.9 ? `${param(c, 'n')}/${param(c, 'r')}` : null), 'delete.tombstones');
  for (const [k, range] of tomb) {
    const [n, r] = k.split('/').map(Number);
    if (r === 0) continue;
    it(`N=${n}, delete ${r * 100}% oldest: emptyOne slots within measured ${range.min}..${range.max}`, () => {
      const { del } = runInsertDelete(n, false, r, 21);
      expect(del.count).toBe(n - Math.floor(r * n));
      expect(within(del.tombstones!, range.min, range.max), `tombstones ${del.tombstones}`).toBe(true);
    });
  }

  it('bytes after insert, delete and rebuild match the measured map_struct_bytes spread (N = 1e5)', () => {
    for (const c of grid.filter((x) => param(x, 'n') === 1e5 && param(x, 'r') === 0.9 && param(x, 'hint') === false)) {
      const t = mapTypeOf(typeId(param(c, 'key')), typeId(param(c, 'val')));
      const { m } = newMap(t, { seed: 5 });
      for (let k = 0; k < 1e5; k++) m.assign(k);
      const ins = c.metrics!['insert.map_struct_bytes'];
      const slack = 30 * t.bucketSize; // the overflow count varies run to run by a few dozen buckets
      // This older harness left the noscan extra.overflow slice out of its byte count.
      const bytes = m.shape().mapBytes - m.overflowStats().listBytes;
      expect(Math.abs(bytes - ins.median)).toBeLessThan(slack + (ins.max - ins.min));
      for (let k = 0; k < 9e4; k++) m.delete(k);
      expect(m.shape().B).toBe(c.metrics!['delete.B'].median);
      const { m: rebuilt } = newMap(t, { hint: m.count, seed: 6 });
      for (const k of m.keys()) rebuilt.assign(k);
      expect(rebuilt.B).toBe(c.metrics!['rebuild_gc.B'].median);
      expect(rebuilt.generations().buckets!.narray).toBe(c.metrics!['rebuild_gc.bucket_array_slots'].median);
    }
  });
});

describe('classic map: incremental evacuation', () => {
  it('growing B 16 → 17 takes about the measured 45,290 inserts (±1 %); reads make no progress', () => {
    const { m } = newMap(mapTypeOf('int64', 'int64'), { seed: 3 });
    let k = 0;
    while (m.B < 17) m.assign(k++);
    expect(m.growing()).toBe(true);
    const nev = m.nevacuate;
    for (let i = 0; i < 100000; i++) m.lookup(i);
    expect(m.nevacuate).toBe(nev);
    let inserts = 1;
    while (m.growing()) {
      m.assign(k++);
      inserts++;
    }
    expect(Math.abs(inserts - 45290) / 45290).toBeLessThan(0.01);
  });

  it('deletes also drive evacuation (measured 45,577 deletes, ±1 %)', () => {
    const { m } = newMap(mapTypeOf('int64', 'int64'), { seed: 4 });
    let k = 0;
    while (m.B < 17) m.assign(k++);
    let deletes = 0;
    for (let d = 0; m.growing(); d++) {
      m.delete(d);
      deletes++;
    }
    expect(Math.abs(deletes - 45577) / 45577).toBeLessThan(0.01);
  });

  it('keeps oldbuckets allocated until the last old bucket moves, then drops them', () => {
    const events: MapEvent[] = [];
    const { m, alloc } = newMap(mapTypeOf('string16', 'ptr64'), { trace: (e) => events.push(e) });
    let k = 0;
    while (m.B < 5) m.assign(k++);
    expect(alloc.countByTag('buckets')).toBe(2);
    expect(m.shape().oldbuckets).toBe(16);
    m.checkInvariants();
    while (m.growing()) {
      m.assign(k++);
      m.checkInvariants();
    }
    expect(alloc.countByTag('buckets')).toBe(1);
    expect(m.shape().oldbuckets).toBe(0);
    const grow = events.filter((e) => e.type === 'grow');
    expect(grow.at(-1)).toMatchObject({ fromB: 4, toB: 5, sameSize: false, count: 104 });
    expect(events.at(-1)).toEqual({ type: 'growDone', impl: 'classic', B: 5 });
    const moved = events.filter((e) => e.type === 'evacuate' && m.B === 5).reduce((n, e) => n + (e.type === 'evacuate' ? e.moved : 0), 0);
    expect(moved).toBeGreaterThan(0);
  });

  it('a pointerful map frees an evacuated chain\'s overflow buckets at once; a noscan map keeps them until the end', () => {
    for (const [val, freedEarly] of [
      ['ptr64', true],
      ['int64', false],
    ] as const) {
      const { m, alloc } = newMap(mapTypeOf('int64', val), { seed: 12 });
      let k = 0;
      while (m.B < 14) m.assign(k++);
      const atStart = alloc.countByTag('overflow');
      expect(atStart).toBeGreaterThan(100); // B = 13 had more overflow buckets than spares
      for (let i = 0; i < 3000; i++) m.assign(k++);
      expect(m.growing()).toBe(true);
      m.checkInvariants();
      const mid = alloc.countByTag('overflow');
      if (freedEarly) expect(mid).toBeLessThan(atStart);
      else expect(mid).toBeGreaterThanOrEqual(atStart);
      while (m.growing()) m.assign(k++);
      expect(alloc.countByTag('overflow')).toBe(m.overflowStats().allocated);
    }
  });

  it('delete/insert churn with a fixed live set triggers same-size growth, never a bigger B', () => {
    const events: MapEvent[] = [];
    const { m } = newMap(mapTypeOf('int64', 'int64'), { seed: 9, trace: (e) => events.push(e) });
    const live = 400;
    for (let k = 0; k < live; k++) m.assign(k);
    const B = m.B;
    for (let k = live; k < 200000; k++) {
      m.assign(k);
      m.delete(k - live);
    }
    m.checkInvariants();
    expect(m.B).toBe(B);
    expect(m.count).toBe(live);
    expect(events.some((e) => e.type === 'grow' && e.sameSize)).toBe(true);
  });
});

describe('classic map: delete and clear', () => {
  it('collapses trailing emptyOne slots to emptyRest, as the Go 1.19 dump shows', () => {
    const { m } = newMap(mapTypeOf('int64', 'int64'));
    for (let k = 1; k <= 4; k++) m.assign(k);
    const th = () => Array.from({ length: 8 }, (_, i) => m.generations().buckets!.top(0, i));
    m.delete(2);
    expect(th()[1]).toBe(emptyOne);
    m.delete(4);
    // Slot 3 becomes emptyRest; slot 1 stays emptyOne because slot 2 is still full.
    expect(th().slice(1, 4)).toEqual([emptyOne, th()[2], emptyRest]);
    m.delete(3);
    expect(th().slice(1)).toEqual([emptyRest, emptyRest, emptyRest, emptyRest, emptyRest, emptyRest, emptyRest]);
    expect(m.shape().tombstones).toBe(0);
    m.checkInvariants();
  });

  it('re-seeds when count reaches 0 and on clear', () => {
    const { m } = newMap(mapTypeOf('int64', 'int64'));
    m.assign(1);
    const s0 = m.seed;
    m.delete(1);
    const s1 = m.seed;
    expect(s1).not.toEqual(s0);
    m.assign(1);
    m.clear();
    expect(m.seed).not.toEqual(s1);
  });

  it('clear keeps B and the array, zeroes all of it in one memclr, and drops overflow buckets and oldbuckets', () => {
    for (const [key, val] of [
      ['string16', 'ptr64'],
      ['int64', 'int64'],
    ]) {
      const t = mapTypeOf(key, val);
      const { m, alloc } = newMap(t, { seed: 2 });
      for (let k = 0; k < 53249 + 300; k++) m.assign(k); // growth from B = 13 to 14 in progress
      expect(m.growing()).toBe(true);
      expect(alloc.countByTag('overflow')).toBeGreaterThan(0);
      const B = m.B;
      const array = m.generations().buckets!;
      m.clear();
      m.checkInvariants();
      expect(m.count).toBe(0);
      expect(m.B).toBe(B);
      expect(m.growing()).toBe(false);
      expect(alloc.countByTag('buckets')).toBe(1);
      expect(alloc.countByTag('overflow')).toBe(0);
      expect(alloc.countByTag('overflowList')).toBe(0);
      expect(alloc.memclrCalls).toEqual([{ bytes: array.narray * t.bucketSize, scan: t.bucketPtrdata > 0 }]);
      expect(m.shape()).toMatchObject({ count: 0, overflowBuckets: 0, noverflow: 0, oldbuckets: 0, tombstones: 0 });
      // An empty map's clear does nothing (mapclear returns when count == 0).
      m.clear();
      expect(alloc.memclrCalls.length).toBe(1);
      for (let k = 0; k < 1000; k++) m.assign(k);
      m.checkInvariants();
    }
  });
});

describe('classic map: allocations', () => {
  it('a noscan map keeps overflow buckets in extra.overflow, a []*bmap grown by append', () => {
    const { m, alloc } = newMap(mapTypeOf('int64', 'int64'), { hint: 9, seed: 1 }); // B = 1: no spares
    let k = 0;
    while (alloc.countByTag('overflow') === 0) m.assign(k++);
    expect(alloc.countByTag('mapextra')).toBe(1);
    expect(alloc.countByTag('overflowList')).toBe(2); // slice header + backing array
    m.checkInvariants();
    const pointerful = newMap(mapTypeOf('int64', 'ptr64'), { hint: 9, seed: 1 });
    k = 0;
    while (pointerful.alloc.countByTag('overflow') === 0) pointerful.m.assign(k++);
    expect(pointerful.alloc.countByTag('mapextra')).toBe(0);
    expect(pointerful.alloc.countByTag('overflowList')).toBe(0);
  });

  it('stores keys/elems over 128 bytes out of line: one object per entry, dropped on delete', () => {
    const t = mapTypeOf('struct200', 'ptr64');
    expect(t.k.indirect).toBe(true);
    const { m, alloc } = newMap(t);
    for (let k = 0; k < 100; k++) m.assign(k);
    m.assign(5);
    expect(alloc.countByTag('indirectKey')).toBe(100);
    for (let k = 0; k < 40; k++) m.delete(k);
    expect(alloc.countByTag('indirectKey')).toBe(60);
    m.checkInvariants();
    m.clear();
    expect(alloc.countByTag('indirectKey')).toBe(0);
  });

  it('release drops every object the map allocated', () => {
    const { m, alloc } = newMap(mapTypeOf('int64', 'struct200'), { seed: 8 });
    for (let k = 0; k < 30000; k++) m.assign(k);
    expect(alloc.live.size).toBeGreaterThan(30000);
    m.release();
    expect(alloc.live.size).toBe(0);
    expect(alloc.liveBytes).toBe(0);
  });

  it('mapScanBytes is 0 for pointer-free maps and the whole array for pointerful ones', () => {
    const noscan = newMap(mapTypeOf('int64', 'struct64'), { hint: 1e5 }).m.shape();
    expect(noscan.mapScanBytes).toBe(48 + 24);
    const scan = newMap(mapTypeOf('int64', 'ptr64'), { hint: 1e5 }).m.shape();
    expect(scan.mapScanBytes).toBe(scan.mapBytes);
  });
});

describe('classic map: differential tests against a JS Set', () => {
  it('random assign/delete/lookup/clear lists agree step by step (invariants checked after every step)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom('int64/int64', 'string16/ptr64', 'int64/struct200'),
        fc.array(opArb(600), { minLength: 1, maxLength: 1500, size: 'max' }),
        (seed, hint, types, ops) => {
          const [k, v] = types.split('/');
          const { m } = newMap(mapTypeOf(k, v), { seed, hint });
          replay(m, ops, true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('long churn runs through growth and same-size growth without losing a key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const { m } = newMap(mapTypeOf('int64', 'int64'), { seed });
        const ops: Op[] = [];
        let next = 0;
        for (let i = 0; i < 30000; i++) {
          ops.push({ op: 'assign', key: next++ });
          if (next > 300) ops.push({ op: 'delete', key: next - 300 + ((i * 7919) % 250) });
          if (i % 97 === 0) ops.push({ op: 'lookup', key: (i * 31) % next });
        }
        replay(m, ops, false);
        m.checkInvariants();
      }),
      { numRuns: 5 },
    );
  });
});

describe('classic map: properties', () => {
  it('the same seed and operations give the same structure and bytes; another seed changes placement', () => {
    const run = (seed: number) => {
      const { m, alloc } = newMap(mapTypeOf('string16', 'ptr64'), { seed });
      for (let k = 0; k < 5000; k++) m.assign(k);
      for (let k = 0; k < 2000; k++) m.delete(k * 2);
      const g = m.generations().buckets!;
      const tophash = Array.from({ length: g.used * 8 }, (_, s) => g.top(s >> 3, s & 7));
      return { shape: m.shape(), live: alloc.liveBytes, tophash };
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7).tophash).not.toEqual(run(8).tophash);
  });

  it('bytes are never negative and count equals live slots after any operation list', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(opArb(3000), { maxLength: 3000, size: 'max' }), (seed, ops) => {
        const { m, alloc } = newMap(mapTypeOf('int64', 'ptr64'), { seed: seed | 0 });
        replay(m, ops, false);
        m.checkInvariants();
        const s = m.shape();
        expect(s.mapBytes).toBeGreaterThan(0);
        expect(s.mapScanBytes).toBeGreaterThanOrEqual(0);
        expect(alloc.liveBytes).toBe([...alloc.live.values()].reduce((n, o) => n + o.bytes, 0));
        expect(m.keys().length).toBe(m.count);
      }),
      { numRuns: 40 },
    );
  });

  it('rejects key ids that are not int32', () => {
    const { m } = newMap(mapTypeOf('int64', 'int64'));
    expect(() => m.assign(2 ** 31)).toThrow(/int32/);
    expect(() => m.assign(1.5)).toThrow(/int32/);
  });
});
