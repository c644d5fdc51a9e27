/**
 * The garbage collector on a virtual clock: cycles, their phases, who does the mark work, and pauses.
 *
 * Glossary (runtime names; go1.19 runtime/mgc.go header and mgcpacer.go)
 *   cycle        sweep termination (STW) → concurrent mark → mark termination (STW) → concurrent sweep.
 *   mark work    CPU time the mark needs: reading every reachable pointerful object up to its last pointer
 *                (scan work, bytes), following each non-nil pointer, and marking each reachable object.
 *   scanWork     the bytes of that work the runtime counts (heapScanWork + stackScanWork + globalsScanWork).
 *   background   dedicated and fractional mark workers: 25 % of GOMAXPROCS (`gcBackgroundUtilization`).
 *   idle         idle mark workers on Ps with nothing else to run.
 *   assist       mark work an allocating goroutine must do itself when it allocates faster than the
 *                background workers earn credit (`gcAssistAlloc`).
 *   time to stop the part of a stop-the-world spent waiting for running goroutines to reach a safe point.
 *
 * Mechanisms
 *   The mutator (run.ts) spends CPU time through `mutate(ns)` and `nonPreemptible(ns)`; the heap reports
 *   allocations here. Time only moves forward. A cycle starts when an allocation makes heapLive reach the
 *   pacer's trigger. Its mark work is fixed by what is reachable at that moment (allocations during mark
 *   are black and need no scanning). While the mutator runs, workers burn that work at the rate the Ps
 *   allow; assists take the rest out of the mutator's time. When the work is done, mark termination stops
 *   the world — unless the mutator is inside a non-preemptible operation, which the pause must wait for.
 *
 * Rules (cited as "gc rule N")
 *   1. STW phases cost fixed wall times (`stwSweepTermNs`, `stwMarkTermNs`, measured medians), not
 *      proportional to the heap: neither phase scans heap objects (go1.19 mgc.go gcStart, gcMarkTermination).
 *   2. A stop-the-world requested while the mutator is in a non-preemptible operation (heap rule 5:
 *      zeroing a large pointerful allocation in go1.19, or mapclear's memclr) waits until it ends; the wait
 *      is part of the pause (gctrace's clock fields and PauseNs start before stopTheWorld).
 *   3. Mark work = markFixedNs + heapScanBytes / scanBytesPerNs + pointers · markNsPerPointer
 *      + objects · markNsPerObject(span working set) (costs.ts explains each term and its source).
 *   4. Workers (startCycle): dedicated = round(0.25·procs); if that is off by more than 30 %, fractional
 *      workers make up the rest. With one busy mutator goroutine the other procs − 1 Ps run background and
 *      idle workers; when no P is free the background share is taken from the mutator.
 *   5. Assists: while marking, each allocated byte adds assistWorkPerByte (pacer P10) of scan work to the
 *      goroutine's debt; debt is first paid from background credit, then by the goroutine doing mark work
 *      itself (at least gcOverAssistWork = 64 KiB of scan work per assist).
 *   6. A cycle's heapMarked includes black allocations and objects dropped during mark (heap rule 2).
 *   7. Sweep: after mark termination every in-use span is swept (sweepNsPerSpan); a free P runs the
 *      background sweeper, otherwise the mutator pays it. gcStart finishes any leftover sweep first.
 *   8. runtime.GC() (forced): waits for a running cycle's mark, runs a full cycle with the caller blocked
 *      (all Ps mark), then sweeps every span before returning (go1.19 mgc.go GC). Its wall time also
 *      includes a fixed scheduling overhead measured on an empty heap (costs.forcedGcFixedNs).
 *   9. GOMEMLIMIT: the scavenger returns free pages so that mapped memory stays under 95 % of the limit
 *      (go1.19 mgcscavenge.go memoryLimitToGoal); the GC CPU limiter stops assists when GC has used more
 *      than half of the CPU for one CPU-second per P (mgclimit.go), so a limit below the live heap makes
 *      the GC run back to back instead of stalling the program.
 */
