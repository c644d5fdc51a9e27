// The runtime model (gc.ts rules) driven by synthetic allocation workloads, without a map.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/sim/heap';
import { Runtime, forcePreemptNS, type GcCostModel } from '../../src/sim/gc';

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
  forcedGcOverheadSpreadNs: [0, 0],
  sweepNsPerSpan: 0,
  stackScanBytes: 0,
  globalsScanBytes: 0,
};

/** Zeroing at 1 ns per byte, no bitmap cost, clearing at 1 ns per byte plus 1 ns per byte of barrier. */
const zeroing = { zeroNsPerByte: 1, bitmapNsPerByte: 0, memclrNsPerByte: 1, barrierNsPerByte: 1 };

function runtime(o: { procs?: number; gogc?: number; limit?: number | null; rules?: 'go1.19' | 'go1.26'; costs?: Partial<GcCostModel> } = {}) {
  const heap = new Heap({
    rules: o.rules ?? 'go1.19',
    baseline: { bytes: 0, objects: 0, inuseBytes: 0 },
    zeroing,
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

describe('time to stop (gc rules 2, 10, 11)', () => {
  /** A runtime in mark, with about 8.4 ms of mark work left on the idle P. */
  function marking(o: Parameters<typeof runtime>[0] = {}) {
    const { heap, rt } = runtime(o);
    heap.allocN(heap.shape(16 * MiB, true, 16 * MiB), 1); // 16.8 ms of mark CPU
    const s = heap.shape(64, false, 0);
    while (rt.phase !== 'mark') {
      heap.allocN(s, 1);
      heap.dropN(s, 1);
    }
    return { heap, rt };
  }

  it('a mark that ends inside a section waits in the ragged barrier, not in the pause', () => {
    const { rt } = marking({ costs: { preemptNs: 50_000 } });
    const t0 = rt.nowNs;
    rt.nonPreemptible(50e6); // the mark (on the idle P) ends in its middle
    expect(rt.phase).toBe('mark'); // gcMarkDone waits for this section to end
    rt.mutate(1e6); // preemptible: stopped after preemptNs
    const c = rt.cycles.at(-1)!;
    expect(c.stw2Ns).toBe(50_000 + 5_000);
    expect(c.timeToStopNs).toBe(50_000);
    // The mark lasted until the section's end plus the stopping goroutine's wake-up.
    expect(c.markNs).toBeCloseTo(t0 + 50e6 + 50_000 - (c.startNs + c.stw1Ns), 0);
  });

  it('a section that starts before the world is stopped is waited for in full', () => {
    const { rt } = marking({ costs: { preemptNs: 50_000 } });
    rt.nonPreemptible(50e6);
    rt.mutate(1_000); // shorter than the stopping goroutine's wake-up (preemptNs)
    rt.nonPreemptible(30e6); // the next clear, as in a clear loop
    const c = rt.cycles.at(-1)!;
    expect(c.stw2Ns).toBe(30e6 - (50_000 - 1_000) + 5_000);
    expect(c.timeToStopNs).toBe(30e6 - 49_000);
  });

  it('a preemptible mutator is stopped after preemptNs', () => {
    const { rt } = marking({ costs: { preemptNs: 70_000 } });
    rt.mutate(50e6);
    const c = rt.cycles.at(-1)!;
    expect(c.stw2Ns).toBe(70_000 + 5_000);
    expect(c.timeToStopNs).toBe(70_000);
  });

  it('another goroutine reaching the trigger inside a section waits for its end (sweep termination)', () => {
    const { heap, rt } = runtime({ costs: { preemptNs: 70_000 } });
    const bg = heap.shape(64, false, 0);
    rt.background = {
      bytesPerNs: 1, // 1 GB/s
      allocate: (b) => {
        const n = Math.floor(b / 64);
        heap.allocN(bg, n);
        heap.dropN(bg, n);
      },
    };
    const room = rt.roomBeforeTrigger();
    const t0 = rt.nowNs;
    rt.nonPreemptible(room + 10e6); // reaches the trigger 10 ms before its end
    const c = rt.cycles.length ? rt.cycles[0] : null;
    expect(rt.phase).toBe('mark');
    expect(c).toBeNull(); // still marking
    rt.mutate(100e6);
    const first = rt.cycles[0];
    expect(first.startNs).toBeCloseTo(t0 + room, -1);
    // Sweep termination waited 10 ms; mark termination stopped a preemptible mutator (preemptNs).
    expect(first.stw1Ns).toBeCloseTo(10e6 + 20_000, -2);
    expect(first.timeToStopNs).toBeCloseTo(10e6 + 70_000, -2);
  });

  it('the same goroutine on one P cannot run inside the section: no wait', () => {
    const { heap, rt } = runtime({ procs: 1 });
    const bg = heap.shape(64, false, 0);
    rt.background = { bytesPerNs: 1, allocate: (b) => heap.allocN(bg, Math.floor(b / 64)) };
    rt.nonPreemptible(rt.roomBeforeTrigger() + 10e6);
    rt.mutate(100e6);
    for (const c of rt.cycles) expect(c.timeToStopNs).toBe(0);
  });

  it('reused pages of a large pointerful allocation are a section in go1.19 only', () => {
    const pause = (rules: 'go1.19' | 'go1.26') => {
      const { heap, rt } = runtime({ rules, costs: { preemptNs: 10_000 } });
      const big = { size: 64 * MiB, scan: true, scanBytes: 64 * MiB, tag: 'buckets' as const };
      heap.drop(heap.alloc(big));
      heap.drop(heap.alloc(big));
      rt.forceGC(); // frees 128 MiB of pages: the next big allocation reuses some of them
      const bg = heap.shape(64, false, 0);
      rt.background = { bytesPerNs: 1, allocate: (b) => heap.allocN(bg, Math.floor(b / 64)) };
      heap.alloc(big); // 64 ms of zeroing at 1 ns/B, during which the background goroutine reaches the trigger
      rt.mutate(100e6);
      return Math.max(...rt.cycles.filter((c) => !c.forced).map((c) => c.stw1Ns));
    };
    expect(pause('go1.19')).toBeGreaterThan(30e6);
    expect(pause('go1.26')).toBe(10_000 + 20_000);
  });
});

describe('runtime.GC() from another goroutine (gc rule 10)', () => {
  /** The mutator repeats a 5 ms section and 10 µs of preemptible work; another goroutine forces `count` GCs. */
  function loop(procs: number, count = 6) {
    const { heap, rt } = runtime({ procs, costs: { preemptNs: 30_000, forcedGcOverheadNs: 100_000, forcedGcOverheadSpreadNs: [100_000, 100_000] } });
    heap.allocN(heap.shape(4 * MiB, true, 4 * MiB), 1);
    const walls: number[] = [];
    rt.startGcCaller({ gapNs: 10e6, count, random: () => 0.5, onReturn: (w) => walls.push(w) });
    let guard = 0;
    while (rt.callerBusy && guard++ < 10_000) {
      rt.mutate(10_000);
      rt.nonPreemptible(5e6);
    }
    return { rt, walls };
  }

  it('with two Ps its sweep termination waits for the section the mutator is in', () => {
    const { rt, walls } = loop(2);
    expect(walls.length).toBe(6);
    const forced = rt.cycles.filter((c) => c.forced);
    expect(forced.length).toBe(6);
    for (const c of forced) {
      // Each pause waits at most one section (or preempts the mutator), then does its own work.
      expect(c.stw1Ns - 20_000).toBeGreaterThan(0);
      expect(c.stw1Ns - 20_000).toBeLessThanOrEqual(5e6 + 1);
      expect(c.stw2Ns - 5_000).toBeLessThanOrEqual(5e6 + 1);
      expect(c.timeToStopNs).toBe(c.stw1Ns + c.stw2Ns - 25_000);
    }
    expect(Math.max(...forced.map((c) => c.stw1Ns + c.stw2Ns))).toBeGreaterThan(1e6);
  });

  it('with one P it runs only after sysmon preempts the mutator, and stops nobody', () => {
    const { rt, walls } = loop(1);
    expect(walls.length).toBe(6);
    const forced = rt.cycles.filter((c) => c.forced);
    for (const c of forced) {
      expect(c.timeToStopNs).toBe(0);
      expect(c.stw1Ns).toBe(20_000);
    }
    // Each call starts no earlier than forcePreemptNS after the mutator got the P back.
    for (let i = 1; i < forced.length; i++) expect(forced[i].startNs - forced[i - 1].startNs).toBeGreaterThanOrEqual(forcePreemptNS);
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
