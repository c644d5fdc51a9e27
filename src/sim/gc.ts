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
 *   mutator      the goroutine whose time `nowNs` is: main in the map workloads, the goroutine repeating
 *                the operation in the time-to-stop workload (run.ts).
 *   section      a stretch the mutator runs without a safe point (`nonPreemptible`): a stop-the-world
 *                cannot stop it before its end.
 *   time to stop the part of a pause spent waiting for running goroutines to stop
 *                (`/sched/pauses/stopping/gc:seconds` since go1.22).
 *
 * Mechanisms
 *   The mutator (run.ts) spends CPU time through `mutate(ns)` and `nonPreemptible(ns)`; the heap reports
 *   allocations here. Time only moves forward. A cycle starts when an allocation makes heapLive reach the
 *   pacer's trigger, or when a goroutine calls runtime.GC(). Its mark work is fixed by what is reachable
 *   at that moment (allocations during mark are black and need no scanning). While the mutator runs,
 *   workers burn that work at the rate the Ps allow; assists take the rest out of the mutator's time. Two
 *   other goroutines can run beside the mutator: one that allocates garbage at a steady rate (rule 11) and
 *   one that calls runtime.GC() in a loop (rule 10). When either stops the world, the mutator must stop too.
 *
 * Rules (cited as "gc rule N")
 *   1. STW phases cost fixed wall times (`stwSweepTermNs`, `stwMarkTermNs`, measured medians), not
 *      proportional to the heap: neither phase scans heap objects (go1.19 mgc.go gcStart, gcMarkTermination).
 *   2. Time to stop. A stop-the-world must stop every running goroutine but the one asking for it
 *      (stopTheWorldWithSema). A goroutine in preemptible code stops after `preemptNs` (the measured cost of
 *      preempting a goroutine on another P); one inside a section stops at the section's end (heap rule 5:
 *      go1.19's zeroing and heap bitmap of a large pointerful allocation, mapclear's memclr). With one P
 *      nothing else is running when a goroutine asks, so the time to stop is zero. The wait is part of the
 *      pause: gcStart and gcMarkDone read the clock (tSweepTerm, tMarkTerm = pauseStart) before stopping.
 *   3. Mark work = markFixedNs + heapScanBytes / scanBytesPerNs + pointers · markNsPerPointer
 *      + objects · markNsPerObject(span working set) (costs.ts explains each term and its source).
 *   4. Workers (startCycle): dedicated = round(0.25·procs); if that is off by more than 30 %, fractional
 *      workers make up the rest. With one busy mutator goroutine the other procs − 1 Ps run background and
 *      idle workers; when no P is free the background share is taken from the mutator. With one P a worker
 *      cannot run while the mutator is inside a section.
 *   5. Assists: while marking, each allocated byte adds assistWorkPerByte (pacer P10) of scan work to the
 *      goroutine's debt; debt is first paid from background credit, then by the goroutine doing mark work
 *      itself (at least gcOverAssistWork = 64 KiB of scan work per assist). mallocgc assists before it
 *      allocates, and tests the trigger after the object is zeroed (go1.19 malloc.go), so a cycle its own
 *      allocation starts begins after that allocation's section.
 *   6. A cycle's heapMarked includes black allocations and objects dropped during mark (heap rule 2).
 *   7. Sweep: after mark termination every in-use span is swept (sweepNsPerSpan); a free P runs the
 *      background sweeper, otherwise the mutator pays it. gcStart finishes any leftover sweep first.
 *   8. runtime.GC() by the mutator (forced): waits for a running cycle's mark, runs a full cycle with the
 *      caller blocked (all Ps mark), then sweeps every span before returning (go1.19 mgc.go GC). Its wall
 *      time also includes a fixed scheduling overhead measured on an empty heap (costs.forcedGcFixedNs).
 *   9. GOMEMLIMIT: the scavenger returns free pages so that mapped memory stays under 95 % of the limit
 *      (go1.19 mgcscavenge.go memoryLimitToGoal); the GC CPU limiter stops assists when GC has used more
 *      than half of the CPU for one CPU-second per P (mgclimit.go), so a limit below the live heap makes
 *      the GC run back to back instead of stalling the program.
 *  10. runtime.GC() from another goroutine while the mutator runs (`startGcCaller`): it sleeps, then waits
 *      for a running cycle's mark, sweeps what is left, and starts a cycle whose sweep termination must stop
 *      the mutator (rule 2). Mark termination comes after gcMarkDone's ragged barrier (forEachP): every P
 *      must pass a safe point first, so the barrier, not the pause, absorbs the mutator's current section.
 *      The goroutine that then stops the world wakes about `preemptNs` later; if the mutator has entered its
 *      next section by then, the pause waits for that one whole section (go1.19 mgc.go gcMarkDone). After
 *      mark termination the caller sweeps every span and returns. With one P the caller runs only when the
 *      scheduler preempts the mutator: after `forcePreemptNS` of running, at its next safe point (proc.go
 *      sysmon/retake); the mutator is then off the P, so the caller's pauses need no stopping.
 *      Each call's scheduling overhead (forcedGcOverheadNs) is drawn from its measured spread (p10–p90, half
 *      the draws below the median, half above). The real goroutine's ops and main's wake-ups vary from cycle to
 *      cycle (the harness saw one make take 7 ms to 540 ms), so main wakes at varying points of the op loop;
 *      with fixed times the model would wake main at the same point of every op and report one wait.
 *  11. A background goroutine (run rule 7) allocates on another P while the mutator runs, also inside the
 *      mutator's sections. When its allocation reaches the trigger there, its gcStart waits for the section
 *      to end (rule 2). With one P it cannot run during a section.
 */
