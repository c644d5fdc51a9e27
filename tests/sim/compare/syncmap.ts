/**
 * The calibration harness's sync.Map runs (calibration/data/go1.X.Y/syncmap.jsonl, group `syncmap`) against the
 * simulator's mode syncmap (src/sim/syncmap/run.ts), read at call time so a new recording is compared as it is.
 *
 * Per case (one scenario; its repetitions and GOMAXPROCS are separate rows) the comparison takes:
 *   - phase gc (after runtime.GC(), the structure alive): HeapObjects and HeapAlloc, per repetition;
 *   - the harness's `extra`: mallocs and bytes per operation over the ops phase, per repetition;
 *   - the timed runtime.GC() calls after phase gc: the median of the repetitions' medians.
 * Phase ops (read before any forced GC) depends on where the last automatic cycle ended and is not compared.
 *
 * The model's structure, allocations and heap after runtime.GC() do not depend on GOMAXPROCS (its writers take
 * turns the same way), so `compareSyncMap(c, also)` can hold one simulation against the repetitions of other
 * GOMAXPROCS too (`also`); the forced-GC time is compared with `c`'s own repetitions only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../../src/sim/run';
import type { SyncMapResult } from '../../../src/sim/syncmap/run';
import { ROOT } from './reference';

export interface SyncMapRow {
  goVersion: string;
  caseId: string;
  rep: number;
  scenario: Record<string, unknown> & { gomaxprocs: number; syncmap: { impl: string; work: string } };
  gc: { heapAlloc: number; heapObjects: number; forcedGcMedianNs: number | null };
  mallocsPerOp: number;
  bytesPerOp: number;
}

export interface SyncMapCase {
  goVersion: string;
  id: string;
  scenario: SyncMapRow['scenario'];
  rows: SyncMapRow[];
}

interface RawPhase {
  phase: string;
  heapAlloc: number;
  heapObjects: number;
  forcedGcNs?: { median: number } | null;
}

/** The recorded runs of one Go version (e.g. "go1.19.8"); empty when the file is absent. */
export function loadSyncMap(version: string): SyncMapCase[] {
  const file = join(ROOT, 'calibration/data', version, 'syncmap.jsonl');
  if (!existsSync(file)) return [];
  const cases = new Map<string, SyncMapCase>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    if (r.errors?.length || r.extra?.kind !== 'syncmap') continue;
    const gc = (r.phases as RawPhase[]).find((p) => p.phase === 'gc');
    if (!gc) continue;
    const row: SyncMapRow = {
      goVersion: r.goVersion,
      caseId: r.case,
      rep: r.rep,
      scenario: r.scenario,
      gc: { heapAlloc: gc.heapAlloc, heapObjects: gc.heapObjects, forcedGcMedianNs: gc.forcedGcNs?.median ?? null },
      mallocsPerOp: r.extra.mallocsPerOp,
      bytesPerOp: r.extra.bytesPerOp,
    };
    const key = JSON.stringify(r.scenario);
    let c = cases.get(key);
    if (!c) {
      c = { goVersion: r.goVersion, id: r.case, scenario: r.scenario, rows: [] };
      cases.set(key, c);
    }
    c.rows.push(row);
  }
  return [...cases.values()];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Relative error of a simulated figure. */
export const relErr = (sim: number, real: number): number => Math.abs(sim - real) / real;

export interface FieldError {
  /** Against the median over the case's repetitions (how the case's figure is taken, as for the tts runs). */
  median: number;
  /** Against the repetition furthest from the simulation. */
  worst: number;
}

export interface SyncMapComparison {
  c: SyncMapCase;
  sim: SyncMapResult;
  /** Relative errors of phase gc's HeapObjects and HeapAlloc, and of the ops phase's mallocs and bytes per op. */
  heapObjects: FieldError;
  heapAlloc: FieldError;
  mallocsPerOp: FieldError;
  bytesPerOp: FieldError;
  /** Simulated forced-GC median over the median of the repetitions' medians (< 1: the model is faster). */
  forcedGcRatio: number | null;
}

/** The same harness scenario with another GOMAXPROCS. */
export function sameButProcs(a: SyncMapCase, b: SyncMapCase): boolean {
  const { gomaxprocs: _a, ...ra } = a.scenario;
  const { gomaxprocs: _b, ...rb } = b.scenario;
  return a !== b && a.goVersion === b.goVersion && JSON.stringify(ra) === JSON.stringify(rb);
}

/**
 * Simulates a case with the harness's own constants and compares it with its repetitions; the structure fields
 * also with those of `also` (the same scenario with other GOMAXPROCS), each GOMAXPROCS's median on its own.
 */
export function compareSyncMap(c: SyncMapCase, also: SyncMapCase[] = []): SyncMapComparison {
  const sim = simulate(c.scenario, { costProfile: 'harness' }) as unknown as SyncMapResult;
  const gc = sim.phases.find((p) => p.phase === 'gc')!;
  const groups = [c, ...also].map((x) => x.rows);
  const field = (simValue: number, real: (r: SyncMapRow) => number): FieldError => ({
    median: Math.max(...groups.map((rows) => relErr(simValue, median(rows.map(real))))),
    worst: Math.max(...groups.flat().map((r) => relErr(simValue, real(r)))),
  });
  const real = c.rows.map((r) => r.gc.forcedGcMedianNs).filter((x): x is number => x !== null);
  return {
    c,
    sim,
    heapObjects: field(gc.heapObjects, (r) => r.gc.heapObjects),
    heapAlloc: field(gc.heapAlloc, (r) => r.gc.heapAlloc),
    mallocsPerOp: field(sim.syncmap!.mallocsPerOp, (r) => r.mallocsPerOp),
    bytesPerOp: field(sim.syncmap!.bytesPerOp, (r) => r.bytesPerOp),
    forcedGcRatio: real.length && gc.forcedGcNs ? gc.forcedGcNs.median / median(real) : null,
  };
}
