// The runtime model (gc.ts rules) driven by synthetic allocation workloads, without a map.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/sim/heap';
import { Runtime, type GcCostModel } from '../../src/sim/gc';

const MiB = 1 << 20;

/** Round numbers, so expectations can be computed by hand. */
const costs: GcCostModel = {
  scanBytesPerNs: 1,
  markNsPerPointer: 0,
  markNsPerObject: () => 10,
  spanMetaBytes: 160,
  markFixedNs: 100_000,
  markUtilization: 1,
  stwSweepTermNs: 20_000,
  stwMarkTermNs: 5_000,
  preemptNs: 0,
  forcedGcOverheadNs: 0,
  sweepNsPerSpan: 0,
  stackScanBytes: 0,
  globalsScanBytes: 0,
};

function runtime(o: { procs?: number; gogc?: number; limit?: number | null; rules?: 'go1.19' | 'go1.26'; costs?: Partial<GcCostModel> } = {}) {
  const heap = new Heap({
    rules: o.rules ?? 'go1.19',
    baseline: { bytes: 0, objects: 0, inuseBytes: 0 },
    zeroBytesPerNs: 1,
    nonHeapBytes: 0,
  });
  const rt = new Runtime({
    heap,
    costs: { ...costs, ...o.costs },
    procs: o.procs ?? 2,
    gcPercent: o.gogc ?? 100,
    memoryLimit: o.limit ?? null,
    rules: o.rules === 'go1.26' ? 'go1.21+' : 'go1.19',
  });
  return { heap, rt };
}

/** Allocate `bytes` of short-lived garbage (64-byte objects by default), 100 ns of mutator work per object. */
function churn(h: Heap, rt: Runtime, bytes: number, size = 64) {
  const s = h.shape(size, false, 0);
  for (let i = 0; i < bytes / size; i++) {
    h.allocN(s, 1);
    h.dropN(s, 1);
    rt.mutate(100);
  }
}

describe('cycle start (pacer P7, gc rule 5)', () => {
  it('starts a cycle on the allocation that reaches the trigger, not before', () => {
    const { heap, rt } = runtime();
    const trigger = rt.pacer.trigger().trigger;
    churn(heap, rt, trigger - 64);
    expect(rt.numGC).toBe(0);
    churn(heap, rt, 64);
    expect(rt.numGC).toBe(1);
    expect(rt.cycles.length + (rt.phase === 'mark' ? 1 : 0)).toBe(1);
  });

  it('never starts one with GOGC off and no memory limit', () => {
    const { heap, rt } = runtime({ gogc: -1 });
    churn(heap, rt, 64 * MiB);
    expect(rt.numGC).toBe(0);
    expect(heap.heapAlloc()).toBe(64 * MiB);
    rt.forceGC();
    expect(rt.numGC).toBe(1);
    expect(heap.heapAlloc()).toBe(0);
  });

  it('collects at the memory limit with GOGC off', () => {
    const { heap, rt } = runtime({ gogc: -1, limit: 32 * MiB });
    churn(heap, rt, 128 * MiB);
    expect(rt.numGC).toBeGreaterThanOrEqual(3);
    for (const c of rt.cycles) expect(c.heapGoal).toBeLessThanOrEqual(32 * MiB);
  });

  it('cycles more often at a lower GOGC', () => {
    const counts = [50, 100, 200].map((gogc) => {
      const { heap, rt } = runtime({ gogc });
      heap.allocN(heap.shape(1024, false, 0), 16 * 1024); // 16 MiB live
      churn(heap, rt, 96 * MiB);
      return rt.numGC;
    });
    expect(counts[0]).toBeGreaterThan(counts[1]);
    expect(counts[1]).toBeGreaterThan(counts[2]);
  });
});

describe('mark work and pauses (gc rules 1, 3, 8)', () => {
  function forcedWith(scan: boolean) {
    const { heap, rt } = runtime();
    heap.allocN(heap.shape(32 * MiB, scan, scan ? 32 * MiB : 0), 1);
    const ns = rt.forceGC();
    return { ns, cycle: rt.cycles[rt.cycles.length - 1] };
  }

  it('reads pointerful memory and skips pointer-free memory', () => {
    const noscan = forcedWith(false);
    const scan = forcedWith(true);
    // fixed 100 µs + one object (10 ns) on 2 Ps; plus 32 MiB at 1 B/ns when scanned
    expect(noscan.cycle.markCpuNs).toBe(100_000 + 10);
    expect(scan.cycle.markCpuNs).toBe(100_000 + 10 + 32 * MiB);
    expect(scan.cycle.markNs).toBeCloseTo((100_010 + 32 * MiB) / 2, 3);
    expect(scan.cycle.scanWork).toBe(32 * MiB);
  });

  it('keeps both pauses fixed whatever the heap size', () => {
    for (const liveMiB of [1, 64, 512]) {
      const { heap, rt } = runtime();
      heap.allocN(heap.shape(liveMiB * MiB, true, liveMiB * MiB), 1);
      churn(heap, rt, 2 * liveMiB * MiB + 8 * MiB, 8192);
      const natural = rt.cycles.filter((c) => !c.forced);
      expect(natural.length).toBeGreaterThan(0);
      for (const c of natural) {
        expect(c.stw1Ns).toBe(20_000);
        expect(c.stw2Ns).toBe(5_000);
      }
    }
  });

  it('runtime.GC() finishes a running cycle first, then runs its own and sweeps', () => {
    const { heap, rt } = runtime();
    heap.allocN(heap.shape(8 * MiB, true, 8 * MiB), 1);
    const trigger = rt.pacer.trigger().trigger;
    const s = heap.shape(64, false, 0);
    while (rt.phase !== 'mark') {
      heap.allocN(s, 1);
      heap.dropN(s, 1);
    }
    expect(rt.pacer.heapLive).toBeGreaterThanOrEqual(trigger);
    rt.forceGC();
    expect(rt.cycles.map((c) => c.forced)).toEqual([false, true]);
    expect(heap.sweeping).toBe(false);
    expect(heap.heapAlloc()).toBe(8 * MiB);
  });
});

