/**
 * The GC pacer: when a cycle starts and how much the heap may grow (Go 1.18+ rules).
 *
 * Glossary (names of `runtime/mgcpacer.go`):
 *   heapLive     bytes of heap objects the pacer believes live: heapMarked after a cycle, plus everything allocated
 *                since (it never goes down between cycles: sweeping frees garbage, not live bytes)
 *   heapMarked   bytes marked by the last cycle (allocations during mark are marked black and count)
 *   heapScan     scannable bytes of the heap (ptrdata of pointerful objects); the worst-case scan work
 *   lastHeapScan heap scan work done by the last cycle; lastStackScan, globalsScan likewise for the roots
 *   gcPercent    GOGC; -1 = off
 *   memoryLimit  GOMEMLIMIT in bytes; Infinity = off
 *   consMark     estimated ratio of the mutator's allocation rate to the GC's scan rate, per CPU
 *   runway       heap bytes the mutator may allocate while the GC marks, from consMark
 *   triggered    heapLive at which the running cycle started
 *
 * Rules (go1.19 `mgcpacer.go`, checked against go1.26.8; line numbers are go1.19's):
 *   P1. goal = heapMarked + (heapMarked + lastStackScan + globalsScan) · gcPercent/100        (commit, l.1271)
 *   P2. goal ≥ heapMinimum = 4 MiB · gcPercent/100                                           (setGCPercent, commit)
 *   P3. GOGC off → no GOGC goal at all (the goal is infinite unless a memory limit is set).
 *   P4. memory-limit goal = memoryLimit − (mappedReady − heapFree − heapAlloc) − overage − headroom; the lower
 *       of P1/P2 and P4 wins, and it is never below heapMarked (memoryLimitHeapGoal, l.1028). Headroom is
 *       1 MiB in go1.19, and max(3 % of the goal, 1 MiB) from go1.21 on.
 *   P5. Outside the memory-limited regime, goal ≥ sweepDistMinTrigger (heapLive at commit + 1 MiB when the
 *       sweep is not done) and goal ≥ triggered + 64 KiB while a cycle runs (heapGoalInternal).
 *   P6. runway = consMark · (1 − 0.25)/0.25 · (lastHeapScan + lastStackScan + globalsScan)   (commit)
 *   P7. trigger = goal − runway, clamped to [heapMarked + 45/64·(goal − heapMarked),
 *       max(heapMarked + 61/64·(goal − heapMarked), goal − 4 MiB)] and never below the sweep-distance trigger
 *       (trigger, l.1158). A cycle starts when an allocation makes heapLive ≥ trigger (gcTrigger.test).
 *   P8. At mark termination: currentConsMark = (heapLive − triggered)·(u + uIdle) / (scanWork · (1 − u)), where
 *       u = 0.25 + assist time / (mark wall · procs), uIdle = idle worker time / (mark wall · procs) (endCycle).
 *       go1.19/1.20 smooth it with a PI controller (kp 0.9, ti 4, tt 1000, output clamped to ±1000);
 *       go1.21+ take the max of it and the previous four values.
 *   P9. resetLive: heapMarked = heapLive = bytes marked; heapScan = lastHeapScan = heap scan work; then commit
 *       with isSweepDone = false.
 *   P10. revise (during mark): expected work = lastHeapScan + lastStackScan + globalsScan; once the work done
 *       exceeds it, the goal is extrapolated towards heapScan + stacks + globals (at most (1 + GOGC/100)·goal);
 *       past the goal it is raised 10 %. assistWorkPerByte = remaining work / (goal − heapLive).
 */

/** Which generation of the pacer's smoothing and memory-limit headroom to follow. */
export type PacerRules = 'go1.19' | 'go1.21+';

