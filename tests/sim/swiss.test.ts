import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SwissMap, ctrlDeleted, ctrlEmpty, initialLayout, maxGrowthLeft } from '../../src/sim/maps/swiss';
import { mapTypeOf, type MapType } from '../../src/sim/types';
import type { MapEvent } from '../../src/sim/contracts';
import { Hasher } from '../../src/sim/hash';
import { FakeAllocator } from './helpers/fakeAlloc';
import { hasSwissGo, measureSwissBytes, type GoRow } from './helpers/goMeasure';
import { opArb, replay, type Op } from './helpers/ops';

function newMap(type: MapType, opts: { hint?: number; seed?: number; trace?: (e: MapEvent) => void } = {}) {
  const alloc = new FakeAllocator('go1.26');
  const m = new SwissMap({ type, alloc, hint: opts.hint ?? 0, seed: opts.seed ?? 1, trace: opts.trace });
  return { m, alloc };
}

describe('swiss map: layout', () => {
  it('slot and group sizes follow the interleaved {key, elem} layout (fact sheet §2)', () => {
    const sizes = (k: string, v: string) => {
      const t = mapTypeOf(k, v);
      return [t.slotSize, t.groupSize, t.groupPtrdata > 0];
    };
    expect(sizes('string16', 'ptr64')).toEqual([24, 200, true]);
    expect(sizes('int64', 'int64')).toEqual([16, 136, false]);
    expect(sizes('string16', 'string32')).toEqual([32, 264, true]);
    expect(sizes('int64', 'struct64')).toEqual([72, 584, false]);
    // struct{} elem: the trailing zero-size field is padded, so the slot is 16 bytes, not 8.
    expect(sizes('int64', 'empty')).toEqual([16, 136, false]);
    // A pointer-free 200-byte elem is stored out of line: the group becomes scannable.
    expect(sizes('int64', 'struct200')).toEqual([16, 136, true]);
  });

  it('NewMap sizing gives the fact sheet §2 structures', () => {
    const shape = (hint: number) => newMap(mapTypeOf('string16', 'ptr64'), { hint }).m.shape();
    expect(shape(1000)).toMatchObject({ tables: 2, capacity: 2048, directory: 2 });
    expect(shape(100000)).toMatchObject({ tables: 128, capacity: 131072, directory: 128 });
    expect(shape(1000000)).toMatchObject({ tables: 2048, capacity: 2097152, directory: 2048 });
    expect(initialLayout(8, 200)).toBeNull();
    expect(initialLayout(9, 200)).toEqual({ dirSize: 1, tableCapacity: 16 });
    expect(initialLayout(896, 200)).toEqual({ dirSize: 1, tableCapacity: 1024 });
    expect(initialLayout(897, 200)).toEqual({ dirSize: 2, tableCapacity: 512 }); // 897·8/7 = 1025 > 1024
    expect(initialLayout(1000, 200)).toEqual({ dirSize: 2, tableCapacity: 1024 });
    expect(maxGrowthLeft(8)).toBe(7);
    expect(maxGrowthLeft(1024)).toBe(896);
  });
});

