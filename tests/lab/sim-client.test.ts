/** The page side of the worker protocol: stale answers are dropped, a failing worker fails every waiter. */
import { describe, expect, it } from 'vitest';
import { run, setWorkerFactory } from '../../src/worker/sim-client';
import { toWire, type RunRequest, type SimResponse, type WireResult } from '../../src/worker/sim-protocol';
import type { ResultLike } from '../../src/components/lab/data/result';

/** A result with a series as the worker's forViews makes it; the goal is Infinity where GOGC=off has none. */
const RESULT: ResultLike = {
  phases: [],
  cycles: [],
  series: [
    { tNs: 0, heapAlloc: 1024, heapGoal: 4 * 2 ** 20, heapLive: 512, mapBytes: 48 },
    { tNs: 1.5e6, heapAlloc: 3.25 * 2 ** 20, heapGoal: Infinity, heapLive: 2 ** 20, mapBytes: 8192 },
    { tNs: 2e6, heapAlloc: 0.1, heapGoal: 2 ** 53, heapLive: 0, mapBytes: 0 },
  ],
  trace: [{ type: 'phase', atNs: 0, phase: 'insert', edge: 'begin' }],
};

/** A stand-in worker that answers each request a few ms later, in order, like the real one. */
class FakeWorker {
  onmessage: ((ev: { data: SimResponse }) => void) | null = null;
  onerror: ((ev: { message: string }) => void) | null = null;
  seen: RunRequest[] = [];
  /** What the next answer carries as its result (on the wire). */
  result: WireResult | undefined;
  /** Progress reports sent before each answer, as fractions. */
  progress: number[] = [];
  crash = false;
  terminated = false;
  postMessage(req: RunRequest) {
    this.seen.push(req);
    for (const fraction of this.progress) setTimeout(() => this.onmessage?.({ data: { type: 'progress', id: req.id, channel: req.channel, fraction, phase: 'insert' } }), 1);
    setTimeout(() => {
      if (this.crash) this.onerror?.({ message: 'out of memory' });
      else this.onmessage?.({ data: { type: 'result', id: req.id, channel: req.channel, scenario: req.input as never, notes: [], result: this.result, ms: 1, resumed: false, replayed: false, timing: { receivedAt: 0, postedAt: 0 } } });
    }, 5);
  }
  terminate() {
    this.terminated = true;
  }
}

const workers: FakeWorker[] = [];
const fakeFactory = () => {
  const w = new FakeWorker();
  workers.push(w);
  return w as unknown as Worker;
};
setWorkerFactory(fakeFactory, { lanes: 2 });

