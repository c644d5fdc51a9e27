// Pacer numbers computed by hand from the runtime's formulas (go1.19 runtime/mgcpacer.go; pacer.ts rules).
import { describe, expect, it } from 'vitest';
import { Pacer, defaultHeapMinimum, type PacerRules } from '../../src/sim/pacer';

const MiB = 1 << 20;
const KiB = 1 << 10;

function pacer(gcPercent: number, opts: { memoryLimit?: number | null; rules?: PacerRules; stack?: number; globals?: number } = {}) {
  return new Pacer({
    gcPercent,
    memoryLimit: opts.memoryLimit ?? null,
    rules: opts.rules ?? 'go1.19',
    stackScanBytes: opts.stack ?? 8 * KiB,
    globalsScanBytes: opts.globals ?? 200 * KiB,
  });
}

/** Ends a cycle that marked `marked` bytes with `heapScan` bytes of heap scan work (P9). */
function endCycle(p: Pacer, marked: number, heapScan: number, stack = 8 * KiB) {
  const e = {
    heapLive: marked,
    bytesMarked: marked,
    heapScanWork: heapScan,
    stackScanWork: stack,
    globalsScanWork: 200 * KiB,
    markWallNs: 1e6,
    assistCpuNs: 0,
    idleCpuNs: 0,
    procs: 2,
    userForced: true,
  };
  p.endCycle(e);
  p.resetLive(e);
}

describe('heap goal (P1–P3)', () => {
  it('starts at heapMinimum = 4 MiB · GOGC/100', () => {
    expect(pacer(100).heapGoal()).toBe(4 * MiB);
    expect(pacer(200).heapGoal()).toBe(8 * MiB);
    expect(pacer(50).heapGoal()).toBe(2 * MiB);
    expect(defaultHeapMinimum).toBe(4194304);
  });

  it('is heapMarked + (heapMarked + stacks + globals) · GOGC/100 once the live heap is large', () => {
    const p = pacer(100);
    endCycle(p, 100 * MiB, 60 * MiB);
    // 100 MiB + (100 MiB + 8 KiB + 200 KiB) · 1
    expect(p.heapGoal()).toBe(200 * MiB + 208 * KiB);
    const q = pacer(50);
    endCycle(q, 100 * MiB, 60 * MiB);
    expect(q.heapGoal()).toBe(100 * MiB + Math.floor(((100 * MiB + 208 * KiB) * 50) / 100));
  });

  it('stays at the minimum while the GOGC goal is below it', () => {
    const p = pacer(100);
    endCycle(p, 1 * MiB, 1 * MiB);
    expect(p.heapGoal()).toBe(4 * MiB);
  });

  it('has no goal and no trigger with GOGC off and no memory limit', () => {
    const p = pacer(-1);
    endCycle(p, 100 * MiB, 60 * MiB);
    expect(p.heapGoal()).toBe(Infinity);
    expect(p.trigger().trigger).toBe(Infinity);
  });
});

describe('trigger (P6, P7)', () => {
  it('sits at goal − 4 MiB for a large heap when consMark is 0 (no runway)', () => {
    const p = pacer(100);
    endCycle(p, 100 * MiB, 60 * MiB);
    const goal = 200 * MiB + 208 * KiB;
    // maxTrigger = max(marked + ((goal − marked)/64)·61, goal − 4 MiB) = goal − 4 MiB here.
    expect(p.trigger()).toEqual({ trigger: goal - 4 * MiB, goal });
  });

  it('sits at 61/64 of the runway for a small heap', () => {
    const p = pacer(100);
    endCycle(p, 1 * MiB, 1 * MiB);
    const runway = 3 * MiB;
    expect(p.trigger().trigger).toBe(1 * MiB + Math.floor(runway / 64) * 61);
  });

  it('never goes below 45/64 of the runway, however large the runway estimate', () => {
    const p = pacer(100);
    endCycle(p, 100 * MiB, 60 * MiB);
    p.consMark = 1000;
    p.commit(true);
    const goal = p.heapGoal();
    expect(p.trigger().trigger).toBe(100 * MiB + Math.floor((goal - 100 * MiB) / 64) * 45);
  });

  it('is goal − runway in between, with runway = consMark · 3 · (heap + stack + globals scan)', () => {
    const p = pacer(100);
    endCycle(p, 100 * MiB, 10 * MiB);
    p.consMark = 0.5;
    p.commit(true);
    const runway = 0.5 * 3 * (10 * MiB + 8 * KiB + 200 * KiB);
    expect(p.runway).toBeCloseTo(runway, 6);
    expect(p.trigger().trigger).toBeCloseTo(p.heapGoal() - runway, 6);
  });

  it('starts a cycle only once heapLive reaches the trigger', () => {
    const p = pacer(100);
    const { trigger } = p.trigger();
    p.heapLive = trigger - 1;
    expect(p.shouldTrigger()).toBe(false);
    p.heapLive = trigger;
    expect(p.shouldTrigger()).toBe(true);
  });
});