describe('swiss map: small map and growth', () => {
  it('hint <= 8 allocates only the header; the first assign allocates one group; the 9th entry makes a 16-slot table', () => {
    const events: MapEvent[] = [];
    const { m, alloc } = newMap(mapTypeOf('int64', 'int64'), { hint: 8, trace: (e) => events.push(e) });
    expect(alloc.live.size).toBe(1);
    m.assign(1);
    expect(alloc.countByTag('groups')).toBe(1);
    expect(m.shape()).toMatchObject({ directory: 0, tables: 0, groups: 1, capacity: 8 });
    for (let k = 2; k <= 8; k++) m.assign(k);
    expect(m.shape().directory).toBe(0);
    m.assign(9);
    expect(events).toEqual([{ type: 'smallToTable', impl: 'swiss' }]);
    expect(m.shape()).toMatchObject({ directory: 1, tables: 1, capacity: 16, count: 9 });
    m.checkInvariants();
  });

  it('assigning a present key to a full small map still converts it to a table (Go 1.26 TODO)', () => {
    const { m } = newMap(mapTypeOf('int64', 'int64'));
    for (let k = 0; k < 8; k++) m.assign(k);
    expect(m.assign(3)).toBe(false);
    expect(m.shape()).toMatchObject({ tables: 1, capacity: 16, count: 8 });
  });

  it('a single table doubles when growthLeft runs out (7/8 load), then splits at 1024 slots', () => {
    const events: MapEvent[] = [];
    const { m } = newMap(mapTypeOf('int64', 'int64'), { trace: (e) => events.push(e) });
    const at: [number, MapEvent][] = [];
    let n = 0;
    const seen = () => events.length;
    let before = seen();
    for (let k = 0; k < 900; k++) {
      m.assign(k);
      n++;
      if (seen() !== before) at.push([n, events[events.length - 1]]);
      before = seen();
    }
    expect(at.map(([count, e]) => [count, e.type, e.type === 'tableGrow' ? e.toCapacity : null])).toEqual([
      [9, 'smallToTable', null],
      [15, 'tableGrow', 32],
      [29, 'tableGrow', 64],
      [57, 'tableGrow', 128],
      [113, 'tableGrow', 256],
      [225, 'tableGrow', 512],
      [449, 'tableGrow', 1024],
      [897, 'split', null],
    ]);
    expect(at.at(-1)![1]).toEqual({ type: 'split', impl: 'swiss', table: 0, localDepth: 1, globalDepth: 1 });
    expect(m.shape()).toMatchObject({ directory: 2, tables: 2, capacity: 2048 });
    m.checkInvariants();
  });

  it('splits grow the directory only when localDepth reaches globalDepth; tables share entries otherwise', () => {
    const events: MapEvent[] = [];
    const { m, alloc } = newMap(mapTypeOf('string16', 'ptr64'), { seed: 3, trace: (e) => events.push(e) });
    // Insert until the 32 → 64 table wave is under way: some tables split, others not yet.
    for (let k = 0; !(m.shape().tables! > 40); k++) m.assign(k);
    m.checkInvariants();
    const s = m.shape();
    const st = m.storage();
    expect(s.directory).toBe(2 ** st.globalDepth);
    expect(st.tables.some((t) => t.localDepth < st.globalDepth)).toBe(true);
    expect(st.tables.every((t) => t.capacity === 1024)).toBe(true);
    expect(alloc.countByTag('directory')).toBe(1);
    expect(alloc.countByTag('table')).toBe(s.tables);
    const splits = events.filter((e) => e.type === 'split');
    expect(splits.length).toBe(s.tables! - 1);
    // Old groups arrays are dropped at once: only the installed tables' arrays are live.
    expect(alloc.countByTag('groups')).toBe(s.tables);
  });
});