import { logArray } from './fork';
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
  /** Time to stop a goroutine running preemptible code on another P (gc rule 2); 0 with one P. */
  preemptNs: number;
  /** runtime.GC() wall time beyond the pauses, mark and sweep modelled here (scheduling, wake-ups). */
  forcedGcOverheadNs: number;
  /** The measured spread of that overhead (p10, p90), for the caller of rule 10. */
  forcedGcOverheadSpreadNs: [lo: number, hi: number];
  sweepNsPerSpan: number;
  stackScanBytes: number;
  globalsScanBytes: number;
}

/**
 * One GC cycle in the result format (calibration/FORMAT.md `cycles[]`): what the simulator reports and what
 * a real run's gctrace gives (src/lib/gctrace.ts), so both can share a chart.
 */
export interface FormatCycle {
  n: number;
  /** When the cycle asked to stop the world (gctrace's clock starts here, time to stop included). */
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
  /** Heap, stack and globals scan work; null where the source does not report it (gctrace). */
  scanWork: number | null;
  forced: boolean;
}

/** One simulated GC cycle: the result-format fields and a few more. */
export interface GcCycle extends FormatCycle {
  scanWork: number;
  /** Of stw1Ns + stw2Ns, the time spent stopping running goroutines (gc rule 2). */
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

/** Another goroutine that allocates garbage at a steady rate (gc rule 11); `allocate` makes the objects. */
export interface BackgroundAllocator {
  bytesPerNs: number;
  allocate(bytes: number): void;
}

/** A goroutine calling runtime.GC() `count` times, `gapNs` apart, beside the mutator (gc rule 10). */
export interface GcCallerOptions {
  gapNs: number;
  count: number;
  /** Seeded uniform numbers in [0, 1): each call's scheduling overhead is drawn from its measured spread. */
  random: () => number;
  /** Called when a call returns, with its wall time. */
  onReturn?: (wallNs: number, endNs: number) => void;
}

/** sysmon preempts a goroutine that has run this long (go1.19 proc.go forcePreemptNS), at its next safe point. */
export const forcePreemptNS = 10e6;
/** Scan work an assist does at least (`gcOverAssistWork`). */
const gcOverAssistWork = 64 << 10;
/** Allocation between two revisions of the assist ratio. */
const REVISE_BYTES = 64 << 10;
/** The sweeper's progress is applied to the heap in this many steps. */
const SWEEP_STEPS = 32;

type Phase = 'off' | 'mark';
/** The other goroutine's place in runtime.GC() (gc rule 10). */
type CallerState = 'sleep' | 'waitMark' | 'sweep' | 'inGc' | 'return' | 'done';

interface GcCaller extends GcCallerOptions {
  state: CallerState;
  /** When the next step of 'sleep', 'sweep' or 'return' is due. */
  atNs: number;
  callStartNs: number;
  /** The cycle this call started ('inGc'). */
  cycle: number;
}

/** Who asks to stop the world, and how long stopping the others takes (gc rule 2). */
interface StopRequest {
  /** When the stop was asked for. */
  atNs: number;
  /** Wait until every other running goroutine stopped. */
  waitNs: number;
}

export class Runtime implements HeapListener {
  readonly heap: Heap;
  readonly pacer: Pacer;
  readonly costs: GcCostModel;
  readonly procs: number;
  private onEvent: ((e: GcEvent) => void) | undefined;

