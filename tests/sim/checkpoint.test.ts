// A run resumed from a checkpoint (run.ts Checkpoints, fork.ts) must give exactly what a fresh run gives:
// the lab shows resumed results whenever only the deletion ratio or the rebuild policy changed.
import { describe, expect, it } from 'vitest';
import { Checkpoints, createSimulation, simulate, type SimOptions } from '../../src/sim/run';
import { deepCopy } from '../../src/sim/fork';
import { CheckpointStore, isRung, LADDER_MAX_N, type Resumable } from '../../src/sim/checkpoints';
import type { Scenario } from '../../src/sim/scenario';

const run = (scenario: object, o: SimOptions = {}) => {
  const sim = createSimulation(scenario, o);
  while (!sim.step(1));
  return { resumed: sim.resumed, from: sim.resumedDeletes, json: JSON.stringify(sim.result()) };
};

/** Runs `scenario` on `store`, checks it resumed after `from` deletes and equals a fresh run; returns it. */
const resumesFrom = (store: Checkpoints, scenario: object, from: number) => {
  const r = run(scenario, { checkpoints: store });
  expect(r.from).toBe(from);
  expect(r.json).toBe(run(scenario).json);
  return r;
};

const base = { version: 1, key: 'int64', value: 'ptr64', n: 30_000, hint: 0, gogc: 100, gomaxprocs: 2, forcedGcRuns: 2, seed: 7 };

