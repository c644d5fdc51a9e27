/**
 * What `make(map, hint)` produced, as the simulator reported it in the `start` phase: shown under the
 * hint control ("B = 14, 2^B = 16 384 buckets" or "128 tables, 2 048 groups").
 */
import type { ResultLike } from './result';

export interface MapShapeAtMake {
  impl: 'classic' | 'swiss';
  B: number | null;
  buckets: number | null;
  tables: number | null;
  groups: number | null;
  capacity: number | null;
}

export function shapeAtMake(r: ResultLike, impl: 'classic' | 'swiss'): MapShapeAtMake | null {
  const start = r.phases.find((p) => p.phase === 'start');
  if (!start) return null;
  return { impl, B: start.B, buckets: start.buckets, tables: start.tables, groups: start.groups, capacity: start.capacity };
}