/** 4 MiB: `defaultHeapMinimum` for GOGC=100 (P2). */
export const defaultHeapMinimum = 4 << 20;
/** Bounds of the trigger as a fraction of the runway, in 64ths (`triggerRatioDen`, `min/maxTriggerRatioNum`; P7). */
export const triggerRatioDen = 64;
export const minTriggerRatioNum = 45;
export const maxTriggerRatioNum = 61;
/** `gcBackgroundUtilization` = `gcGoalUtilization`: the dedicated/fractional workers' share of GOMAXPROCS. */
export const gcBackgroundUtilization = 0.25;
export const gcGoalUtilization = gcBackgroundUtilization;
/** `sweepMinHeapDistance` (mgc.go): runway the sweeper gets after a cycle (P5). */
export const sweepMinHeapDistance = 1 << 20;
/** `minRunway` in heapGoalInternal (P5). */
export const minRunway = 64 << 10;
/** `memoryLimitHeapGoalHeadroom` (go1.19) / `memoryLimitMinHeapGoalHeadroom` (go1.21+) (P4). */
export const memoryLimitMinHeapGoalHeadroom = 1 << 20;
/** `memoryLimitHeapGoalHeadroomPercent` (go1.21+) (P4). */
export const memoryLimitHeapGoalHeadroomPercent = 3;
/** revise(): `maxOvershoot` (P10). */
const maxOvershoot = 1.1;

/** What the memory-limit goal reads from the heap (P4). */
export interface MemoryLimitInputs {
  /** Free pages the runtime still holds (not returned to the OS). */
  heapFree: number;
  /** totalAlloc − totalFree: HeapAlloc. */
  heapAlloc: number;
  /** All mapped, not released memory the runtime counts against the limit. */
  mappedReady: number;
}

/** go1.19 `piController` (P8). */
class PiController {
  private errIntegral = 0;
  constructor(
    private readonly kp: number,
    private readonly ti: number,
    private readonly tt: number,
    private readonly min: number,
    private readonly max: number,
  ) {}

  next(input: number, setpoint: number, period: number): { output: number; ok: boolean } {
    const prop = this.kp * (setpoint - input);
    const rawOutput = prop + this.errIntegral;
    if (!Number.isFinite(rawOutput)) {
      this.errIntegral = 0;
      return { output: this.min, ok: false };
    }
    const output = Math.min(this.max, Math.max(this.min, rawOutput));
    this.errIntegral += ((this.kp * period) / this.ti) * (setpoint - input) + (period / this.tt) * (output - rawOutput);
    if (!Number.isFinite(this.errIntegral)) {
      this.errIntegral = 0;
      return { output: this.min, ok: false };
    }
    return { output, ok: true };
  }
}

export interface PacerOptions {
  gcPercent: number;
  /** Bytes; null or Infinity = no limit. */
  memoryLimit: number | null;
  rules: PacerRules;
  /** Scannable bytes of stacks and globals (they count in the goal since Go 1.18). */
  stackScanBytes: number;
  globalsScanBytes: number;
}

/** The inputs of one cycle's end (P8, P9). */
export interface CycleEnd {
  /** heapLive just before mark termination (includes black allocations). */
  heapLive: number;
  /** Bytes marked: the new heapMarked. */
  bytesMarked: number;
  heapScanWork: number;
  stackScanWork: number;
  globalsScanWork: number;
  /** Wall time from the start of mark to its end (assists were on for this long). */
  markWallNs: number;
  assistCpuNs: number;
  idleCpuNs: number;
  procs: number;
  userForced: boolean;
}

export class Pacer {
  readonly rules: PacerRules;
  gcPercent: number;
  memoryLimit: number;
  heapMinimum: number;

  heapMarked = 0;
  heapLive = 0;
  heapScan = 0;
  lastHeapScan = 0;
  lastStackScan: number;
  globalsScan: number;

  consMark = 0;
  runway = 0;
  gcPercentHeapGoal = Infinity;
  sweepDistMinTrigger = 0;
  /** heapLive at the start of the running cycle; Infinity when no cycle runs (`^uint64(0)`). */
  triggered = Infinity;
  /** Goal in force when the last cycle ended (`lastHeapGoal`). */
  lastHeapGoal = 0;
  assistWorkPerByte = 0;

