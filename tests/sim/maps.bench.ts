/**
 * Throughput of the map models, classic vs Swiss (run with `npx vitest bench tests/sim/maps.bench.ts`).
 * Each case builds a fresh map; the allocator only rounds sizes and counts objects.
 */
import { test } from 'vitest';
import { ClassicMap } from '../../src/sim/maps/classic';
import { SwissMap } from '../../src/sim/maps/swiss';
import { mapTypeOf } from '../../src/sim/types';
import { densityOf } from '../../src/sim/occupancy';
import { FakeAllocator } from './helpers/fakeAlloc';

const type = mapTypeOf('string16', 'ptr64');
type Impl = 'classic' | 'swiss';
const make = (impl: Impl, hint = 0) =>
  impl === 'classic'
    ? new ClassicMap({ type, alloc: new FakeAllocator('go1.19'), seed: 1, hint })
    : new SwissMap({ type, alloc: new FakeAllocator('go1.26'), seed: 1, hint });
const filled = (impl: Impl, n: number) => {
  const m = make(impl);
  for (let k = 0; k < n; k++) m.assign(k);
  return m;
};
const opts = { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 };

const cases: [string, (impl: Impl) => () => void][] = [
  ['insert 1e6, no hint', (impl) => () => void filled(impl, 1e6)],
  [
    'insert 1e6, hint 1e6',
    (impl) => () => {
      const m = make(impl, 1e6);
      for (let k = 0; k < 1e6; k++) m.assign(k);
    },
  ],
  [
    'lookup 1e6 in a 1e6 map',
    (impl) => {
      const m = filled(impl, 1e6);
      return () => {
        for (let k = 0; k < 1e6; k++) m.lookup(k);
      };
    },
  ],
  [
    'insert 1e6 then delete 90 %',
    (impl) => () => {
      const m = filled(impl, 1e6);
      for (let k = 0; k < 9e5; k++) m.delete(k);
    },
  ],
  [
    'churn: 1e6 inserts and deletes, 1e5 live',
    (impl) => () => {
      const m = make(impl);
      for (let k = 0; k < 1e6; k++) {
        m.assign(k);
        if (k >= 1e5) m.delete(k - 1e5);
      }
    },
  ],
  [
    'density strip of a 1e6 map, 512 bins',
    (impl) => {
      const m = filled(impl, 1e6);
      return () => {
        m.assign(-1); // new version: the strip is recomputed
        m.delete(-1);
        densityOf(m, 512);
      };
    },
  ],
];

for (const [name, fn] of cases) {
  test(name, async ({ bench }) => {
    await bench.compare(bench('classic', fn('classic')), bench('swiss', fn('swiss')), opts);
  });
}
