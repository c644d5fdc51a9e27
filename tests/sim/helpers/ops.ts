/**
 * Differential testing of a map model against a JS Set (STYLE.md rule 4): random operation lists,
 * replayed on both, compared after every step.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { GoMap } from '../../../src/sim/contracts';

export type Op = { op: 'assign' | 'delete' | 'lookup'; key: number } | { op: 'clear' };

/** Random operations on keys 0..keys−1, weighted towards assign. */
export const opArb = (keys: number, deleteWeight = 3) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('assign' as const), key: fc.integer({ min: 0, max: keys - 1 }) }) },
    { weight: deleteWeight, arbitrary: fc.record({ op: fc.constant('delete' as const), key: fc.integer({ min: 0, max: keys - 1 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('lookup' as const), key: fc.integer({ min: 0, max: keys - 1 }) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
  );

/**
 * Applies `ops` to the model and to a Set; every return value and the count must agree, and at the end
 * the model holds exactly the Set's keys. With `check`, the model's invariants are checked after each step.
 */
export function replay(m: GoMap & { keys(): number[] }, ops: Op[], check: boolean): void {
  const ref = new Set<number>();
  for (const o of ops) {
    if (o.op === 'assign') {
      expect(m.assign(o.key)).toBe(!ref.has(o.key));
      ref.add(o.key);
    } else if (o.op === 'delete') expect(m.delete(o.key)).toBe(ref.delete(o.key));
    else if (o.op === 'lookup') expect(m.lookup(o.key)).toBe(ref.has(o.key));
    else {
      m.clear();
      ref.clear();
    }
    expect(m.count).toBe(ref.size);
    if (check) m.checkInvariants();
  }
  expect(new Set(m.keys())).toEqual(ref);
}
