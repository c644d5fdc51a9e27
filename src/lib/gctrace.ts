/**
 * Parses the Go runtime's `GODEBUG=gctrace=1` lines into GC cycles with the same fields as the
 * simulator's result format (calibration/FORMAT.md, `cycles[]`), so a real run and a simulated one
 * can share a chart.
 *
 * The line (runtime/mgc.go, gcMarkTermination; go1.19 and go1.26 print the same fields):
 *
 *   gc N @S.SSSs U%[ (checking for goroutine leaks)]: A+B+C ms clock, a+b/c/d+e ms cpu,
 *     H0->H1->H2 MB, G MB goal, S MB stacks, X MB globals, P P[ (forced)]
 *
 * - A, C: the two stop-the-world phases (sweep termination, mark termination), wall time;
 *   B: concurrent mark, wall time.
 * - a, e: STW CPU time (wall × Ps); b/c/d: mark assist / background / idle mark CPU time.
 * - H0, H1: heap when the cycle started and ended; H2: live heap marked; G: the heap goal.
 *   The runtime prints bytes >> 20, so these are whole MiB, truncated; we store MiB × 2^20 bytes.
 * - Times are printed by fmtNSAsMS: two significant digits under 10 ms, whole ms above; "@" has
 *   millisecond resolution, measured from the runtime's start.
 * - The " (checking for goroutine leaks)" marker is go1.26's (GODEBUG goroutineleak detection).
 *
 * Units out: nanoseconds and bytes, as numbers.
 */
import type { FormatCycle } from '../sim/gc';

/** One cycle: the result-format fields the simulator shares, then what only gctrace has. */
export interface GcCycle extends FormatCycle {
  /** gctrace does not report scan work (gcpacertrace does); always null here. */
  scanWork: null;
  /** Percent of CPU time spent in GC since the program started. */
  utilPct: number;
  stw1CpuNs: number;
  stw2CpuNs: number;
  stacksBytes: number;
  globalsBytes: number;
  procs: number;
  leakCheck: boolean;
}

const MiB = 1 << 20;

const LINE =
  /^gc (\d+) @(\d+(?:\.\d+)?)s (\d+)%( \(checking for goroutine leaks\))?: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock, ([\d.]+)\+([\d.]+)\/([\d.]+)\/([\d.]+)\+([\d.]+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (\d+) MB stacks, (\d+) MB globals, (\d+) P( \(forced\))?\s*$/;

const ms = (s: string) => Math.round(Number(s) * 1e6);

/** Parses one line; returns null for anything that is not a gctrace cycle line. */
export function parseGcLine(line: string): GcCycle | null {
  const m = LINE.exec(line.trim());
  if (!m) return null;
  const f = (i: number) => m[i] as string;
  return {
    n: Number(f(1)),
    startNs: Math.round(Number(f(2)) * 1e9),
    stw1Ns: ms(f(5)),
    markNs: ms(f(6)),
    stw2Ns: ms(f(7)),
    assistCpuNs: ms(f(9)),
    bgCpuNs: ms(f(10)),
    idleCpuNs: ms(f(11)),
    heapStart: Number(f(13)) * MiB,
    heapEnd: Number(f(14)) * MiB,
    heapLive: Number(f(15)) * MiB,
    heapGoal: Number(f(16)) * MiB,
    scanWork: null,
    forced: m[20] !== undefined,
    utilPct: Number(f(3)),
    stw1CpuNs: ms(f(8)),
    stw2CpuNs: ms(f(12)),
    stacksBytes: Number(f(17)) * MiB,
    globalsBytes: Number(f(18)) * MiB,
    procs: Number(f(19)),
    leakCheck: m[4] !== undefined,
  };
}

/** Quick test used to route stderr lines before the full parse. */
export const looksLikeGcLine = (line: string) => line.startsWith('gc ') && line.includes(' ms clock, ');

/**
 * Splits a stream of stderr text into whole lines. Writes arrive in arbitrary pieces (the runtime
 * prints a gctrace line with many small writes), so a partial line is kept until its newline.
 */
export class LineSplitter {
  private rest = '';

  /** Returns the complete lines in `chunk` (without their newlines). */
  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines;
  }

  /** Returns what is left (a last line without newline), once. */
  flush(): string[] {
    const r = this.rest;
    this.rest = '';
    return r ? [r] : [];
  }
}
