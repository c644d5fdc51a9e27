/**
 * The benchmark's shared helpers (scripts/bench/lib.mjs): the machine record written with every result, and
 * the statistics each figure reports (median, percentile). The figures themselves: `npm run bench`.
 */
import { expect, it } from 'vitest';
import { machine, median, percentile } from '../../scripts/bench/lib.mjs';

it('records the machine: cores, CPU, memory, OS, Node and the load', () => {
  const m = machine();
  expect(m.cores).toBeGreaterThan(0);
  expect(typeof m.cpu).toBe('string');
  expect(m.memGiB).toBeGreaterThan(0);
  expect(m.os).toMatch(/\S+ \S+/);
  expect(m.node).toMatch(/^v\d+/);
  expect(m.load).toBeGreaterThanOrEqual(0);
});

it('reports the median and percentiles of repeated runs', () => {
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 95)).toBe(100);
  expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 50)).toBe(50);
});