import type { Heap, HeapListener } from './heap';
import { gcBackgroundUtilization, Pacer, type PacerRules } from './pacer';
import { NUM_SPAN_CLASSES, objectsPerSpan } from './heap';

/** The GC cost constants this module needs (costs.ts fills them from measured data). */
export interface GcCostModel {
  scanBytesPerNs: number;
  markNsPerPointer: number;
  /** Mark CPU per reachable heap object, as a function of the span-metadata working set in bytes. */
  markNsPerObject: (workingSetBytes: number) => number;
  /** Bytes of span metadata the mark touches per span holding marked objects. */
  spanMetaBytes: number;
  markFixedNs: number;
  /** Share of the Ps a mark keeps busy when every P marks (runtime.GC(), parked mutator); 1 = perfect. */
  markUtilization: number;
  stwSweepTermNs: number;
  stwMarkTermNs: number;
  /** Extra mark-termination pause to stop a goroutine running on another P (natural cycles, procs > 1). */
  preemptNs: number;
  /** runtime.GC() wall time beyond the pauses, mark and sweep modelled here (scheduling, wake-ups). */
  forcedGcOverheadNs: number;
  sweepNsPerSpan: number;
  stackScanBytes: number;
  globalsScanBytes: number;
}

/** One GC cycle, with the result-format fields (calibration/FORMAT.md) and a few more. */
export interface GcCycle {
  n: number;
  startNs: number;
  stw1Ns: number;
  markNs: number;
  stw2Ns: number;
  assistCpuNs: number;
  bgCpuNs: number;
  idleCpuNs: number;
  /** heapLive at the start (gctrace heap0). */
  heapStart: number;
  /** heapLive at mark termination (gctrace heap1). */
  heapEnd: number;
  /** Bytes marked (gctrace heap2). */
  heapLive: number;
  heapGoal: number;
  scanWork: number;
  forced: boolean;
  /** Of stw1Ns + stw2Ns, the wait for a non-preemptible operation (gc rule 2). */
  timeToStopNs: number;
  /** Mark CPU the model assigned to this cycle (gc rule 3). */
  markCpuNs: number;
  /** Trigger (heapLive) the cycle started at; null for forced cycles. */
  trigger: number | null;
}

/** Things the runtime reports as they happen (run.ts turns them into the trace). */
export type GcEvent =
  | { type: 'gcStart'; atNs: number; n: number; forced: boolean; heapLive: number; heapGoal: number; trigger: number | null }
  | { type: 'stw'; atNs: number; n: number; phase: 'sweepTerm' | 'markTerm'; ns: number; timeToStopNs: number }
  | { type: 'markDone'; atNs: number; n: number; heapMarked: number; nextGoal: number }
  | { type: 'sweepDone'; atNs: number; n: number };

export interface RuntimeOptions {
  heap: Heap;
  costs: GcCostModel;
  procs: number;
  gcPercent: number;
  memoryLimit: number | null;
  rules: PacerRules;
  onEvent?: (e: GcEvent) => void;
}

/** Scan work an assist does at least (`gcOverAssistWork`). */
const gcOverAssistWork = 64 << 10;
/** Allocation between two revisions of the assist ratio. */
const REVISE_BYTES = 64 << 10;
/** The sweeper's progress is applied to the heap in this many steps. */
const SWEEP_STEPS = 32;

type Phase = 'off' | 'mark';

export class Runtime implements HeapListener {
  readonly heap: Heap;
  readonly pacer: Pacer;
  readonly costs: GcCostModel;
  readonly procs: number;
  private readonly onEvent: ((e: GcEvent) => void) | undefined;

  /** The virtual clock, ns since the program started. */
  nowNs = 0;
  phase: Phase = 'off';
  readonly cycles: GcCycle[] = [];
  numGC = 0;
  pauseTotalNs = 0;
  /** Mutator CPU spent in assists, over the whole run. */
  assistTotalNs = 0;
  /** Non-nil pointers in live objects that point at other heap objects (set by the workload; gc rule 3). */
  livePointers: () => number = () => 0;