describe('memory limit (P4)', () => {
  const inputs = { heapFree: 0, heapAlloc: 50 * MiB, mappedReady: 50 * MiB };

  it('go1.19: limit minus non-heap memory minus 1 MiB of headroom', () => {
    const p = pacer(-1, { memoryLimit: 100 * MiB });
    p.memInputs = () => inputs;
    expect(p.heapGoal()).toBe(99 * MiB);
  });

  it('go1.21+: headroom is 3 % of the goal (at least 1 MiB)', () => {
    const p = pacer(-1, { memoryLimit: 100 * MiB, rules: 'go1.21+' });
    p.memInputs = () => inputs;
    expect(p.heapGoal()).toBe(100 * MiB - Math.floor((100 * MiB) / 100) * 3);
  });

  it('wins over GOGC when it is lower, and never goes below heapMarked', () => {
    const p = pacer(100, { memoryLimit: 150 * MiB });
    endCycle(p, 100 * MiB, 60 * MiB);
    p.memInputs = () => ({ heapFree: 0, heapAlloc: 100 * MiB, mappedReady: 110 * MiB });
    // non-heap 10 MiB → 150 − 10 − 1 = 139 MiB < GOGC goal of ~200 MiB
    expect(p.heapGoal()).toBe(139 * MiB);
    p.memInputs = () => ({ heapFree: 0, heapAlloc: 100 * MiB, mappedReady: 240 * MiB });
    expect(p.heapGoal()).toBe(100 * MiB);
  });
});

describe('cons/mark and assists (P8, P10)', () => {
  function finishMarkedCycle(p: Pacer, triggered: number, heapLive: number, scanWork: number) {
    p.triggered = triggered;
    p.heapLive = heapLive;
    p.endCycle({
      heapLive,
      bytesMarked: heapLive,
      heapScanWork: scanWork,
      stackScanWork: 0,
      globalsScanWork: 0,
      markWallNs: 1e6,
      assistCpuNs: 0,
      idleCpuNs: 0,
      procs: 1,
      userForced: false,
    });
  }

  it('go1.21+ keeps the largest of the last five estimates', () => {
    const p = pacer(100, { rules: 'go1.21+' });
    // currentConsMark = (heapLive − triggered) · 0.25 / (scanWork · 0.75)
    finishMarkedCycle(p, 10 * MiB, 13 * MiB, 3 * MiB);
    expect(p.consMark).toBeCloseTo(1 / 3, 9);
    finishMarkedCycle(p, 10 * MiB, 10.75 * MiB, 3 * MiB);
    expect(p.consMark).toBeCloseTo(1 / 3, 9);
  });

  it('go1.19 smooths it with the PI controller (first output = kp · estimate)', () => {
    const p = pacer(100, { rules: 'go1.19' });
    finishMarkedCycle(p, 10 * MiB, 13 * MiB, 3 * MiB);
    expect(p.consMark).toBeCloseTo(0.9 / 3, 9);
  });

  it('leaves consMark alone when the heap did not grow past the trigger (a forced cycle)', () => {
    const p = pacer(100, { rules: 'go1.21+' });
    finishMarkedCycle(p, 20 * MiB, 13 * MiB, 3 * MiB);
    expect(p.consMark).toBe(0);
  });

  it('asks for the remaining expected scan work per byte left before the goal', () => {
    const p = pacer(100);
    endCycle(p, 100 * MiB, 60 * MiB, 0);
    p.startCycle();
    p.heapLive = p.triggered;
    const expected = 60 * MiB + 200 * KiB;
    const ratio = p.revise(10 * MiB, 0);
    expect(ratio).toBeCloseTo((expected - 10 * MiB) / (p.heapGoal() - p.heapLive), 9);
  });
});