describe('swiss map: delete, tombstones, prune, clear', () => {
  it('delete empties the slot when its group has an empty slot, else leaves a tombstone that uses growthLeft', () => {
    const { m } = newMap(mapTypeOf('int64', 'int64'), { hint: 14 }); // one table, 2 groups, growthLeft 14
    const h = new Hasher(...m.seed);
    const startGroup = (key: number) => (h.hash(key), (h.lo >>> 7) & 1);
    const g0: number[] = [];
    let g1 = -1;
    for (let k = 0; g0.length < 8 || g1 < 0; k++) {
      if (startGroup(k) === 0 && g0.length < 8) g0.push(k);
      else if (startGroup(k) === 1 && g1 < 0) g1 = k;
    }
    for (const k of [...g0, g1]) m.assign(k);
    const tab = () => m.storage().tables[0];
    expect(Array.from(tab().ctrl.subarray(0, 8)).every((c) => c < 0x80)).toBe(true); // group 0 full
    expect(tab().growthLeft).toBe(14 - 9);
    m.delete(g0[3]);
    expect(tab().ctrl.subarray(0, 8)).toContain(ctrlDeleted);
    expect(tab().growthLeft).toBe(5); // the tombstone still counts against growthLeft
    expect(m.shape().tombstones).toBe(1);
    m.delete(g1);
    expect(tab().growthLeft).toBe(6); // group 1 has empty slots: the slot is simply emptied
    expect(m.shape().tombstones).toBe(1);
    // Re-inserting the deleted key reuses the tombstone without spending growthLeft.
    m.assign(g0[3]);
    expect(m.shape().tombstones).toBe(0);
    expect(tab().growthLeft).toBe(6);
    m.checkInvariants();
  });

  it('tombstones accumulate under churn and pruneTombstones keeps the table from growing (as Go 1.26 measured)', () => {
    const events: MapEvent[] = [];
    const { m } = newMap(mapTypeOf('int64', 'int64'), { seed: 4, trace: (e) => events.push(e) });
    for (let i = 0; i < 200000; i++) {
      m.assign(i);
      if (i >= 100) m.delete(i - 100);
    }
    m.checkInvariants();
    expect(events.filter((e) => e.type === 'prune').length).toBeGreaterThan(10);
    // 100 live keys end in one 256-slot table: 4,952 bytes, as measured on go1.26.8 (helpers/swissbytes).
    expect(m.shape()).toMatchObject({ count: 100, tables: 1, capacity: 256, mapBytes: 4952 });
  });

  it('maps whose operations take the generic or fast64ptr path never prune, so churn keeps doubling tables', () => {
    for (const [k, v] of [
      ['ptr64', 'int64'], // fast64ptr
      ['int64', 'struct200'], // elem > 128 B: generic mapassign
    ]) {
      const events: MapEvent[] = [];
      const { m } = newMap(mapTypeOf(k, v), { seed: 4, trace: (e) => events.push(e) });
      for (let i = 0; i < 20000; i++) {
        m.assign(i);
        if (i >= 100) m.delete(i - 100);
      }
      m.checkInvariants();
      expect(events.some((e) => e.type === 'prune')).toBe(false);
      expect(m.shape().capacity).toBeGreaterThan(256);
    }
  });

  it('clear keeps all tables and zeroes the groups holding entries; an empty map without tombstones is not touched', () => {
    const { m, alloc } = newMap(mapTypeOf('string16', 'ptr64'), { seed: 2 });
    for (let k = 0; k < 5000; k++) m.assign(k);
    const before = m.shape();
    m.clear();
    m.checkInvariants();
    const after = m.shape();
    expect(after).toMatchObject({ count: 0, tables: before.tables, capacity: before.capacity, mapBytes: before.mapBytes, tombstones: 0 });
    // 5000 entries in 1024-slot tables: many full groups, so every group is zeroed (slots 24 B <= 32).
    expect(alloc.memclrCalls.reduce((n, c) => n + c.bytes, 0)).toBe(before.groups! * 200);
    expect(alloc.memclrCalls.every((c) => c.scan)).toBe(true);
    const calls = alloc.memclrCalls.length;
    m.clear();
    expect(alloc.memclrCalls.length).toBe(calls);
    expect(m.storage().tables.every((t) => Array.from(t.ctrl).every((c) => c === ctrlEmpty))).toBe(true);
  });

  it('never shrinks: deleting 99 % keeps every table', () => {
    const { m } = newMap(mapTypeOf('int64', 'int64'), { seed: 6 });
    for (let k = 0; k < 100000; k++) m.assign(k);
    const full = m.shape();
    for (let k = 0; k < 99000; k++) m.delete(k);
    expect(m.shape()).toMatchObject({ count: 1000, tables: full.tables, mapBytes: full.mapBytes });
  });
});

describe('swiss map: allocations', () => {
  it('stores >128-byte keys/elems out of line and drops them on delete, clear and release', () => {
    const { m, alloc } = newMap(mapTypeOf('int64', 'struct200'));
    for (let k = 0; k < 300; k++) m.assign(k);
    expect(alloc.countByTag('indirectElem')).toBe(300);
    for (let k = 0; k < 100; k++) m.delete(k);
    expect(alloc.countByTag('indirectElem')).toBe(200);
    m.clear();
    expect(alloc.countByTag('indirectElem')).toBe(0);
    for (let k = 0; k < 3000; k++) m.assign(k);
    m.release();
    expect(alloc.live.size).toBe(0);
  });

  it('mapScanBytes counts only pointerful storage', () => {
    const noscan = newMap(mapTypeOf('int64', 'int64'), { hint: 1e5 }).m.shape();
    expect(noscan.mapScanBytes).toBe(24 + 128 * 8 + 128 * 24); // header, directory, table structs
    const scan = newMap(mapTypeOf('string16', 'ptr64'), { hint: 1e5 }).m.shape();
    expect(scan.mapScanBytes).toBe(24 + 128 * 8 + 128 * 24 + 128 * (127 * 200 + 200));
  });
});