  /** The virtual clock, ns since the program started: the mutator's time. */
  nowNs = 0;
  phase: Phase = 'off';
  /** Completed cycles, never changed once added (a log for fork.ts). */
  readonly cycles: GcCycle[] = logArray();
  numGC = 0;
  pauseTotalNs = 0;
  /** Mutator CPU spent in assists, over the whole run. */
  assistTotalNs = 0;
  /** Non-nil pointers in live objects that point at other heap objects (set by the workload; gc rule 3). */
  livePointers: () => number = () => 0;
  /** gc rule 11; null = none. */
  background: BackgroundAllocator | null = null;
  /** The longest section since the driver last reset it (run.ts batches ops without long ones). */
  longestSectionNs = 0;

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
  /**
   * gc rule 10: mark work is done but gcMarkDone's ragged barrier had to wait for the mutator's section; the
   * goroutine that stops the world asks at this time.
   */
  private markDoneAtNs = -1;

  // Sweep (gc rule 7).
  private sweepStartNs = 0;
  private sweepEndNs = 0;
  private sweepCycle = 0;

  /** The mutator is parked (in runtime.GC() or asleep): stopping the world needs no preemption. */
  private mutatorParked = false;
  /** The current allocation is the background goroutine's (gc rule 11): a cycle it starts must stop the mutator. */
  private allocByBackground = false;
  /** The allocation reaching the trigger starts its cycle later (the background goroutine waits in a section). */
  private triggerDeferred = false;
  /** Background bytes not yet allocated (less than one object). */
  private bgCarryNs = 0;
  /** gc rule 10. */
  private caller: GcCaller | null = null;
  /** One P: when the mutator last got the P (sysmon preempts it forcePreemptNS later). */
  private runningSinceNs = 0;

  // GC CPU limiter (gc rule 9).
  private limiterFill = 0;
  private limiterOn = false;