describe('sim-client', () => {
  it('answers the newest request of a channel and drops the ones it superseded', async () => {
    const first = run('t1:a', { n: 1 });
    const second = run('t1:a', { n: 2 });
    const other = run('t1:b', { n: 3 });
    expect(await first).toBeNull();
    const s = await second;
    expect(s?.type === 'result' && s.scenario).toEqual({ n: 2 });
    const o = await other;
    expect(o?.type === 'result' && o.scenario).toEqual({ n: 3 });
    // Every request reached the one worker (it drops queued ones itself); the page ignored the stale answer.
    expect(workers).toHaveLength(1);
    expect(workers[0].seen.map((r) => r.input.n)).toEqual([1, 2, 3]);
  });

  it('passes the request kind through', async () => {
    await run('t2:occ', { n: 4 }, 'occupancy');
    expect(workers[0].seen.at(-1)?.kind).toBe('occupancy');
    await run('t2:a', { n: 4 });
    expect(workers[0].seen.at(-1)?.kind).toBe('sim');
  });

  it('a crashed worker answers every waiter with an error, and the next request starts a new one', async () => {
    workers[0].crash = true;
    const answer = await run('t3:a', { n: 5 });
    expect(answer?.type).toBe('error');
    expect(answer?.type === 'error' && answer.message).toBe('the simulator worker failed: out of memory');
    expect(workers[0].terminated).toBe(true);
    const again = await run('t3:a', { n: 6 });
    expect(workers).toHaveLength(2);
    expect(again?.type).toBe('result');
  });

  it('unpacks the series the worker packed into one transferred buffer, every value as it was', async () => {
    const { wire, transfer } = toWire(RESULT);
    expect(wire.series?.data).toBeInstanceOf(Float64Array);
    expect(transfer).toEqual([wire.series!.data.buffer]);
    expect(wire.trace).toBe(RESULT.trace);
    const w = workers.at(-1)!;
    w.result = wire;
    const answer = await run('t4:a', { n: 7 });
    w.result = undefined;
    expect(answer?.type === 'result' && answer.result).toEqual(RESULT);
  });

  it('leaves a result without a series as it is', () => {
    const bare: ResultLike = { phases: [], cycles: [] };
    expect(toWire(bare)).toEqual({ wire: bare, transfer: [] });
  });

  it('passes progress reports of the newest request to its listener, and none of a superseded one', async () => {
    const w = workers.at(-1)!;
    w.progress = [0.25, 0.5];
    const heardOld: number[] = [];
    const heardNew: string[] = [];
    const old = run('t5:a', { n: 8 }, 'sim', { onProgress: (p) => heardOld.push(p.fraction) });
    const cur = run('t5:a', { n: 9 }, 'sim', { onProgress: (p) => heardNew.push(`${p.fraction} ${p.phase}`) });
    expect(await old).toBeNull();
    expect((await cur)?.type).toBe('result');
    w.progress = [];
    expect(heardOld).toEqual([]);
    expect(heardNew).toEqual(['0.25 insert', '0.5 insert']);
  });

  it('marks a warm request as such, and only that one', async () => {
    await run('t6:warm', { n: 10 }, 'sim', { warm: true });
    expect(workers.at(-1)!.seen.at(-1)?.warm).toBe(true);
    await run('t6:a', { n: 10 });
    expect(workers.at(-1)!.seen.at(-1)).not.toHaveProperty('warm');
  });

  it('runs lane 1 (scenario B, the occupancy replay) in a second worker; its crash fails only its own waiters', async () => {
    const laneA = workers.at(-1)!;
    const before = workers.length;
    const b = run('t7:b', { n: 11 }, 'sim', { lane: 1 });
    const a = run('t7:a', { n: 12 });
    expect(workers).toHaveLength(before + 1);
    const laneB = workers.at(-1)!;
    expect(laneB.seen.map((r) => r.input.n)).toEqual([11]);
    expect(laneA.seen.at(-1)?.input.n).toBe(12);
    await Promise.all([a, b]);
    laneB.crash = true;
    const [crashed, fine] = await Promise.all([run('t7:occ', { n: 13 }, 'occupancy', { lane: 1 }), run('t7:a', { n: 14 })]);
    expect(crashed?.type).toBe('error');
    expect(fine?.type === 'result' && fine.scenario).toEqual({ n: 14 });
    expect(laneB.terminated).toBe(true);
    expect(laneA.terminated).toBe(false);
    // The lane starts a new worker; lane 0's goes on.
    expect((await run('t7:occ', { n: 15 }, 'occupancy', { lane: 1 }))?.type).toBe('result');
    expect(workers).toHaveLength(before + 2);
  });

  it('folds lane 1 into lane 0 on a machine with few cores', async () => {
    setWorkerFactory(fakeFactory, { lanes: 1 });
    const before = workers.length;
    const one = workers.find((w) => !w.terminated && w.seen.some((r) => r.channel === 't7:a'))!; // lane 0's worker
    await run('t8:b', { n: 16 }, 'sim', { lane: 1 });
    expect(workers).toHaveLength(before);
    expect(one.seen.at(-1)?.input.n).toBe(16);
    setWorkerFactory(fakeFactory, { lanes: 2 });
  });
});
