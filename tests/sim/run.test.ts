// The workload driver (run.ts): phases, determinism, invariants of the output, incremental API.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, SimCancelled, simulate, type SimResult } from '../../src/sim/run';
import { parseScenario, type Scenario } from '../../src/sim/scenario';

const scenario = (s: Record<string, unknown>): Scenario => {
  const r = parseScenario({ forcedGcRuns: 2, ...s });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
};

/** Output invariants every run must satisfy. */
function checkInvariants(r: SimResult) {
  let last = -1;
  for (const p of r.series) {
    expect(p.tNs).toBeGreaterThanOrEqual(last);
    last = p.tNs;
    for (const v of [p.heapAlloc, p.heapInuse, p.heapGoal, p.heapLive, p.mapBytes, p.count]) expect(v).toBeGreaterThanOrEqual(0);
    expect(p.heapInuse).toBeGreaterThanOrEqual(p.heapAlloc);
    expect(p.heapAlloc).toBeGreaterThanOrEqual(p.heapLive);
  }
  last = -1;
  for (const p of r.phases) {
    expect(p.startNs).toBeGreaterThanOrEqual(last);
    last = p.startNs;
    for (const v of [p.heapAlloc, p.heapInuse, p.heapObjects, p.mapBytes, p.durNs, p.pauseTotalNs]) expect(v).toBeGreaterThanOrEqual(0);
    expect(p.heapAlloc).toBeGreaterThanOrEqual(p.mapBytes);
  }
  last = -1;
  for (const c of r.cycles) {
    expect(c.startNs).toBeGreaterThan(last);
    last = c.startNs;
    for (const v of [c.stw1Ns, c.markNs, c.stw2Ns, c.assistCpuNs, c.bgCpuNs, c.idleCpuNs, c.heapLive, c.scanWork]) {
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(c.heapEnd).toBeGreaterThanOrEqual(c.heapStart);
  }
  last = -1;
  for (const e of r.trace) {
    expect(e.atNs).toBeGreaterThanOrEqual(last);
    last = e.atNs;
  }
}

describe('phases (run rules 1–6)', () => {
  it('runs start → insert → delete → gc → rebuild_gc with the result format fields', () => {
    const r = simulate(scenario({ n: 20000, deleteRatio: 0.9, rebuild: { threshold: 0.3, hint: 'live' } }));
    expect(r.phases.map((p) => p.phase)).toEqual(['start', 'insert', 'delete', 'gc', 'rebuild_gc']);
    const [start, insert, del, gc, rebuild] = r.phases;
    expect(start.count).toBe(0);
    expect(insert.count).toBe(20000);
    expect(insert.B).toBe(12); // 6.5·2^11 = 13312 < 20000 ≤ 26624
    expect(del.count).toBe(2000);
    expect(del.B).toBe(12); // delete never shrinks
    expect(gc.heapAlloc).toBeLessThan(del.heapAlloc); // the deleted entries' objects are freed
    expect(rebuild.B).toBe(9); // make(map, 2000): 1664 < 2000 ≤ 3328
    expect(rebuild.mapBytes).toBeLessThan(gc.mapBytes / 5);
    expect(insert.forcedGcNs?.runs).toBe(2);
    expect(r.source).toMatch(/^sim /);
    checkInvariants(r);
  });

  it('leaves out delete without deletes, and rebuild below its threshold', () => {
    expect(simulate(scenario({ n: 5000, deleteRatio: 0 })).phases.map((p) => p.phase)).toEqual(['start', 'insert']);
    const r = simulate(scenario({ n: 5000, deleteRatio: 0.2, rebuild: { threshold: 0.3, hint: 'live' } }));
    expect(r.phases.map((p) => p.phase)).toEqual(['start', 'insert', 'delete', 'gc']);
  });

  it('rebuild with hint half uses len/2', () => {
    const r = simulate(scenario({ n: 20000, deleteRatio: 0.5, rebuild: { threshold: 0, hint: 'half' } }));
    // make(map, 5000): B = 10; the 10000 entries then grow it to B = 11
    expect(r.phases.at(-1)!.B).toBe(11);
    expect(r.trace.filter((e) => e.type === 'rebuild')).toMatchObject([{ fromCount: 10000, hint: 5000 }]);
  });

  it('churn replaces delete/gc/rebuild and keeps the live set near rate × ttl', () => {
    const r = simulate(scenario({ n: 0, churn: { durationMs: 300, insertsPerSec: 100000, ttlMs: 50, delete: true } }));
    expect(r.phases.map((p) => p.phase)).toEqual(['start', 'churn_end']);
    const end = r.phases[1];
    expect(end.count).toBeGreaterThan(4000);
    expect(end.count).toBeLessThan(6000);
    expect(r.summary.lagMaxNs).not.toBeNull();
    checkInvariants(r);
  });

  it('churn without delete keeps every entry', () => {
    const r = simulate(scenario({ n: 0, churn: { durationMs: 100, insertsPerSec: 100000, ttlMs: 10, delete: false } }));
    expect(r.phases[1].count).toBeGreaterThan(9000);
  });

  it('runs Swiss maps with go1.26 rules', () => {
    const r = simulate(scenario({ impl: 'swiss', n: 20000, deleteRatio: 0.5, rebuild: { threshold: 0, hint: 'live' } }));
    const insert = r.phases[1];
    expect(insert.B).toBeNull();
    expect(insert.tables).toBeGreaterThan(0);
    expect(insert.capacity).toBeGreaterThanOrEqual(20000);
    checkInvariants(r);
  });

  it('a background allocator adds GC cycles without changing the map', () => {
    const quiet = simulate(scenario({ n: 20000, deleteRatio: 0 }));
    const busy = simulate(scenario({ n: 20000, deleteRatio: 0, backgroundAlloc: { bytesPerSec: 2e9, objectBytes: 64 } }));
    expect(busy.summary.numGC).toBeGreaterThan(quiet.summary.numGC);
    expect(busy.phases[1].mapBytes).toBe(quiet.phases[1].mapBytes);
  });
});

describe('determinism and invariants (run rule 8)', () => {
  const arb = fc.record({
    impl: fc.constantFrom('classic', 'swiss'),
    key: fc.constantFrom('int64', 'string16'),
    value: fc.constantFrom('int64', 'struct64', 'string32', 'ptr64', 'ptr1024', 'ptrshared'),
    n: fc.integer({ min: 0, max: 3000 }),
    hint: fc.constantFrom(0, 100, 3000),
    deleteRatio: fc.constantFrom(0, 0.3, 0.99),
    gogc: fc.constantFrom(-1, 10, 100),
    gomaxprocs: fc.integer({ min: 1, max: 4 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
  });

  it('the same scenario and seed give the same result', () => {
    fc.assert(
      fc.property(arb, (s) => {
        const a = simulate(scenario({ ...s, rebuild: { threshold: 0, hint: 'live' } }));
        const b = simulate(scenario({ ...s, rebuild: { threshold: 0, hint: 'live' } }));
        expect(b).toEqual(a);
        checkInvariants(a);
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it('the seed moves the hash: overflow counts differ between seeds', () => {
    const over = (seed: number) => simulate(scenario({ n: 50000, deleteRatio: 0, seed })).phases[1].overflowBuckets;
    expect(new Set([1, 2, 3, 4].map(over)).size).toBeGreaterThan(1);
  });
});

describe('bounded output and the incremental API', () => {
  it('keeps the series and the trace within their bounds', () => {
    const r = simulate(scenario({ n: 200000, deleteRatio: 0.9 }), { maxSeriesPoints: 50, traceLimit: 100, traceDetail: 'all' });
    expect(r.series.length).toBeLessThan(100);
    expect(r.trace.length).toBe(100);
    expect(Object.values(r.traceDropped).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(r.traceCounts.evacuate).toBeGreaterThan(1000);
  });

  it('records growth and GC events in the order they happened', () => {
    const r = simulate(scenario({ n: 100000, deleteRatio: 0 }));
    const types = new Set(r.trace.map((e) => e.type));
    for (const t of ['grow', 'growDone', 'gcStart', 'stw', 'markDone', 'phase', 'forcedGc']) expect(types).toContain(t);
    expect(types).not.toContain('evacuate'); // structural detail only by default
  });

  it('stepping chunk by chunk gives the same result as simulate, with rising progress', () => {
    const s = scenario({ n: 60000, deleteRatio: 0.5, rebuild: { threshold: 0, hint: 'live' } });
    const sim = createSimulation(s);
    const fractions: number[] = [];
    while (!sim.step()) fractions.push(sim.progress().fraction);
    expect(fractions.length).toBeGreaterThan(3);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(sim.progress().fraction).toBe(1);
    expect(sim.result()).toEqual(simulate(s));
  });

  it('cancels when the progress callback says so', () => {
    let calls = 0;
    expect(() => simulate(scenario({ n: 100000 }), { onProgress: () => ++calls < 2 })).toThrow(SimCancelled);
    expect(calls).toBe(2);
  });

  it('rejects an invalid scenario with the field-named message', () => {
    expect(() => simulate({ deleteRatio: 2 })).toThrow('invalid scenario: deleteRatio: 2 is out of range (expected 0..1)');
  });
});

describe('time to stop in the workloads (gc rules 2, 10, 11; run rules 7, 10)', () => {
  it('a growth section of a pointerful map stretches a pause that the background goroutine asks for (2 Ps only)', () => {
    const base = { key: 'string16', value: 'ptr64', n: 2e6, deleteRatio: 0.5, rebuild: { threshold: 0, hint: 'live' }, forcedGcRuns: 1 };
    const bg = { backgroundAlloc: { bytesPerSec: 200e6, objectBytes: 64 } };
    const two = simulate(scenario({ ...base, ...bg, gomaxprocs: 2 }));
    const long = two.cycles.filter((c) => c.timeToStopNs > 1e6);
    expect(long.length).toBeGreaterThan(0);
    for (const c of long) expect(c.forced).toBe(false); // started by the background goroutine's allocation
    expect(two.summary.maxTimeToStopNs).toBeGreaterThan(1e6);
    const one = simulate(scenario({ ...base, ...bg, gomaxprocs: 1 }));
    expect(one.summary.maxTimeToStopNs).toBe(0);
    // Without the other goroutine the mutator starts its cycles itself, after its sections.
    const alone = simulate(scenario({ ...base, gomaxprocs: 2 }));
    expect(alone.summary.maxTimeToStopNs).toBeLessThan(1e6);
  });

  it('mode tts: the harness program, with its window, calls and ops', () => {
    const s = scenario({ key: 'string16', value: 'ptr64', mode: 'tts', tts: { op: 'clear', hint: 1e6, gcs: 6, gapMs: 10 } });
    const r = simulate(s);
    expect(r.phases).toEqual([]);
    const t = r.tts!;
    expect(t.gcWallNs.length).toBe(6);
    expect(t.ops).toBeGreaterThan(6);
    expect(t.window.numGcTo - t.window.numGcFrom).toBe(t.pauseNs.length);
    expect(t.pauseNs.filter((_, i) => r.cycles[t.window.numGcFrom + i].forced).length).toBe(6);
    expect(t.stopNs.length).toBe(2 * t.pauseNs.length);
    // mapclear of a 58 MB pointerful array under the write barrier: a mark termination waits for one clear.
    expect(t.pauseMedianNs).toBeGreaterThan(5e6);
    expect(t.mapBytes).toBe(57_933_896); // B = 18 with hint 1e6 (FORMAT.md example)
    expect(simulate(s)).toEqual(r);
    checkInvariants(r);
  });

  it('mode tts idle: main alone, nothing to stop', () => {
    const r = simulate(scenario({ mode: 'tts', tts: { op: 'idle', hint: 0, gcs: 4, gapMs: 10 } }));
    expect(r.tts!.gcWallNs.length).toBe(4);
    expect(r.tts!.ops).toBe(0);
    expect(r.tts!.stopNs.every((x) => x === 0)).toBe(true);
  });
});