  // Worker layout (gc rule 4).
  private readonly bgShare: number;

  // Current cycle.
  private cur: GcCycle | null = null;
  private markStartNs = 0;
  private workTotalNs = 0;
  private workLeftNs = 0;
  private scanWorkTotal = 0;
  private bgCreditBytes = 0;
  private assistDebtBytes = 0;
  private assistRatio = -1;
  private sinceReviseBytes = 0;
  private nextSweepNs = 0;
  private cachedTrigger = Infinity;

  // Sweep (gc rule 7).
  private sweepStartNs = 0;
  private sweepEndNs = 0;
  private sweepCycle = 0;

  // Non-preemptible section the mutator is in (gc rule 2).
  private npEndNs = -1;
  /** The mutator is parked in runtime.GC(): stopping the world needs no preemption. */
  private mutatorParked = false;

  // GC CPU limiter (gc rule 9).
  private limiterFill = 0;
  private limiterOn = false;

  constructor(o: RuntimeOptions) {
    this.heap = o.heap;
    this.costs = o.costs;
    this.procs = o.procs;
    this.onEvent = o.onEvent;
    this.pacer = new Pacer({
      gcPercent: o.gcPercent,
      memoryLimit: o.memoryLimit,
      rules: o.rules,
      stackScanBytes: o.costs.stackScanBytes,
      globalsScanBytes: o.costs.globalsScanBytes,
    });
    this.pacer.memInputs = () => {
      const s = this.heap.stats();
      return { heapFree: s.heapFree, heapAlloc: s.heapAlloc, mappedReady: this.heap.mappedReady() };
    };
    // The pacer's heapLive starts at what the runtime allocated before main.
    this.pacer.heapLive = this.heap.baseline.bytes;
    // gc rule 4: startCycle's worker rounding.
    const goal = o.procs * gcBackgroundUtilization;
    let dedicated = Math.floor(goal + 0.5);
    let fractional = 0;
    const utilError = dedicated / goal - 1;
    if (utilError < -0.3 || utilError > 0.3) {
      if (dedicated > goal) dedicated--;
      fractional = (goal - dedicated) / o.procs;
    }
    this.bgShare = dedicated + fractional * o.procs;
    this.heap.listener = this;
    this.refreshTrigger();
  }

  private emit(e: GcEvent): void {
    this.onEvent?.(e);
  }

  // ---------------------------------------------------------------- pacing

  private refreshTrigger(): void {
    this.cachedTrigger = this.pacer.trigger().trigger;
  }

  /**
   * debug.SetGCPercent: new GOGC, heapMinimum and goal (pacer P2, P3), committed at once. Like the runtime,
   * it does not start a cycle itself; the next allocation that reaches the new trigger does.
   */
  setGCPercent(gcPercent: number): void {
    const p = this.pacer;
    p.gcPercent = gcPercent < 0 ? -1 : gcPercent;
    p.heapMinimum = p.gcPercent < 0 ? 0 : (4 << 20) * (p.gcPercent / 100);
    p.commit(!this.heap.sweeping);
    this.refreshTrigger();
  }

  /** Bytes the mutator may still allocate before the next cycle starts (0 while one runs). */
  roomBeforeTrigger(): number {
    if (this.phase !== 'off') return 0;
    if (this.pacer.memoryLimit !== Infinity) this.refreshTrigger();
    return Math.max(0, this.cachedTrigger - this.pacer.heapLive);
  }

  /** Current heap goal (for charts). */
  heapGoal(): number {
    return this.pacer.heapGoal();
  }

  // ---------------------------------------------------------------- HeapListener