describe('time to stop (gc rule 2)', () => {
  function markThenBlock(preemptible: boolean, rules: 'go1.19' | 'go1.26' = 'go1.19') {
    const { heap, rt } = runtime({ rules });
    heap.allocN(heap.shape(16 * MiB, true, 16 * MiB), 1); // 16.8 ms of mark CPU
    const s = heap.shape(64, false, 0);
    while (rt.phase !== 'mark') {
      heap.allocN(s, 1);
      heap.dropN(s, 1);
    }
    // The mutator enters a 50 ms operation; the mark (on the idle P) ends in its middle.
    if (preemptible) rt.mutate(50e6);
    else rt.nonPreemptible(50e6);
    return rt.cycles[rt.cycles.length - 1];
  }

  it('a mark termination that falls inside a non-preemptible operation waits for its end', () => {
    const c = markThenBlock(false);
    expect(c.timeToStopNs).toBeGreaterThan(30e6);
    expect(c.stw2Ns).toBe(c.timeToStopNs + 5_000);
  });

  it('a preemptible operation does not delay the pause', () => {
    const c = markThenBlock(true);
    expect(c.timeToStopNs).toBe(0);
    expect(c.stw2Ns).toBe(5_000);
  });

  it('reused pages of a large pointerful allocation are zeroed non-preemptibly in go1.19 only', () => {
    const stw = (rules: 'go1.19' | 'go1.26') => {
      const { heap, rt } = runtime({ rules });
      const big = { size: 64 * MiB, scan: true, scanBytes: 64 * MiB, tag: 'buckets' as const };
      heap.allocN(heap.shape(16 * MiB, true, 16 * MiB), 1);
      heap.drop(heap.alloc(big));
      heap.drop(heap.alloc(big));
      rt.forceGC(); // frees 128 MiB of pages: the next big allocation reuses some of them
      const s = heap.shape(64, false, 0);
      while (rt.phase !== 'mark') {
        heap.allocN(s, 1);
        heap.dropN(s, 1);
      }
      heap.alloc(big); // 64 ms of zeroing at 1 B/ns
      rt.mutate(100e6);
      return Math.max(...rt.cycles.filter((c) => !c.forced).map((c) => c.stw2Ns));
    };
    expect(stw('go1.19')).toBeGreaterThan(30e6);
    expect(stw('go1.26')).toBe(5_000);
  });
});

describe('CPU accounting (gc rules 4, 5)', () => {
  it('with one P the mutator gives 25 % to the background worker during mark', () => {
    const { heap, rt } = runtime({ procs: 1 });
    heap.allocN(heap.shape(64 * MiB, true, 64 * MiB), 1);
    const s = heap.shape(64, false, 0);
    while (rt.phase !== 'mark') {
      heap.allocN(s, 1);
      heap.dropN(s, 1);
    }
    const t0 = rt.nowNs;
    rt.mutate(3e6); // 3 ms of mutator work takes 4 ms of wall time
    expect(rt.nowNs - t0).toBeCloseTo(4e6, 0);
  });

  it('assists when the mutator allocates faster than the workers mark', () => {
    const { heap, rt } = runtime({ procs: 1 });
    heap.allocN(heap.shape(64 * MiB, true, 64 * MiB), 1);
    const s = heap.shape(4096, false, 0);
    for (let i = 0; i < 40000; i++) {
      heap.allocN(s, 1);
      heap.dropN(s, 1);
      rt.mutate(10);
    }
    const assist = rt.cycles.reduce((a, c) => a + c.assistCpuNs, 0);
    expect(assist).toBeGreaterThan(0);
  });

  it('only moves the clock forward', () => {
    const { heap, rt } = runtime({ procs: 1 });
    let last = rt.nowNs;
    const s = heap.shape(512, false, 0);
    for (let i = 0; i < 50000; i++) {
      heap.allocN(s, 1);
      if (i % 3) heap.dropN(s, 1);
      rt.mutate(50);
      expect(rt.nowNs).toBeGreaterThanOrEqual(last);
      last = rt.nowNs;
    }
    for (const c of rt.cycles) expect(c.markNs).toBeGreaterThanOrEqual(0);
  });
});
