// Map tapes (src/sim/tape.ts): a run that replays a recorded run's map operations must give exactly what a
// fresh run gives. The lab shows replayed results whenever only a GC setting changed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Checkpoints, Tapes, createSimulation, simulate, type SimOptions } from '../../src/sim/run';
import { RunTape, TapeMismatch } from '../../src/sim/tape';
import { ClassicMap } from '../../src/sim/maps/classic';
import { SwissMap } from '../../src/sim/maps/swiss';
import { Heap } from '../../src/sim/heap';
import { mapTypeOf } from '../../src/sim/types';
import { costsFor } from '../../src/sim/costs';
import { parseScenario, type Scenario } from '../../src/sim/scenario';
import type { Allocator, GoMap, MapEvent } from '../../src/sim/contracts';

function parse(x: object): Scenario {
  const r = parseScenario(x);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
}

function newHeap(): Heap {
  const c = costsFor('swiss', 'int64', 'int64', 2);
  return new Heap({ rules: c.rules.malloc, baseline: c.baseline, zeroing: c.zeroing, nonHeapBytes: 0 });
}

const run = (scenario: object, o: SimOptions = {}) => {
  const sim = createSimulation(scenario, o);
  while (!sim.step(1));
  return { resumed: sim.resumed, replayed: sim.replayed, json: JSON.stringify(sim.result()) };
};
const fresh = (scenario: object, o: SimOptions = {}) => JSON.stringify(simulate(scenario, o));

const base = { version: 1, n: 20_000, hint: 0, gogc: 100, gomaxprocs: 2, forcedGcRuns: 2, seed: 7 };

/** What a scenario may vary without changing its map operations. */
const gcOnly = fc.record({
  gogc: fc.constantFrom(-1, 25, 50, 100, 200, 1000),
  gomemlimit: fc.constantFrom(null, 4 << 20, 64 << 20),
  gomaxprocs: fc.integer({ min: 1, max: 16 }),
  forcedGcRuns: fc.integer({ min: 0, max: 4 }),
  backgroundAlloc: fc.constantFrom(null, { bytesPerSec: 64 << 20, objectBytes: 64 }),
  greenTea: fc.boolean(),
});