  allocated(bytes: number, scanBytes: number): void {
    const p = this.pacer;
    p.heapLive += bytes;
    if (this.phase === 'off') {
      p.heapScan += scanBytes;
      if (this.pacer.memoryLimit !== Infinity) this.refreshTrigger();
      if (p.heapLive >= this.cachedTrigger) this.startCycle(false);
      return;
    }
    // gc rule 5: assist debt. The ratio is revised every 64 KiB of allocation, as the runtime revises it
    // when heapLive moves (at span refills), not on every object.
    if (this.limiterOn) return;
    this.sinceReviseBytes += bytes;
    if (this.sinceReviseBytes >= REVISE_BYTES || this.assistRatio < 0) {
      this.assistRatio = p.revise(this.scanWorkDone(), this.costs.stackScanBytes);
      this.sinceReviseBytes = 0;
    }
    this.assistDebtBytes += bytes * this.assistRatio;
    if (this.assistDebtBytes <= 0) return;
    const steal = Math.min(this.bgCreditBytes, this.assistDebtBytes);
    this.bgCreditBytes -= steal;
    this.assistDebtBytes -= steal;
    if (this.assistDebtBytes > 0) this.assist(Math.max(this.assistDebtBytes, gcOverAssistWork));
  }

  zeroing(ns: number, preemptible: boolean): void {
    if (preemptible) this.mutate(ns);
    else this.nonPreemptible(ns);
  }

  // ---------------------------------------------------------------- the clock

  /** Mutator speed and GC worker CPU per ns while marking (gc rule 4), with one busy mutator goroutine. */
  private markRates(): { mutSpeed: number; bg: number; idle: number } {
    const free = this.procs - 1;
    if (free >= this.bgShare) return { mutSpeed: 1, bg: this.bgShare, idle: this.limiterOn ? 0 : free - this.bgShare };
    return { mutSpeed: (this.procs - this.bgShare) / 1, bg: this.bgShare, idle: 0 };
  }

  /** Worker rates when the mutator is parked: every P marks, at the measured utilization. */
  private parkedRates(): { mutSpeed: number; bg: number; idle: number } {
    const u = this.costs.markUtilization;
    const idle = this.limiterOn ? 0 : this.procs - this.bgShare;
    return { mutSpeed: 0, bg: this.bgShare * u, idle: idle * u };
  }

  /** The mutator runs `ns` of its own CPU work (preemptible). */
  mutate(ns: number): void {
    if (this.phase === 'off' && this.pacer.memoryLimit === Infinity) {
      this.nowNs += ns;
      if (this.heap.sweeping) this.sweepProgress();
      return;
    }
    let left = ns;
    while (left > 0) {
      if (this.phase !== 'mark') {
        this.nowNs += left;
        this.limiterAccount(0, left * this.procs);
        left = 0;
        break;
      }
      const r = this.markRates();
      const gcRate = r.bg + r.idle;
      const wall = left / r.mutSpeed;
      const finishWall = this.workLeftNs / gcRate;
      if (finishWall >= wall) {
        this.workers(wall, r);
        this.nowNs += wall;
        left = 0;
      } else {
        this.workers(finishWall, r);
        this.nowNs += finishWall;
        left -= finishWall * r.mutSpeed;
        this.markTermination(this.nowNs);
      }
    }
    if (this.heap.sweeping) this.sweepProgress();
  }

  /**
   * The mutator runs `ns` with preemption off (gc rule 2): a mark termination that falls inside waits for
   * the end, and so does a cycle start requested by another goroutine (not modelled: cycles are started by
   * the mutator's own allocations or by runtime.GC()).
   */
  nonPreemptible(ns: number): void {
    const end = this.nowNs + ns;
    this.npEndNs = end;
    if (this.phase === 'mark') {
      const r = this.markRates();
      const gcRate = r.bg + r.idle;
      const finishWall = this.workLeftNs / gcRate;
      if (finishWall < ns) {
        this.workers(finishWall, r);
        const requested = this.nowNs + finishWall;
        this.nowNs = end;
        this.npEndNs = -1;
        this.markTermination(requested);
        return;
      }
      this.workers(ns, r);
    }
    this.nowNs = end;
    this.npEndNs = -1;
    if (this.heap.sweeping) this.sweepProgress();
  }