describe.skipIf(!hasSwissGo())('swiss map: bytes vs the installed Go (>= 1.24) measured by helpers/swissbytes', () => {
  let go = '';
  let rows: GoRow[] = [];
  beforeAll(() => {
    ({ go, rows } = measureSwissBytes());
  }, 180_000);

  it('make(map, hint) bytes match exactly for 4 types × 12 hints', () => {
    const made = rows.filter((r) => r.kind === 'make');
    expect(made.length).toBe(48);
    const got = made.map((r) => {
      const [k, v] = r.type.split('/');
      return { ...r, bytes: newMap(mapTypeOf(k, v), { hint: r.n }).m.shape().mapBytes };
    });
    expect({ go, rows: got }).toEqual({ go, rows: made });
  });

  it('bytes after inserting N keys: exact where the table count cannot vary, within the seeded spread at 1e6', () => {
    for (const r of rows.filter((x) => x.kind === 'grow' || x.kind === 'churn')) {
      const sims = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
        const { m } = newMap(mapTypeOf('int64', 'int64'), { seed });
        for (let i = 0; i < r.n; i++) {
          m.assign(i);
          if (r.kind === 'churn' && i >= r.live!) m.delete(i - r.live!);
        }
        return m.shape().mapBytes;
      });
      const lo = Math.min(...sims);
      const hi = Math.max(...sims);
      const table = 18432 + 32; // one more or one fewer 1024-slot table of map[int64]int64
      // The real run has its own random hash seed, so it is one more sample of the same spread; one CI run
      // landed 3 tables above the 8 simulated seeds (37,814,288 B vs 37,758,896 B), so 4 tables of slack.
      expect(r.bytes, `${r.kind} n=${r.n} live=${r.live ?? '-'} sim ${lo}..${hi}`).toBeGreaterThanOrEqual(lo - 4 * table);
      expect(r.bytes, `${r.kind} n=${r.n} live=${r.live ?? '-'} sim ${lo}..${hi}`).toBeLessThanOrEqual(hi + 4 * table);
      if (r.n <= 1e5 && r.kind === 'grow') expect(r.bytes).toBe(lo);
    }
  });
});

describe('swiss map: differential tests against a JS Set', () => {
  it('random assign/delete/lookup/clear lists agree step by step (invariants checked after every step)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom('int64/int64', 'string16/ptr64', 'int64/struct200', 'ptr64/int64'),
        fc.constantFrom(20, 600, 3000),
        fc.array(fc.nat(), { minLength: 1, maxLength: 1500, size: 'max' }),
        (seed, hint, types, universe, raw) => {
          const [k, v] = types.split('/');
          const { m } = newMap(mapTypeOf(k, v), { seed, hint });
          // Derive ops from raw numbers so the key universe can vary per run.
          const ops: Op[] = raw.map((x) => {
            const kind = x % 13;
            const key = Math.floor(x / 13) % universe;
            return kind < 6 ? { op: 'assign', key } : kind < 10 ? { op: 'delete', key } : kind < 12 ? { op: 'lookup', key } : { op: 'clear' };
          });
          replay(m, ops, true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('long churn with tombstones, pruning and splits loses no key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 50, max: 3000 }), (seed, live) => {
        const { m } = newMap(mapTypeOf('string16', 'int64'), { seed });
        const ops: Op[] = [];
        for (let i = 0; i < 40000; i++) {
          ops.push({ op: 'assign', key: i });
          if (i >= live) ops.push({ op: 'delete', key: i - live + ((i * 7919) % Math.min(live, 50)) });
          if (i % 89 === 0) ops.push({ op: 'lookup', key: (i * 31) % (i + 1) });
        }
        replay(m, ops, false);
        m.checkInvariants();
      }),
      { numRuns: 5 },
    );
  });
});

describe('swiss map: properties', () => {
  it('the same seed and operations give the same structure; another seed changes placement', () => {
    const run = (seed: number) => {
      const { m, alloc } = newMap(mapTypeOf('string16', 'ptr64'), { seed });
      for (let k = 0; k < 5000; k++) m.assign(k);
      for (let k = 0; k < 2000; k++) m.delete(k * 2);
      return { shape: m.shape(), live: alloc.liveBytes, ctrl: m.storage().tables.map((t) => Array.from(t.ctrl)) };
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7).ctrl).not.toEqual(run(8).ctrl);
  });

  it('bytes are never negative and count equals live slots after any operation list', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(opArb(3000, 4), { maxLength: 3000, size: 'max' }), (seed, ops) => {
        const { m, alloc } = newMap(mapTypeOf('int64', 'ptr64'), { seed: seed | 0 });
        replay(m, ops, false);
        m.checkInvariants();
        const s = m.shape();
        expect(s.mapBytes).toBeGreaterThan(0);
        expect(s.mapScanBytes).toBeGreaterThanOrEqual(0);
        expect(s.mapBytes).toBe([...alloc.live.values()].reduce((n, o) => n + o.bytes, 0));
      }),
      { numRuns: 40 },
    );
  });
});