  constructor(o: RuntimeOptions) {
    this.heap = o.heap;
    this.costs = o.costs;
    this.procs = o.procs;
    this.pacer = new Pacer({
      gcPercent: o.gcPercent,
      memoryLimit: o.memoryLimit,
      rules: o.rules,
      stackScanBytes: o.costs.stackScanBytes,
      globalsScanBytes: o.costs.globalsScanBytes,
    });
    this.rebind(o.onEvent);
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

  /**
   * Re-creates the closures this runtime hands out, pointing at this instance: after a deep copy (fork.ts
   * rule 4) they would still see the original. `onEvent` is the owner's new listener.
   */
  rebind(onEvent: ((e: GcEvent) => void) | undefined): void {
    this.onEvent = onEvent;
    this.pacer.memInputs = () => {
      const s = this.heap.stats();
      return { heapFree: s.heapFree, heapAlloc: s.heapAlloc, mappedReady: this.heap.mappedReady() };
    };
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

  allocated(bytes: number, scanBytes: number, zero?: { ns: number; preemptible: boolean }): void {
    const p = this.pacer;
    // gc rule 5: mallocgc assists before it allocates.
    if (this.phase === 'mark') this.assistFor(bytes);
    p.heapLive += bytes;
    if (this.phase === 'off') p.heapScan += scanBytes;
    if (zero && zero.ns > 0) {
      if (zero.preemptible) this.mutate(zero.ns);
      else this.nonPreemptible(zero.ns);
    }
    if (this.phase === 'off') {
      if (this.pacer.memoryLimit !== Infinity) this.refreshTrigger();
      // gc rule 5: the trigger is tested at the end of mallocgc, after the object was zeroed.
      if (p.heapLive >= this.cachedTrigger && !this.triggerDeferred) this.startByAllocation();
    }
  }

  /** gc rule 5: the assist debt of allocating `bytes` during mark. */
  private assistFor(bytes: number): void {
    if (this.limiterOn || this.markDoneAtNs >= 0) return;
    const p = this.pacer;
    // The ratio is revised every 64 KiB of allocation, as the runtime revises it when heapLive moves (at span
    // refills), not on every object.
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

  /** A cycle started by an allocation: the mutator's own, or the background goroutine's (gc rule 11). */
  private startByAllocation(): void {
    if (!this.allocByBackground) {
      this.startCycle(false, { atNs: this.nowNs, waitNs: 0 }, true);
      return;
    }
    // The background goroutine stops the mutator (rule 2); it sweeps what is left itself.
    this.startCycle(false, { atNs: this.nowNs, waitNs: this.stopRunningMutatorNs() }, false);
  }

  /** Time to stop the mutator when it runs preemptible code and another goroutine stops the world. */
  private stopRunningMutatorNs(): number {
    return this.mutatorParked || this.procs === 1 ? 0 : this.costs.preemptNs;
  }

  memclr(ns: number): void {
    this.nonPreemptible(ns);
  }

  // ---------------------------------------------------------------- the clock

  /** Mutator speed and GC worker CPU per ns while marking (gc rule 4), with one busy mutator goroutine. */
  private markRates(): { mutSpeed: number; bg: number; idle: number } {
    if (this.markDoneAtNs >= 0) return { mutSpeed: 1, bg: 0, idle: 0 };
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

  /** The next time something other than the mutator needs the clock: the caller's step, a pending markDone. */
  private nextEventNs(): number {
    let t = this.markDoneAtNs >= 0 ? this.markDoneAtNs : Infinity;
    const c = this.caller;
    if (c && (c.state === 'sleep' || c.state === 'sweep' || c.state === 'return')) {
      // With one P the caller runs only when sysmon preempts the mutator (rule 10).
      const due = this.procs === 1 && c.state !== 'return' ? Math.max(c.atNs, this.runningSinceNs + forcePreemptNS) : c.atNs;
      t = Math.min(t, due);
    }
    return t;
  }

  /** The mutator runs `ns` of its own CPU work (preemptible). */
  mutate(ns: number): void {
    if (this.phase === 'off' && this.pacer.memoryLimit === Infinity && !this.callerBusy) {
      this.nowNs += ns;
      if (this.background) this.backgroundRuns(ns);
      if (this.heap.sweeping) this.sweepProgress();
      return;
    }
    const t0 = this.nowNs;
    let left = ns;
    while (left > 0) {
      const ev = this.nextEventNs();
      if (ev <= this.nowNs) {
        this.event(null);
        continue;
      }
      if (this.phase !== 'mark') {
        const wall = Math.min(left, ev - this.nowNs);
        this.nowNs += wall;
        this.limiterAccount(0, wall * this.procs);
        left -= wall;
        continue;
      }
      const r = this.markRates();
      const gcRate = r.bg + r.idle;
      const wall = left / r.mutSpeed;
      const finishWall = gcRate > 0 ? this.workLeftNs / gcRate : Infinity;
      const evWall = ev - this.nowNs;
      const step = Math.min(wall, finishWall, evWall);
      this.workers(step, r);
      this.nowNs += step;
      left -= step * r.mutSpeed;
      if (step === finishWall && step < wall) {
        // The mutator is preemptible: the stop costs preemptNs (rule 2).
        this.markTermination({ atNs: this.nowNs, waitNs: this.stopRunningMutatorNs() });
      }
    }
    if (this.background) this.backgroundRuns(this.nowNs - t0);
    if (this.heap.sweeping) this.sweepProgress();
  }

  /**
   * The mutator runs `ns` without a safe point (gc rule 2). A stop-the-world asked for meanwhile by another
   * goroutine waits for the end; a mark that ends meanwhile waits in gcMarkDone's ragged barrier (rule 10).
   */
  nonPreemptible(ns: number): void {
    if (ns > this.longestSectionNs) this.longestSectionNs = ns;
    const t0 = this.nowNs;
    const end = t0 + ns;
    const oneP = this.procs === 1;
    let stop: StopRequest | null = null;
    let stopBy: 'caller' | 'background' = 'caller';
    let bgBytes = this.background && !oneP ? ns * this.background.bytesPerNs : 0;
    while (!stop && this.nowNs < end) {
      // Events of other goroutines inside the section (one P: none can run).
      const ev = oneP ? Infinity : this.nextEventNs();
      const r = this.phase === 'mark' && !oneP ? this.markRates() : null;
      const gcRate = r ? r.bg + r.idle : 0;
      const finish = gcRate > 0 ? this.nowNs + this.workLeftNs / gcRate : Infinity;
      // gc rule 11: where the background goroutine's allocation reaches the trigger.
      const room = bgBytes > 0 && this.phase === 'off' ? this.roomBeforeTrigger() : Infinity;
      const cross = room <= bgBytes ? t0 + room / this.background!.bytesPerNs : Infinity;
      const t = Math.min(ev, finish, cross);
      if (t >= end) break;
      if (r) this.workers(t - this.nowNs, r);
      this.nowNs = Math.max(this.nowNs, t);
      if (t === finish) {
        // Mark work is done; gcMarkDone's forEachP waits for this section, then stops the world (rule 10).
        this.workLeftNs = 0;
        this.markDoneAtNs = end + this.costs.preemptNs;
      } else if (t === cross) {
        // The background goroutine allocates up to the trigger; its gcStart then waits for the section.
        this.triggerDeferred = true;
        this.backgroundBytes(room);
        this.triggerDeferred = false;
        bgBytes = 0;
        stop = { atNs: t, waitNs: end - t };
        stopBy = 'background';
      } else {
        stop = this.event(end);
      }
    }
    if (this.phase === 'mark' && !oneP && this.nowNs < end) this.workers(end - this.nowNs, this.markRates());
    // A mark termination that waited for this section has already moved the clock past its end.
    this.nowNs = Math.max(this.nowNs, end);
    this.limiterAccount(0, ns * this.procs);
    if (oneP && !stop && this.phase === 'mark' && this.markDoneAtNs < 0) this.fractionalWorkerAfter(ns);
    if (stop) {
      // A stop asked for inside the section: its wait ends now.
      this.startCycle(stopBy === 'caller', stop, false);
      if (stopBy === 'caller') this.callerStarted();
    } else if (bgBytes > 0) {
      this.backgroundBytes(bgBytes);
    }
    if (oneP && this.nextEventNs() <= this.nowNs) this.event(null);
    if (this.heap.sweeping) this.sweepProgress();
  }

  /**
   * One P: the section's end is a safe point, where the scheduler gives the P to the fractional mark worker
   * for its share of the time it has been kept waiting (bgShare of the P, as mutate() gives it), so back-to-back
   * sections do not starve the mark (gcController's fractional utilization goal).
   */
  private fractionalWorkerAfter(sectionNs: number): void {
    const share = (sectionNs * this.bgShare) / (this.procs - this.bgShare);
    const step = Math.min(share, this.workLeftNs);
    this.workers(step, { mutSpeed: 0, bg: 1, idle: 0 });
    this.nowNs += step;
    if (this.workLeftNs <= 0) this.markTermination({ atNs: this.nowNs, waitNs: 0 });
  }

  /**
   * The mutator is parked for `ns` (sleeping, waiting): every P can run mark workers, and stopping the
   * world needs no preemption.
   */
  idle(ns: number): void {
    const end = this.nowNs + ns;
    this.mutatorParked = true;
    while (this.nowNs < end) {
      const ev = Math.min(this.nextEventNs(), end);
      if (ev <= this.nowNs) {
        this.event(null);
        continue;
      }
      if (this.phase !== 'mark' || this.markDoneAtNs >= 0) {
        this.nowNs = ev;
        continue;
      }
      const r = this.parkedRates();
      const finish = this.workLeftNs / (r.bg + r.idle);
      if (this.nowNs + finish >= ev) {
        this.workers(ev - this.nowNs, r);
        this.nowNs = ev;
      } else {
        this.workers(finish, r);
        this.nowNs += finish;
        this.markTermination({ atNs: this.nowNs, waitNs: 0 });
      }
    }
    this.mutatorParked = false;
    if (this.background) this.backgroundRuns(ns);
    if (this.heap.sweeping) this.sweepProgress();
  }

  /** gc rule 11: the background goroutine allocates for `wallNs` of the mutator's time. */
  private backgroundRuns(wallNs: number): void {
    this.bgCarryNs += wallNs;
    const bytes = this.bgCarryNs * this.background!.bytesPerNs;
    this.bgCarryNs = 0;
    this.backgroundBytes(bytes);
  }

  private backgroundBytes(bytes: number): void {
    this.allocByBackground = true;
    this.background!.allocate(bytes);
    this.allocByBackground = false;
  }

  /**
   * Handles what is due at the current time: a pending mark termination, or the caller's next step (rule 10).
   * `sectionEndNs` is set when the mutator is inside a section until then; a stop-the-world is then returned,
   * not run, so that the section can end first.
   */
  private event(sectionEndNs: number | null): StopRequest | null {
    const now = this.nowNs;
    if (this.markDoneAtNs >= 0 && this.markDoneAtNs <= now) {
      const at = this.markDoneAtNs;
      // gc rule 10: the stop is asked for after the barrier. If the mutator has entered a new section since,
      // the stop waits for all of it; the section has then ended when this returns.
      const waitNs = sectionEndNs !== null ? sectionEndNs - at : this.stopRunningMutatorNs();
      this.markTermination({ atNs: at, waitNs });
      return null;
    }
    const c = this.caller;
    if (!c) return null;
    switch (c.state) {
      case 'sleep':
        c.callStartNs = now;
      // falls through: runtime.GC() waits for a running mark, sweeps, then starts its cycle
      case 'sweep': {
        if (this.phase === 'mark') {
          // gcWaitOnMark: the caller blocks until this cycle's mark ends.
          c.state = 'waitMark';
          this.runningSinceNs = now;
          return null;
        }
        if (this.heap.sweeping && this.procs > 1) {
          // gcStart sweeps what is left first, on the caller's P beside the mutator.
          c.state = 'sweep';
          c.atNs = Math.max(now, this.sweepEndNs);
          if (c.atNs > now) return null;
          this.heap.sweepToEnd();
        }
        if (this.procs === 1) {
          // The caller has the only P: the mutator is off it, nothing to stop (rule 10).
          this.finishSweep(1);
          this.startCycle(true, { atNs: this.nowNs, waitNs: 0 }, false);
          this.callerStarted();
          return null;
        }
        if (sectionEndNs !== null) return { atNs: now, waitNs: sectionEndNs - now };
        this.startCycle(true, { atNs: now, waitNs: this.stopRunningMutatorNs() }, false);
        this.callerStarted();
        return null;
      }
      case 'return': {
        const wall = c.atNs - c.callStartNs;
        c.onReturn?.(wall, c.atNs);
        c.count--;
        if (c.count > 0) {
          c.state = 'sleep';
          c.atNs += c.gapNs;
        } else {
          c.state = 'done';
        }
        return null;
      }
      default:
        return null;
    }
  }

  /** Rule 10: a runtime.GC() overhead from the measured spread, as likely below the median as above it. */
  private drawOverheadNs(u: number): number {
    const med = this.costs.forcedGcOverheadNs;
    const [lo, hi] = this.costs.forcedGcOverheadSpreadNs;
    const a = Math.min(lo, med);
    const b = Math.max(hi, med);
    return u < 0.5 ? a + (med - a) * (u / 0.5) : med + (b - med) * ((u - 0.5) / 0.5);
  }

  /** The caller's cycle has started; it blocks until its mark ends (rule 10). */
  private callerStarted(): void {
    const c = this.caller!;
    c.state = 'inGc';
    c.cycle = this.numGC;
    this.runningSinceNs = this.nowNs;
  }

  /** Rule 10: a mark termination wakes a caller waiting on it. */
  private callerAfterMark(n: number): void {
    const c = this.caller;
    if (!c) return;
    if (c.state === 'waitMark') {
      c.state = 'sweep';
      c.atNs = this.nowNs;
    } else if (c.state === 'inGc' && c.cycle === n) {
      // runtime.GC() sweeps every span, then returns.
      c.state = 'return';
      const sweptAt = this.heap.sweeping ? this.sweepEndNs : this.nowNs;
      c.atNs = Math.max(this.nowNs, sweptAt) + this.drawOverheadNs(c.random());
    }
  }

  /**
   * Starts another goroutine that calls runtime.GC() `count` times, sleeping `gapNs` before each call
   * (rule 10). It runs as the mutator's clock advances.
   */
  startGcCaller(o: GcCallerOptions): void {
    this.caller = { ...o, state: o.count > 0 ? 'sleep' : 'done', atNs: this.nowNs + o.gapNs, callStartNs: 0, cycle: 0 };
    this.runningSinceNs = this.nowNs;
  }

  /** True while the caller of rule 10 has calls left. */
  get callerBusy(): boolean {
    return this.caller !== null && this.caller.state !== 'done';
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
    // While the mutator assists, the workers keep going on their Ps; the assist is preemptible, so the other
    // goroutine's steps happen on time (they cannot start a cycle: one is running).
    const r = this.markRates();
    this.workers(ns, { ...r, mutSpeed: 0 });
    this.limiterAccount(ns, 0);
    const end = this.nowNs + ns;
    for (let ev = this.nextEventNs(); ev <= end && this.caller; ev = this.nextEventNs()) {
      this.nowNs = Math.max(this.nowNs, ev);
      if (this.event(null) === null && this.nextEventNs() === ev) break;
    }
    this.nowNs = Math.max(this.nowNs, end);
    // The assist that finds no work left calls gcMarkDone itself: the mutator is at a safe point.
    if (this.workLeftNs <= 1e-6 && this.phase === 'mark') this.markTermination({ atNs: this.nowNs, waitNs: 0 });
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

  /**
   * gcStart: finish the sweep, sweep termination STW, begin marking. `stop` says when the world was asked to
   * stop and how long stopping the running goroutines took (gc rule 2). `mutatorSweeps`: the mutator itself
   * started the cycle and sweeps what is left on its own time.
   */
  private startCycle(forced: boolean, stop: StopRequest, mutatorSweeps: boolean): void {
    if (this.phase !== 'off') return;
    if (mutatorSweeps) {
      const before = this.nowNs;
      this.finishSweep(forced ? this.procs : 1);
      stop = { atNs: stop.atNs + (this.nowNs - before), waitNs: stop.waitNs };
    } else if (this.heap.sweeping) {
      this.heap.sweepToEnd();
      this.emit({ type: 'sweepDone', atNs: this.nowNs, n: this.sweepCycle });
    }
    const p = this.pacer;
    const { trigger, goal } = p.trigger();
    p.startCycle();
    const n = ++this.numGC;
    const w = this.markWork();
    const stw = stop.waitNs + this.costs.stwSweepTermNs;
    const cyc: GcCycle = {
      n,
      startNs: stop.atNs,
      stw1Ns: stw,
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
      timeToStopNs: stop.waitNs,
      markCpuNs: w.cpuNs,
      trigger: forced ? null : trigger,
    };
    this.cur = cyc;
    this.emit({ type: 'gcStart', atNs: stop.atNs, n, forced, heapLive: p.heapLive, heapGoal: goal, trigger: cyc.trigger });
    // gc rule 1.
    this.pauseTotalNs += stw;
    this.emit({ type: 'stw', atNs: stop.atNs, n, phase: 'sweepTerm', ns: stw, timeToStopNs: stop.waitNs });
    this.nowNs = Math.max(this.nowNs, stop.atNs + stw);
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
    this.markDoneAtNs = -1;
  }

  /** Mark termination: the world is asked to stop at `stop.atNs` (≤ now when it waited for a section). */
  private markTermination(stop: StopRequest): void {
    const cyc = this.cur;
    if (!cyc || this.phase !== 'mark') return;
    const p = this.pacer;
    this.markDoneAtNs = -1;
    cyc.markNs = stop.atNs - this.markStartNs;
    cyc.heapEnd = p.heapLive;
    // gc rule 1; a running mutator on another P must be stopped first (rule 2).
    const stw = stop.waitNs + this.costs.stwMarkTermNs;
    cyc.stw2Ns = stw;
    cyc.timeToStopNs += stop.waitNs;
    this.pauseTotalNs += stw;
    this.emit({ type: 'stw', atNs: stop.atNs, n: cyc.n, phase: 'markTerm', ns: stw, timeToStopNs: stop.waitNs });
    this.nowNs = Math.max(this.nowNs, stop.atNs + stw);
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
    this.callerAfterMark(cyc.n);
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
   * runtime.GC() by the mutator (gc rule 8). Returns its wall time in ns. Leaves the clock after the call.
   */
  forceGC(): number {
    const t0 = this.nowNs;
    this.mutatorParked = true;
    // Wait for a running cycle: the caller blocks, every P can mark.
    if (this.phase === 'mark') this.idleUntilMarkDone();
    this.startCycle(true, { atNs: this.nowNs, waitNs: 0 }, true);
    if (this.cur) this.idleUntilMarkDone();
    // The caller sweeps every span, helped by the background sweeper on the other Ps.
    this.finishSweep(this.procs);
    this.nowNs += this.costs.forcedGcOverheadNs;
    this.mutatorParked = false;
    return this.nowNs - t0;
  }

  /** The parked caller waits while every P marks until the running cycle's mark is done. */
  private idleUntilMarkDone(): void {
    if (this.markDoneAtNs >= 0) {
      this.nowNs = Math.max(this.nowNs, this.markDoneAtNs);
      this.markTermination({ atNs: this.nowNs, waitNs: 0 });
      return;
    }
    const r = this.parkedRates();
    const wall = this.workLeftNs / (r.bg + r.idle);
    this.workers(wall, r);
    this.workLeftNs = 0;
    this.nowNs += wall;
    this.markTermination({ atNs: this.nowNs, waitNs: 0 });
  }

  /** Catch the sweeper up with the clock (before reading stats). */
  sync(): void {
    this.nextSweepNs = 0;
    if (this.heap.sweeping) this.sweepProgress();
  }
}