  /**
   * The mutator is parked for `ns` (sleeping, waiting): every P can run mark workers, and stopping the
   * world needs no preemption.
   */
  idle(ns: number): void {
    let left = ns;
    this.mutatorParked = true;
    while (left > 0 && this.phase === 'mark') {
      const r = this.parkedRates();
      const finish = this.workLeftNs / (r.bg + r.idle);
      if (finish >= left) {
        this.workers(left, r);
        this.nowNs += left;
        left = 0;
      } else {
        this.workers(finish, r);
        this.nowNs += finish;
        left -= finish;
        this.markTermination(this.nowNs);
      }
    }
    this.nowNs += left;
    this.mutatorParked = false;
    if (this.heap.sweeping) this.sweepProgress();
  }

  /** Background and idle workers run for `wall` ns (gc rule 4). */
  private workers(wall: number, r: { bg: number; idle: number; mutSpeed: number }): void {
    if (wall <= 0 || !this.cur) return;
    const bgCpu = wall * r.bg;
    const idleCpu = wall * r.idle;
    const done = Math.min(this.workLeftNs, bgCpu + idleCpu);
    this.workLeftNs -= done;
    this.cur.bgCpuNs += bgCpu;
    this.cur.idleCpuNs += idleCpu;
    // Background work earns credit that assists can steal (gcFlushBgCredit).
    if (this.workTotalNs > 0) this.bgCreditBytes += (done / this.workTotalNs) * this.scanWorkTotal;
    this.limiterAccount(bgCpu, wall * r.mutSpeed);
  }

  /** gc rule 5: the mutator does `scanBytes` of mark work itself. */
  private assist(scanBytes: number): void {
    if (!this.cur || this.scanWorkTotal <= 0) {
      this.assistDebtBytes = 0;
      return;
    }
    const nsPerScanByte = this.workTotalNs / this.scanWorkTotal;
    const wantNs = scanBytes * nsPerScanByte;
    const ns = Math.min(wantNs, this.workLeftNs);
    this.assistDebtBytes -= ns / nsPerScanByte;
    if (this.assistDebtBytes < 0) {
      this.bgCreditBytes += -this.assistDebtBytes;
      this.assistDebtBytes = 0;
    }
    this.cur.assistCpuNs += ns;
    this.assistTotalNs += ns;
    this.workLeftNs -= ns;
    // While the mutator assists, the workers keep going on their Ps.
    const r = this.markRates();
    this.workers(ns, { ...r, mutSpeed: 0 });
    this.limiterAccount(ns, 0);
    this.nowNs += ns;
    if (this.workLeftNs <= 1e-6) this.markTermination(this.nowNs);
  }

  private scanWorkDone(): number {
    if (this.workTotalNs <= 0) return 0;
    return (1 - this.workLeftNs / this.workTotalNs) * this.scanWorkTotal;
  }

  /** gc rule 9: the CPU limiter's bucket (1 CPU-second per P) fills with GC time beyond 50 %. */
  private limiterAccount(gcCpuNs: number, mutatorCpuNs: number): void {
    if (this.pacer.memoryLimit === Infinity) return;
    const cap = 1e9 * this.procs;
    this.limiterFill = Math.min(cap, Math.max(0, this.limiterFill + gcCpuNs - mutatorCpuNs));
    this.limiterOn = this.limiterFill >= cap;
  }

  // ---------------------------------------------------------------- cycles