  private readonly pi = new PiController(0.9, 4.0, 1000, -1000, 1000);
  private readonly lastConsMark = [0, 0, 0, 0];
  /** Where the memory-limit goal reads the heap from; set by the runtime. */
  memInputs: () => MemoryLimitInputs = () => ({ heapFree: 0, heapAlloc: this.heapLive, mappedReady: this.heapLive });

  constructor(o: PacerOptions) {
    this.rules = o.rules;
    this.gcPercent = o.gcPercent < 0 ? -1 : o.gcPercent;
    // P2 (setGCPercent): heapMinimum scales with GOGC. With GOGC off it is irrelevant (P3).
    this.heapMinimum = this.gcPercent < 0 ? 0 : (defaultHeapMinimum * this.gcPercent) / 100;
    this.memoryLimit = o.memoryLimit === null || o.memoryLimit < 0 ? Infinity : o.memoryLimit;
    this.lastStackScan = o.stackScanBytes;
    this.globalsScan = o.globalsScanBytes;
    this.commit(true); // no sweep phase before the first cycle (gcControllerState.init)
  }

  /** P1, P2, P3, P6: recompute the GOGC goal and the runway. */
  commit(isSweepDone: boolean): void {
    this.sweepDistMinTrigger = isSweepDone ? 0 : this.heapLive + sweepMinHeapDistance;
    let goal = Infinity;
    if (this.gcPercent >= 0) {
      goal =
        this.heapMarked +
        Math.floor(((this.heapMarked + this.lastStackScan + this.globalsScan) * this.gcPercent) / 100);
    }
    if (goal < this.heapMinimum) goal = this.heapMinimum;
    this.gcPercentHeapGoal = goal;
    this.runway =
      ((this.consMark * (1 - gcGoalUtilization)) / gcGoalUtilization) *
      (this.lastHeapScan + this.lastStackScan + this.globalsScan);
  }

  /** P4: the memory-limit-based goal. */
  memoryLimitHeapGoal(): number {
    if (this.memoryLimit === Infinity) return Infinity;
    const { heapFree, heapAlloc, mappedReady } = this.memInputs();
    const nonHeapMemory = Math.max(0, mappedReady - heapFree - heapAlloc);
    const overage = mappedReady > this.memoryLimit ? mappedReady - this.memoryLimit : 0;
    if (nonHeapMemory + overage >= this.memoryLimit) return this.heapMarked;
    let goal = this.memoryLimit - (nonHeapMemory + overage);
    let headroom = memoryLimitMinHeapGoalHeadroom;
    if (this.rules === 'go1.21+') {
      headroom = Math.max(headroom, Math.floor(goal / 100) * memoryLimitHeapGoalHeadroomPercent);
    }
    goal = goal < headroom || goal - headroom < headroom ? headroom : goal - headroom;
    return Math.max(goal, this.heapMarked);
  }

  /** P4, P5: `heapGoalInternal`. */
  heapGoalInternal(): { goal: number; minTrigger: number; limited: boolean } {
    let goal = this.gcPercentHeapGoal;
    let minTrigger = 0;
    const limitGoal = this.memoryLimitHeapGoal();
    if (limitGoal < goal) return { goal: limitGoal, minTrigger, limited: true };
    if (this.sweepDistMinTrigger > goal) goal = this.sweepDistMinTrigger;
    minTrigger = this.sweepDistMinTrigger;
    if (this.triggered !== Infinity && goal < this.triggered + minRunway) goal = this.triggered + minRunway;
    return { goal, minTrigger, limited: false };
  }

  heapGoal(): number {
    return this.heapGoalInternal().goal;
  }

