// The occupancy replay resumed from its insert end (OccupancyCheckpoints) gives the frames a fresh replay
// gives: the lab shows resumed frames whenever only the deletion ratio or the rebuild policy changed.
import { describe, expect, it } from 'vitest';
import { createOccupancy, occupancyFrames, OccupancyCheckpoints } from '../../src/worker/sim-occupancy';
import { parseScenario, type Scenario } from '../../src/sim/scenario';

const scenario = (o: object): Scenario => {
  const r = parseScenario(o);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
};

function replay(s: Scenario, store: OccupancyCheckpoints) {
  const r = createOccupancy(s, store);
  while (!r.step());
  return { resumed: r.resumed, from: r.resumedDeletes, json: JSON.stringify(r.result()) };
}

describe('occupancy checkpoints', () => {
  for (const impl of ['classic', 'swiss'] as const) {
    // 26 700: a classic growth (6.5 · 2^12 = 26 624) is still evacuating at the insert end, so the resumed
    // deletes report evacuation steps (the copy must report them to itself).
    for (const n of [1500, 26_700, 40_000]) {
      it(`${impl}, n = ${n}: resumed replays equal fresh ones, and the saved state stays untouched`, () => {
        const store = new OccupancyCheckpoints();
        const base = { impl, key: 'int64', value: 'ptr64', n, seed: 3 };
        const variants = [
          { deleteRatio: 0.5, rebuild: null },
          { deleteRatio: 0.9, rebuild: { threshold: 0.5, hint: 'half' } },
          { deleteRatio: 0, rebuild: null },
          { deleteRatio: 0.5, rebuild: null },
        ];
        variants.forEach((v, i) => {
          const s = scenario({ ...base, ...v });
          const got = replay(s, store);
          expect(got.resumed).toBe(i > 0);
          expect(got.json).toBe(JSON.stringify(occupancyFrames(s)));
        });
      });
    }
  }

  it('a drag of the deletion ratio downwards keeps rungs, and replays from them equal fresh ones', () => {
    const store = new OccupancyCheckpoints();
    const base = { impl: 'classic', key: 'int64', value: 'ptr64', n: 24_000, seed: 5 };
    replay(scenario({ ...base, deleteRatio: 0.8 }), store);
    expect(store.size).toBe(2); // a fresh replay: insert end and its last state
    replay(scenario({ ...base, deleteRatio: 0.7 }), store); // down: from the insert end, rungs every 3 000 deletes
    expect(store.size).toBe(2 + 3);
    // kept: the last three offered before 16 800 deletes (9 000, 12 000, 15 000)
    for (const [deleteRatio, from] of [[0.69, 15_000], [0.5, 12_000], [0.3, 0]]) {
      const s = scenario({ ...base, deleteRatio });
      const got = replay(s, store);
      expect([got.resumed, got.from]).toEqual([true, from]);
      expect(got.json).toBe(JSON.stringify(occupancyFrames(s)));
    }
  });

  it('another insert phase, or churn, does not resume', () => {
    const store = new OccupancyCheckpoints();
    replay(scenario({ n: 3000, deleteRatio: 0.5 }), store);
    expect(replay(scenario({ n: 3001, deleteRatio: 0.5 }), store).resumed).toBe(false);
    expect(replay(scenario({ n: 3000, deleteRatio: 0.5, seed: 9 }), store).resumed).toBe(false);
    expect(OccupancyCheckpoints.key(scenario({ n: 0, churn: { durationMs: 10 } }))).toBeNull();
  });

  it('GC settings do not change the frames, so replays under other ones resume from the same state', () => {
    const store = new OccupancyCheckpoints();
    const base = { impl: 'classic', key: 'string16', value: 'ptr64', n: 5000, seed: 4, deleteRatio: 0.5 };
    replay(scenario(base), store);
    const gc = { gogc: 30, gomemlimit: 1 << 26, gomaxprocs: 6, forcedGcRuns: 1, backgroundAlloc: { bytesPerSec: 1e6, objectBytes: 32 } };
    const other = scenario({ ...base, ...gc, deleteRatio: 0.7 });
    const got = replay(other, store);
    expect(got.resumed).toBe(true);
    expect(got.json).toBe(JSON.stringify(occupancyFrames(scenario({ ...base, deleteRatio: 0.7 }))));
  });

  it('resumed replays give their buffers back without changing any frame, earlier ones included', () => {
    const store = new OccupancyCheckpoints(1);
    const base = { impl: 'classic', key: 'int64', value: 'ptr64', n: 26_700, seed: 5 };
    const kept: { json: string; r: unknown; ratio: number }[] = [];
    for (const ratio of [0.5, 0.6, 0.7, 0.9, 0.4]) {
      const r = createOccupancy(scenario({ ...base, deleteRatio: ratio }), store);
      while (!r.step());
      kept.push({ r: r.result(), json: JSON.stringify(r.result()), ratio });
    }
    expect(store.pool.spareBytes).toBeGreaterThan(0);
    for (const { r, json, ratio } of kept) {
      expect(JSON.stringify(r)).toBe(json);
      expect(json).toBe(JSON.stringify(occupancyFrames(scenario({ ...base, deleteRatio: ratio }))));
    }
  });
});