  /** Mark work of the live heap (gc rule 3), in CPU ns, and its scan work in bytes. */
  markWork(): { cpuNs: number; scanWork: number; heapScanBytes: number; objects: number; workingSetBytes: number } {
    const live = this.heap.live;
    let spans = 0;
    for (let sc = 0; sc < NUM_SPAN_CLASSES; sc++) {
      const k = live.objects[sc];
      if (k > 0) spans += sc >> 1 === 0 ? k : Math.ceil(k / objectsPerSpan(sc));
    }
    const c = this.costs;
    const workingSetBytes = spans * c.spanMetaBytes;
    const objects = live.totalObjects;
    const heapScanBytes = live.totalScanBytes;
    const cpuNs =
      c.markFixedNs +
      heapScanBytes / c.scanBytesPerNs +
      this.livePointers() * c.markNsPerPointer +
      objects * c.markNsPerObject(workingSetBytes);
    return {
      cpuNs,
      scanWork: heapScanBytes + c.stackScanBytes + c.globalsScanBytes,
      heapScanBytes,
      objects,
      workingSetBytes,
    };
  }

  /** gcStart: finish the sweep, sweep termination STW, begin marking. */
  private startCycle(forced: boolean): void {
    if (this.phase !== 'off') return;
    this.finishSweep(forced ? this.procs : 1);
    const p = this.pacer;
    const { trigger, goal } = p.trigger();
    p.startCycle();
    const n = ++this.numGC;
    const w = this.markWork();
    const cyc: GcCycle = {
      n,
      startNs: this.nowNs,
      stw1Ns: 0,
      markNs: 0,
      stw2Ns: 0,
      assistCpuNs: 0,
      bgCpuNs: 0,
      idleCpuNs: 0,
      heapStart: p.heapLive,
      heapEnd: 0,
      heapLive: 0,
      heapGoal: goal,
      scanWork: w.scanWork,
      forced,
      timeToStopNs: 0,
      markCpuNs: w.cpuNs,
      trigger: forced ? null : trigger,
    };
    this.cur = cyc;
    this.emit({ type: 'gcStart', atNs: this.nowNs, n, forced, heapLive: p.heapLive, heapGoal: goal, trigger: cyc.trigger });
    // gc rule 1 (the mutator itself requested it, so it is at a safe point).
    const stw = this.costs.stwSweepTermNs;
    cyc.stw1Ns = stw;
    this.pauseTotalNs += stw;
    this.emit({ type: 'stw', atNs: this.nowNs, n, phase: 'sweepTerm', ns: stw, timeToStopNs: 0 });
    this.nowNs += stw;
    this.phase = 'mark';
    this.heap.marking = true;
    this.markStartNs = this.nowNs;
    this.workTotalNs = w.cpuNs;
    this.workLeftNs = w.cpuNs;
    this.scanWorkTotal = Math.max(1, w.scanWork);
    this.bgCreditBytes = 0;
    this.assistDebtBytes = 0;
    this.assistRatio = -1;
    this.sinceReviseBytes = 0;
  }

  /** Mark termination requested at `requestedNs` (≤ now when it waited for a non-preemptible section). */
  private markTermination(requestedNs: number): void {
    const cyc = this.cur;
    if (!cyc || this.phase !== 'mark') return;
    const p = this.pacer;
    cyc.markNs = requestedNs - this.markStartNs;
    cyc.heapEnd = p.heapLive;
    const tts = Math.max(0, this.nowNs - requestedNs);
    // gc rule 1; a running mutator on another P must be preempted first (it is parked in runtime.GC()).
    const preempt = cyc.forced || this.mutatorParked ? 0 : this.costs.preemptNs;
    const stw = tts + preempt + this.costs.stwMarkTermNs;
    cyc.stw2Ns = stw;
    cyc.timeToStopNs += tts;
    this.pauseTotalNs += stw;
    this.emit({ type: 'stw', atNs: requestedNs, n: cyc.n, phase: 'markTerm', ns: stw, timeToStopNs: tts });
    this.nowNs = requestedNs + stw;
    // P8 before P9, as gcMarkDone → gcMarkTermination do.
    const marked = this.heap.finishMark();
    const end = {
      heapLive: p.heapLive,
      bytesMarked: marked.bytesMarked,
      heapScanWork: cyc.scanWork - this.costs.stackScanBytes - this.costs.globalsScanBytes,
      stackScanWork: this.costs.stackScanBytes,
      globalsScanWork: this.costs.globalsScanBytes,
      markWallNs: cyc.markNs,
      assistCpuNs: cyc.assistCpuNs,
      idleCpuNs: cyc.idleCpuNs,
      procs: this.procs,
      userForced: cyc.forced,
    };
    p.endCycle(end);
    p.resetLive(end);
    cyc.heapLive = marked.bytesMarked;
    this.phase = 'off';
    this.cur = null;
    this.cycles.push(cyc);
    this.workLeftNs = 0;
    this.scavenge();
    this.refreshTrigger();
    this.emit({ type: 'markDone', atNs: this.nowNs, n: cyc.n, heapMarked: marked.bytesMarked, nextGoal: p.heapGoal() });
    this.beginSweep(cyc.n);
  }