  /** P7: the heapLive at which the next cycle starts, and the goal. */
  trigger(): { trigger: number; goal: number } {
    const { goal, minTrigger: mt } = this.heapGoalInternal();
    if (goal === Infinity) return { trigger: Infinity, goal };
    if (this.heapMarked >= goal) return { trigger: goal, goal };
    let minTrigger = Math.max(mt, this.heapMarked);
    const runwayBytes = goal - this.heapMarked;
    const lower = Math.floor(runwayBytes / triggerRatioDen) * minTriggerRatioNum + this.heapMarked;
    if (minTrigger < lower) minTrigger = lower;
    let maxTrigger = Math.floor(runwayBytes / triggerRatioDen) * maxTriggerRatioNum + this.heapMarked;
    if (goal > defaultHeapMinimum && goal - defaultHeapMinimum > maxTrigger) maxTrigger = goal - defaultHeapMinimum;
    if (maxTrigger < minTrigger) maxTrigger = minTrigger;
    let trigger = this.runway > goal ? minTrigger : goal - this.runway;
    trigger = Math.min(Math.max(trigger, minTrigger), maxTrigger);
    return { trigger, goal };
  }

  /** gcTrigger{kind: gcTriggerHeap}.test() for the current heapLive. */
  shouldTrigger(): boolean {
    return this.heapLive >= this.trigger().trigger;
  }

  /** startCycle: remember where the cycle started (P5 minRunway, P8). */
  startCycle(): void {
    this.triggered = this.trigger().trigger;
    // The real runtime records the trigger point, not heapLive: see the TODO in go1.19 startCycle (#53738).
  }

  /**
   * P10: the assist ratio while marking. `workDone` is scan work (bytes) done so far this cycle.
   * Returns assistWorkPerByte (scan bytes owed per byte allocated).
   */
  revise(workDone: number, maxStackScan: number): number {
    const gcPercent = this.gcPercent < 0 ? 100000 : this.gcPercent;
    let heapGoal = this.heapGoal();
    let scanWorkExpected = this.lastHeapScan + this.lastStackScan + this.globalsScan;
    const maxScanWork = this.heapScan + maxStackScan + this.globalsScan;
    if (workDone > scanWorkExpected) {
      let ext = ((heapGoal - this.triggered) / Math.max(1, scanWorkExpected)) * maxScanWork + this.triggered;
      scanWorkExpected = maxScanWork;
      const hardGoal = (1 + gcPercent / 100) * heapGoal;
      if (ext > hardGoal) ext = hardGoal;
      heapGoal = ext;
    }
    if (this.heapLive > heapGoal) {
      heapGoal *= maxOvershoot;
      scanWorkExpected = maxScanWork;
    }
    const scanWorkRemaining = Math.max(1000, scanWorkExpected - workDone);
    const heapRemaining = Math.max(1, heapGoal - this.heapLive);
    this.assistWorkPerByte = scanWorkRemaining / heapRemaining;
    return this.assistWorkPerByte;
  }

  /** P8: endCycle — update consMark from what the cycle measured. */
  endCycle(e: CycleEnd): void {
    this.lastHeapGoal = this.heapGoal();
    let utilization = gcBackgroundUtilization;
    let idleUtilization = 0;
    if (e.markWallNs > 0) {
      utilization += e.assistCpuNs / (e.markWallNs * e.procs);
      idleUtilization = e.idleCpuNs / (e.markWallNs * e.procs);
    }
    if (this.heapLive <= this.triggered) return;
    const scanWork = Math.max(1, e.heapScanWork + e.stackScanWork + e.globalsScanWork);
    const currentConsMark =
      ((this.heapLive - this.triggered) * (utilization + idleUtilization)) / (scanWork * (1 - utilization));
    if (this.rules === 'go1.19') {
      const { output, ok } = this.pi.next(this.consMark, currentConsMark, 1.0);
      this.consMark = ok ? output : 0;
    } else {
      let c = currentConsMark;
      for (const prev of this.lastConsMark) c = Math.max(c, prev);
      this.consMark = c;
      this.lastConsMark.shift();
      this.lastConsMark.push(currentConsMark);
    }
  }

  /** P9: resetLive followed by commit(isSweepDone = false). */
  resetLive(e: CycleEnd): void {
    this.heapMarked = e.bytesMarked;
    this.heapLive = e.bytesMarked;
    this.heapScan = e.heapScanWork;
    this.lastHeapScan = e.heapScanWork;
    this.lastStackScan = e.stackScanWork;
    this.triggered = Infinity;
    this.commit(false);
  }
}