describe('checkpoints', () => {
  for (const impl of ['classic', 'swiss'] as const) {
    it(`${impl}: resumed runs equal fresh runs, and resuming leaves the checkpoint untouched`, () => {
      const store = new Checkpoints(2);
      const variants = [
        { deleteRatio: 0.5, rebuild: null },
        { deleteRatio: 0.9, rebuild: { threshold: 0.5, hint: 'live' } },
        { deleteRatio: 0, rebuild: null },
        { deleteRatio: 0.5, rebuild: null }, // again: the first resume must not have changed the saved state
        { deleteRatio: 0.99, rebuild: { threshold: 0.25, hint: 'half' } },
      ];
      const first = run({ ...base, impl, ...variants[0] }, { checkpoints: store });
      expect(first.resumed).toBe(false);
      expect(store.size).toBe(2); // the insert-end state and one inside the delete phase
      expect(first.json).toBe(run({ ...base, impl, ...variants[0] }).json);
      for (const v of variants.slice(1)) {
        const resumed = run({ ...base, impl, ...v }, { checkpoints: store });
        expect(resumed.resumed).toBe(true);
        expect(resumed.json).toBe(run({ ...base, impl, ...v }).json);
      }
    });
  }

  it('dragging the deletion ratio: up resumes inside the delete phase, down from the insert phase', () => {
    for (const impl of ['classic', 'swiss'] as const) {
      const s = { ...base, impl };
      const store = new Checkpoints();
      const first = run({ ...s, deleteRatio: 0.5 }, { checkpoints: store });
      expect(first.resumed).toBe(false);
      // 15 000 deletes: the last chunk starts at 14 848 (58 chunks of 256), where runs deleting more resume.
      resumesFrom(store, { ...s, deleteRatio: 0.51, rebuild: { threshold: 0.3, hint: 'half' } }, 14_848);
      // 0.51's own last chunk (15 104) was only 256 deletes past the saved state, less than n/32: not saved
      resumesFrom(store, { ...s, deleteRatio: 0.6 }, 14_848);
      // 0.6's (17 920) was 3 072 further: saved
      resumesFrom(store, { ...s, deleteRatio: 0.61 }, 17_920);
      expect(resumesFrom(store, { ...s, deleteRatio: 0.2 }, 0).resumed).toBe(true);
      // the same count of deletes as the saved in-delete state: resumes there, no delete left to do
      resumesFrom(store, { ...s, deleteRatio: 5888 / 30_000 }, 5_888);
    }
  });

  it('dragging the deletion ratio down: the first step starts from the insert phase, the next ones from a rung', () => {
    for (const impl of ['classic', 'swiss'] as const) {
      const s = { ...base, impl };
      const store = new Checkpoints();
      run({ ...s, deleteRatio: 0.5 }, { checkpoints: store });
      // a fresh run keeps no rungs: insert end and its newest in-delete state only
      expect(store.size).toBe(2);
      // 13 500 deletes, below the saved 14 848: from the insert phase, offering the rungs on the way
      // (n/8 = 3 750 rounded to the 256-delete chunks: 3 840, 7 680, 11 520)
      const first = run({ ...s, deleteRatio: 0.45 }, { checkpoints: store });
      expect(first.from).toBe(0);
      expect(store.size).toBe(2 + 3);
      resumesFrom(store, { ...s, deleteRatio: 0.44 }, 11_520);
      resumesFrom(store, { ...s, deleteRatio: 0.3 }, 7_680);
      // below the lowest rung: the insert phase again
      resumesFrom(store, { ...s, deleteRatio: 0.1 }, 0);
      // upwards again: the deepest state at or below the target, rungs included
      resumesFrom(store, { ...s, deleteRatio: 0.42 }, 11_520);
    }
  });

  it('offers as rungs only multiples of about n/8, and only the three below the run’s target', () => {
    // n = 30 000, chunks of 256: spacing 3 840
    expect([3840, 7680, 11_520].map((i) => isRung(i, 13_500, 30_000, 256))).toEqual([true, true, true]);
    expect(isRung(3840, 27_000, 30_000, 256)).toBe(false); // 6 spacings below the target: would be dropped
    expect(isRung(3841, 13_500, 30_000, 256)).toBe(false);
    expect(isRung(0, 3000, 30_000, 256)).toBe(false); // the insert end is not a rung
  });

  it('wants rungs only while a drag goes down, one copy each, and not above LADDER_MAX_N keys', () => {
    for (const n of [30_000, LADDER_MAX_N + 1]) {
      const store = new CheckpointStore<Resumable>();
      const scenario = (deleteRatio: number) => ({ ...(base as unknown as Scenario), n, deleteRatio });
      store.save('k', { s: scenario(0), deletedSoFar: 0 });
      store.save('k', { s: scenario(0.5), deletedSoFar: n / 2 });
      store.get('k', scenario(0.6)); // upwards: no rungs
      expect(store.wants('k', 256, n, true)).toBe(false);
      store.get('k', scenario(0.4)); // downwards
      expect(store.wants('k', 256, n, true)).toBe(n <= LADDER_MAX_N);
      if (n > LADDER_MAX_N) continue;
      store.save('k', { s: scenario(0.4), deletedSoFar: 256 }, true);
      expect(store.wants('k', 256, n, true)).toBe(false);
    }
  });

  it('keeps the saved states within their byte budget by dropping rungs, the least recently used key’s first', () => {
    const PAGE = 4096;
    const store = new CheckpointStore<Resumable & { records: Int32Array }>(2, 3 * PAGE);
    // A saved state as the store gets it: a copy made through its pool, here with one 4 KiB buffer.
    const state = (deleteRatio: number, deletedSoFar: number) =>
      deepCopy({ s: { ...(base as unknown as Scenario), deleteRatio }, deletedSoFar, records: new Int32Array(PAGE / 4) }, store.pool);
    store.save('a', state(0, 0));
    store.save('a', state(0.5, 15_000));
    store.save('a', state(0.4, 3840), true);
    expect([store.size, store.savedBytes]).toEqual([3, 3 * PAGE]);
    store.save('b', state(0, 0)); // over: key a's rung goes, a is the least recently used
    expect([store.size, store.savedBytes]).toEqual([3, 3 * PAGE]);
    expect(store.get('a', { ...(base as unknown as Scenario), deleteRatio: 0.45 })?.deletedSoFar).toBe(0);
    store.save('b', state(0.2, 3840), true); // over again: a has no rung left, so b's own goes
    expect([store.size, store.savedBytes]).toEqual([3, 3 * PAGE]);
    // insert-end and in-delete states are never dropped for bytes
    expect(store.get('a', { ...(base as unknown as Scenario), deleteRatio: 0.6 })?.deletedSoFar).toBe(15_000);
    expect(store.get('b', { ...(base as unknown as Scenario), deleteRatio: 0.3 })?.deletedSoFar).toBe(0);
  });

  it('a classic growth still under way at the checkpoint: the resumed deletes evacuate and report it', () => {
    // 6.5 · 2^12 = 26 624: the insert of key 26 625 starts growing to B = 13, and the last inserts move only
    // a few of the 4096 old buckets, so the delete phase finishes the evacuation (map events after the fork).
    const s = { ...base, impl: 'classic', n: 26_700 };
    const o: SimOptions = { traceDetail: 'all', traceLimit: 100_000 };
    const store = new Checkpoints();
    run({ ...s, deleteRatio: 0.2 }, { ...o, checkpoints: store });
    const resumed = run({ ...s, deleteRatio: 0.6 }, { ...o, checkpoints: store });
    expect(resumed.resumed).toBe(true);
    const fresh = run({ ...s, deleteRatio: 0.6 }, o);
    const events = JSON.parse(fresh.json).trace as { type: string; atNs: number }[];
    const deleteStart = events.find((e) => e.type === 'phase' && (e as { phase?: string }).phase === 'delete')!.atNs;
    expect(events.some((e) => e.type === 'evacuate' && e.atNs >= deleteStart)).toBe(true);
    expect(resumed.json).toBe(fresh.json);
  });

  it('string keys, background allocation and GOMEMLIMIT: the resumed run equals a fresh one', () => {
    const s = { ...base, impl: 'classic', key: 'string16', value: 'string32', gomemlimit: 64 << 20, backgroundAlloc: { bytesPerSec: 50e6, objectBytes: 256 } };
    const store = new Checkpoints();
    run({ ...s, deleteRatio: 0.3 }, { checkpoints: store });
    const resumed = run({ ...s, deleteRatio: 0.7, rebuild: { threshold: 0.5, hint: 'live' } }, { checkpoints: store });
    expect(resumed.resumed).toBe(true);
    expect(resumed.json).toBe(run({ ...s, deleteRatio: 0.7, rebuild: { threshold: 0.5, hint: 'live' } }).json);
  });

  it('anything the insert phase depends on gives another key', () => {
    const store = new Checkpoints(4);
    run({ ...base, impl: 'swiss', deleteRatio: 0.5 }, { checkpoints: store });
    for (const change of [{ n: 30_001 }, { gogc: 50 }, { seed: 8 }, { value: 'int64' }, { hint: 100 }]) {
      expect(run({ ...base, impl: 'swiss', deleteRatio: 0.5, ...change }, { checkpoints: store }).resumed).toBe(false);
    }
    // other recording options give another key too
    expect(run({ ...base, impl: 'swiss', deleteRatio: 0.5 }, { checkpoints: store, maxSeriesPoints: 100 }).resumed).toBe(false);
    expect(store.size).toBe(8); // capacity: 4 keys, each with its insert-end and in-delete states
  });

  it('churn and tts runs have no checkpoint', () => {
    const store = new Checkpoints();
    const churn = { ...base, impl: 'swiss', n: 0, churn: { insertsPerSec: 20_000, ttlMs: 20, durationMs: 50, delete: true } };
    run(churn, { checkpoints: store });
    expect(store.size).toBe(0);
    expect(Checkpoints.key(simulate(churn).scenario, {})).toBeNull();
  });
});