/** What fixes the map operations. */
const workload = fc.record({
  impl: fc.constantFrom('classic', 'swiss'),
  key: fc.constantFrom('int64', 'string16'),
  value: fc.constantFrom('int64', 'struct64', 'string32', 'ptr64', 'ptr1024', 'ptrshared'),
  n: fc.integer({ min: 0, max: 12_000 }),
  hint: fc.constantFrom(0, 100, 5000),
  deleteRatio: fc.constantFrom(0, 0.3, 0.9, 1),
  rebuild: fc.constantFrom(null, { threshold: 0.2, hint: 'live' }, { threshold: 0.5, hint: 'half' }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

describe('map tapes', () => {
  it('replaying a run under other GC settings gives what a fresh run gives, byte for byte', () => {
    fc.assert(
      fc.property(workload, gcOnly, gcOnly, (w, gc1, gc2) => {
        const tapes = new Tapes(2);
        const first = run({ ...base, ...w, ...gc1 }, { tapes });
        expect(first.replayed).toBe(false);
        expect(first.json).toBe(fresh({ ...base, ...w, ...gc1 })); // recording changes nothing
        expect(tapes.size).toBe(1);
        const second = run({ ...base, ...w, ...gc2 }, { tapes });
        expect(second.replayed).toBe(true);
        expect(second.json).toBe(fresh({ ...base, ...w, ...gc2 }));
      }),
      { numRuns: 40, seed: 20261206 },
    );
  });

  it('replays with every map event recorded (trace detail "all") and with none', () => {
    for (const traceDetail of ['all', 'none'] as const) {
      const tapes = new Tapes();
      const s = { ...base, impl: 'classic', key: 'string16', value: 'ptr64', deleteRatio: 0.9, rebuild: { threshold: 0.5, hint: 'half' } };
      run(s, { tapes, traceDetail });
      const again = run({ ...s, gogc: 50 }, { tapes, traceDetail });
      expect(again.replayed).toBe(true);
      expect(again.json).toBe(fresh({ ...s, gogc: 50 }, { traceDetail }));
      // the key includes the detail: a tape of evacuate counts cannot serve a trace that records them
      expect(run({ ...s, gogc: 50 }, { tapes, traceDetail: 'structural' }).replayed).toBe(false);
    }
  });

  it('a trace that only counts evacuate and overflow events counts as many as one that records each', () => {
    // With detail "structural" a classic map emits the first of each and counts the rest (countFine); the run
    // adds them at its end, the recording run to its tape too.
    const s = { ...base, impl: 'classic', key: 'string16', value: 'ptr64', deleteRatio: 0.5, rebuild: { threshold: 0, hint: 'live' } };
    const all = simulate(s, { traceDetail: 'all' }).traceCounts;
    expect(all.evacuate).toBeGreaterThan(1000);
    expect(all.overflow).toBeGreaterThan(100);
    const tapes = new Tapes();
    const recorded = run(s, { tapes });
    const replayed = run({ ...s, gogc: 50 }, { tapes });
    expect(replayed.replayed).toBe(true);
    for (const r of [simulate(s), JSON.parse(recorded.json), JSON.parse(replayed.json)]) {
      expect(r.traceCounts.evacuate).toBe(all.evacuate);
      expect(r.traceCounts.overflow).toBe(all.overflow);
      expect(r.traceDropped.evacuate).toBe(all.evacuate);
    }
  });

  it('a run resumed from a checkpoint records a tape of its own whole run, and leaves the saved one alone', () => {
    for (const impl of ['classic', 'swiss'] as const) {
      const tapes = new Tapes(8);
      const checkpoints = new Checkpoints(2);
      const s = { ...base, impl, key: 'int64', value: 'ptr64', deleteRatio: 0.5 };
      run(s, { tapes, checkpoints });
      const resumed = run({ ...s, deleteRatio: 0.8 }, { tapes, checkpoints });
      expect(resumed.resumed).toBe(true);
      expect(resumed.replayed).toBe(false);
      expect(tapes.size).toBe(2);
      // More resumed runs: their copies reuse the buffers of dead copies (fork.ts rule 6), never a kept tape's.
      run({ ...s, deleteRatio: 0.6 }, { tapes, checkpoints });
      run({ ...s, deleteRatio: 0.7 }, { tapes, checkpoints });
      for (const deleteRatio of [0.8, 0.5, 0.6, 0.7]) {
        const replayed = run({ ...s, deleteRatio, gogc: 300 }, { tapes });
        expect(replayed.replayed).toBe(true);
        expect(replayed.json).toBe(fresh({ ...s, deleteRatio, gogc: 300 }));
      }
    }
  });

  it('keys: GC settings share a tape; what changes the map operations does not; time-driven modes have none', () => {
    const s = { ...base, impl: 'swiss' as const, key: 'int64' as const, value: 'int64' as const, deleteRatio: 0.5, rebuild: null };
    const key = (x: object, o: SimOptions = {}) => Tapes.key(parse({ ...s, ...x }), o);
    const k0 = key({});
    expect(k0).not.toBeNull();
    for (const x of [{ gogc: 5 }, { gomemlimit: 1 << 30 }, { gomaxprocs: 7 }, { forcedGcRuns: 0 }, { greenTea: false }, { backgroundAlloc: { bytesPerSec: 1e6, objectBytes: 16 } }]) {
      expect(key(x)).toBe(k0);
    }
    for (const x of [{ seed: 8 }, { n: 20_001 }, { hint: 9 }, { deleteRatio: 0.6 }, { impl: 'classic' }, { value: 'ptr64' }, { rebuild: { threshold: 0.5, hint: 'live' } }]) {
      expect(key(x)).not.toBe(k0);
    }
    expect(key({}, { traceDetail: 'all' })).not.toBe(k0);
    expect(key({ churn: { durationMs: 100, insertsPerSec: 1e5, ttlMs: 10, delete: true } })).toBeNull();
    expect(key({ mode: 'tts', tts: { op: 'make', hint: 1000, gcs: 3, gapMs: 5 } })).toBeNull();
    expect(key({ n: 3_000_000, deleteRatio: 0.5 })).toBeNull(); // 4.5e6 operations: too big to keep
  });

  it('a tape that does not fit the run is forgotten, and the run falls back to the map model', () => {
    const tapes = new Tapes();
    const s = { ...base, impl: 'classic', key: 'int64', value: 'ptr64', deleteRatio: 0.5 };
    run(s, { tapes });
    const k = Tapes.key(parse(s), {})!;
    const tape = tapes.get(k)!;
    // Forge the tape: one operation fewer than the run will ask for.
    tape.maps[0].ops.n -= 1;
    const r = run({ ...s, gogc: 60 }, { tapes });
    expect(r.replayed).toBe(false);
    expect(r.json).toBe(fresh({ ...s, gogc: 60 }));
    expect(tapes.get(k)).not.toBe(tape); // the run's own tape replaced the forged one
  });
});

describe('ReplayMap', () => {
  const type = mapTypeOf('struct200', 'ptr64'); // a 200-byte key is stored out of line: an allocation per insert, a drop per delete
  const record = (impl: 'classic' | 'swiss', ops: (m: GoMap) => void) => {
    const tape = new RunTape('structural');
    const heap = newHeap();
    const events: MapEvent[] = [];
    const make = (alloc: Allocator, trace: (e: MapEvent) => void) =>
      impl === 'classic' ? new ClassicMap({ type, alloc, hint: 0, seed: 3, trace }) : new SwissMap({ type, alloc, hint: 0, seed: 3, trace });
    const m = tape.record(impl, 0, heap, (e) => events.push(e), make);
    ops(m);
    tape.complete = true;
    return { tape, heap, events, shape: m.shape() };
  };
  const workload = (m: GoMap) => {
    for (let i = 0; i < 3000; i++) m.assign(i);
    for (let i = 0; i < 3000; i += 3) m.delete(i);
    m.lookup(5);
    m.clear();
    for (let i = 0; i < 200; i++) m.assign(i);
  };

  for (const impl of ['classic', 'swiss'] as const) {
    it(`${impl}: the same heap, events, results and shape as the model`, () => {
      const rec = record(impl, workload);
      const heap = newHeap();
      const events: MapEvent[] = [];
      const m = rec.tape.replay(0, impl, 0, heap, (e) => events.push(e));
      workload(m);
      expect(m.count).toBe(200);
      expect(m.shape()).toEqual(rec.shape);
      m.checkFinished();
      expect(JSON.stringify(heap.stats())).toBe(JSON.stringify(rec.heap.stats()));
      // Events a structural trace only counts come back once per type, in place and as their type alone; the
      // rest are counted (tape rule 3). The others come back as they were.
      const tally = (es: MapEvent[]) => es.reduce<Record<string, number>>((a, e) => ((a[e.type] = (a[e.type] ?? 0) + 1), a), {});
      const replayed = tally(events);
      for (const [type, n] of Object.entries(m.counted)) replayed[type] += n;
      expect(replayed).toEqual(tally(rec.events));
      const counted = new Set(Object.keys(m.counted));
      const seen = new Set<string>();
      const expected = rec.events.filter((e) => !counted.has(e.type) || (!seen.has(e.type) && seen.add(e.type)));
      expect(events.map((e) => e.type)).toEqual(expected.map((e) => e.type));
      expect(events.filter((e) => !counted.has(e.type))).toEqual(expected.filter((e) => !counted.has(e.type)));
      if (impl === 'classic') expect(counted.has('evacuate')).toBe(true);
    });
  }

  it('throws TapeMismatch for another operation, other keys, or a run that stops early', () => {
    const rec = record('swiss', workload);
    const heap = newHeap;
    const other = rec.tape.replay(0, 'swiss', 0, heap(), undefined);
    expect(() => other.delete(0)).toThrow(TapeMismatch);
    const keys = rec.tape.replay(0, 'swiss', 0, heap(), undefined);
    for (let i = 0; i < 3000; i++) keys.assign(i + 1); // other keys: caught by the running hash
    expect(() => keys.checkFinished()).toThrow(/operations/);
    const early = rec.tape.replay(0, 'swiss', 0, heap(), undefined);
    early.assign(0);
    expect(() => early.checkFinished()).toThrow(/ended after/);
    expect(() => rec.tape.replay(1, 'swiss', 0, heap(), undefined)).toThrow(TapeMismatch);
    expect(() => rec.tape.replay(0, 'classic', 0, heap(), undefined)).toThrow(TapeMismatch);
  });
});
