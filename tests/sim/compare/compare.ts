/**
 * Field-by-field comparison of a simulated run with a recorded real one (reference.ts), with the
 * tolerances of the comparison tests:
 *   structure exact (count, B, buckets; Swiss: count, directory),
 *   hash-dependent structure within 5 % (classic overflowBuckets; Swiss tables, groups, capacity, which
 *   depend on where the runtime's random seed puts keys, so they cannot be exact),
 *   bytes within 3 % (mapBytes, heapAlloc, heapInuse, heapObjects),
 *   forced-GC wall time and forced-GC mark time within a factor 1.5,
 *   STW median within a factor 2.
 */
import type { SimResult } from '../../../src/sim/run';
import type { PhaseName, RefPhase, ReferenceCase } from './reference';

export type Kind = 'structure' | 'spread' | 'bytes' | 'time' | 'stw';

export const TOLERANCE: Record<Kind, number> = { structure: 0, spread: 0.05, bytes: 0.03, time: 1.5, stw: 2 };

export interface Check {
  case: string;
  set: string;
  phase: PhaseName | 'run';
  field: string;
  kind: Kind;
  real: number;
  sim: number;
  /** structure: |sim − real|; bytes: |sim/real − 1|; time/stw: max(sim/real, real/sim). */
  error: number;
  ok: boolean;
}

const STRUCTURE_CLASSIC = ['count', 'B', 'buckets'] as const;
const STRUCTURE_SWISS = ['count', 'directory'] as const;
const SPREAD_CLASSIC = ['overflowBuckets'] as const;
const SPREAD_SWISS = ['tables', 'groups', 'capacity'] as const;
const BYTES = ['mapBytes', 'heapAlloc', 'heapInuse', 'heapObjects'] as const;

function check(c: ReferenceCase, phase: PhaseName | 'run', field: string, kind: Kind, real: number, sim: number): Check {
  let error: number;
  let ok: boolean;
  if (kind === 'structure') {
    error = Math.abs(sim - real);
    ok = error === 0;
  } else if (kind === 'bytes' || kind === 'spread') {
    error = real === 0 ? (sim === 0 ? 0 : Infinity) : Math.abs(sim / real - 1);
    ok = error <= TOLERANCE[kind];
  } else {
    error = real > 0 && sim > 0 ? Math.max(sim / real, real / sim) : Infinity;
    ok = error <= TOLERANCE[kind];
  }
  return { case: c.id, set: c.set, phase, field, kind, real, sim, error, ok };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median mark wall time of the timed runtime.GC() cycles that follow a phase's snapshot. */
function forcedMarkNs(r: SimResult, phase: PhaseName): number | null {
  const p = r.phases.find((x) => x.phase === phase);
  if (!p || !p.forcedGcNs) return null;
  const runs = p.forcedGcNs.runs;
  // A natural cycle in progress at the snapshot is finished first; skip it.
  const block = r.cycles.filter((c) => c.n > p.numGC && c.n <= p.numGC + runs + 1 && c.forced).slice(0, runs);
  return block.length ? median(block.map((c) => c.markNs)) : null;
}

export function compareCase(c: ReferenceCase, r: SimResult): Check[] {
  const out: Check[] = [];
  const classic = r.scenario.impl === 'classic';
  const structure = classic ? STRUCTURE_CLASSIC : STRUCTURE_SWISS;
  const spread = classic ? SPREAD_CLASSIC : SPREAD_SWISS;
  for (const [name, ref] of Object.entries(c.phases) as [PhaseName, RefPhase][]) {
    const sim = r.phases.find((p) => p.phase === name);
    if (!sim) continue;
    for (const f of structure) {
      const real = ref[f];
      const s = sim[f];
      if (real !== null && s !== null) out.push(check(c, name, f, 'structure', real, s));
    }
    for (const f of spread) {
      const real = ref[f];
      const s = sim[f];
      if (real !== null && s !== null) out.push(check(c, name, f, 'spread', real, s));
    }
    for (const f of BYTES) {
      const real = ref[f];
      if (real !== null) out.push(check(c, name, f, 'bytes', real, sim[f]));
    }
    if (ref.forcedGcNs !== null && sim.forcedGcNs) out.push(check(c, name, 'forcedGcNs', 'time', ref.forcedGcNs, sim.forcedGcNs.median));
    const mark = forcedMarkNs(r, name);
    if (ref.forcedMarkNs !== null && mark !== null) out.push(check(c, name, 'forcedMarkNs', 'time', ref.forcedMarkNs, mark));
  }
  if (c.stwMedianNs !== null && r.cycles.length > 0) {
    out.push(check(c, 'run', 'stwMedianNs', 'stw', c.stwMedianNs, median(r.cycles.map((x) => x.stw1Ns + x.stw2Ns))));
  }
  return out;
}

export interface FieldSummary {
  field: string;
  kind: Kind;
  n: number;
  within: number;
  worst: Check | null;
}

/** Per field: how many checks, the share within tolerance, and the worst one. */
export function summarize(checks: Check[]): FieldSummary[] {
  const by = new Map<string, Check[]>();
  for (const c of checks) by.set(c.field, [...(by.get(c.field) ?? []), c]);
  return [...by.entries()].map(([field, cs]) => ({
    field,
    kind: cs[0].kind,
    n: cs.length,
    within: cs.filter((c) => c.ok).length / cs.length,
    worst: cs.reduce<Check | null>((w, c) => (w === null || c.error > w.error ? c : w), null),
  }));
}