describe('deepCopy', () => {
  it('keeps prototypes, shared references and typed arrays, and copies them apart from the original', () => {
    class Box {
      constructor(public xs: Int32Array, public peer: { v: number }) {}
      sum() {
        return this.xs.reduce((a, b) => a + b, 0);
      }
    }
    const peer = { v: 1 };
    const a = { one: new Box(Int32Array.of(1, 2), peer), two: new Box(Int32Array.of(3), peer), m: new Map([[1, peer]]) };
    const c = deepCopy(a);
    expect(c.one).toBeInstanceOf(Box);
    expect(c.one.sum()).toBe(3);
    expect(c.one.peer).toBe(c.two.peer); // shared stays shared
    expect(c.m.get(1)).toBe(c.one.peer);
    c.one.xs[0] = 100;
    c.one.peer.v = 5;
    expect(a.one.xs[0]).toBe(1);
    expect(peer.v).toBe(1);
  });

  it('buffers of dead copies are reused (fork.ts rule 6) without changing any result, earlier ones included', () => {
    for (const impl of ['classic', 'swiss'] as const) {
      const store = new Checkpoints(1);
      const s = { ...base, impl, n: 20_000 };
      const results: { r: ReturnType<typeof simulate>; json: string; ratio: number }[] = [];
      for (const ratio of [0.5, 0.55, 0.6, 0.7, 0.8, 0.3, 0.9]) {
        const sim = createSimulation({ ...s, deleteRatio: ratio }, { checkpoints: store });
        while (!sim.step(1));
        const r = sim.result();
        expect(sim.result()).toBe(r); // computed once: the run's buffers are given back after it
        results.push({ r, json: JSON.stringify(r), ratio });
      }
      expect(store.pool.spareBytes).toBeGreaterThan(0);
      for (const { r, json, ratio } of results) {
        expect(JSON.stringify(r)).toBe(json); // nothing a result holds was reused
        expect(json).toBe(JSON.stringify(simulate({ ...s, deleteRatio: ratio })));
      }
    }
  });
});