  /** gc rule 7 */
  private beginSweep(n: number): void {
    const spans = this.heap.spansInUse();
    const ns = spans * this.costs.sweepNsPerSpan;
    this.sweepCycle = n;
    if (!this.heap.sweeping) return;
    if (this.procs > 1) {
      this.sweepStartNs = this.nowNs;
      this.sweepEndNs = this.nowNs + ns;
      this.nextSweepNs = this.nowNs;
    } else {
      // No free P: proportional sweep charges the mutator (front-loaded here).
      this.nowNs += ns;
      this.heap.sweepToEnd();
      this.emit({ type: 'sweepDone', atNs: this.nowNs, n });
    }
  }

  private sweepProgress(): void {
    if (this.nowNs < this.nextSweepNs && this.nowNs < this.sweepEndNs) return;
    const span = this.sweepEndNs - this.sweepStartNs;
    this.nextSweepNs = this.nowNs + span / SWEEP_STEPS;
    const f = span <= 0 ? 1 : (this.nowNs - this.sweepStartNs) / span;
    this.heap.sweepTo(f);
    if (!this.heap.sweeping) this.emit({ type: 'sweepDone', atNs: this.nowNs, n: this.sweepCycle });
  }

  /** gcStart's "finish any unswept spans", on `ps` Ps (the caller plus, for runtime.GC, the others). */
  private finishSweep(ps: number): void {
    if (!this.heap.sweeping) return;
    const left = Math.max(0, this.sweepEndNs - this.nowNs);
    this.nowNs += left / Math.max(1, ps);
    this.heap.sweepToEnd();
    this.emit({ type: 'sweepDone', atNs: this.nowNs, n: this.sweepCycle });
  }

  /** gc rule 9: keep mapped memory under 95 % of the limit. */
  private scavenge(): void {
    const limit = this.pacer.memoryLimit;
    if (limit === Infinity) return;
    const over = this.heap.mappedReady() - 0.95 * limit;
    if (over > 0) this.heap.release(over);
  }

  /**
   * runtime.GC() (gc rule 8). Returns its wall time in ns. Leaves the clock after the call.
   */
  forceGC(): number {
    const t0 = this.nowNs;
    this.mutatorParked = true;
    // Wait for a running cycle: the caller blocks, every P can mark.
    if (this.phase === 'mark') this.idleUntilMarkDone();
    this.startCycle(true);
    if (this.cur) this.idleUntilMarkDone();
    // The caller sweeps every span, helped by the background sweeper on the other Ps.
    this.finishSweep(this.procs);
    this.nowNs += this.costs.forcedGcOverheadNs;
    this.mutatorParked = false;
    return this.nowNs - t0;
  }

  /** The parked caller waits while every P marks until the running cycle's mark is done. */
  private idleUntilMarkDone(): void {
    const r = this.parkedRates();
    const wall = this.workLeftNs / (r.bg + r.idle);
    this.workers(wall, r);
    this.workLeftNs = 0;
    this.nowNs += wall;
    this.markTermination(this.nowNs);
  }

  /** Catch the sweeper up with the clock (before reading stats). */
  sync(): void {
    this.nextSweepNs = 0;
    if (this.heap.sweeping) this.sweepProgress();
  }
}
