/**
 * Hostile-input fuzzing of the one scenario validator that every external input goes through
 * (URL query, element attributes, CLI, scenario JSON). Fixed seed, thousands of inputs.
 * Properties: parseScenario never throws; an accepted scenario lies inside the documented LIMITS and
 * enums; a rejected input gets at least one message, and every message names a field path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMPLS, KEY_KINDS, LIMITS, VALUE_KINDS, parseScenario } from '../../src/sim/scenario';
import { inRange } from './limits';

const SEED = 20261124;

/** Values of every JS shape, with a bias towards the edge cases validators get wrong. */
const hostileValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1e308, 2 ** 53, -1, 0, 1, 1.5, 1e7, 1e8, 'NaN', '1e999'),
  fc.constantFrom('', ' ', 'off', 'null', 'true', '0x10', '1e6', '512MiB', '9999999TiB', '__proto__', '<script>'),
  fc.string(),
  fc.double(),
  fc.integer(),
);
const FIELDS = [
  'version', 'impl', 'key', 'value', 'n', 'hint', 'deleteRatio', 'rebuild', 'churn', 'gogc', 'gomemlimit',
  'gomaxprocs', 'forcedGcRuns', 'seed', 'backgroundAlloc', '__proto__', 'constructor',
];
const hostileScenario = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 10 }),
  fc.record(
    {
      impl: fc.constantFrom(...IMPLS, 'CLASSIC', 'go1.19'),
      key: fc.constantFrom(...KEY_KINDS, 'float'),
      value: fc.constantFrom(...VALUE_KINDS, 'ptr'),
      n: hostileValue,
      deleteRatio: hostileValue,
      rebuild: fc.oneof(hostileValue, fc.record({ threshold: hostileValue, hint: fc.constantFrom('live', 'half', 'x') })),
      churn: fc.oneof(
        hostileValue,
        fc.record({ durationMs: hostileValue, insertsPerSec: hostileValue, ttlMs: hostileValue, delete: hostileValue }),
      ),
      gogc: hostileValue,
      gomemlimit: hostileValue,
      gomaxprocs: hostileValue,
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
  fc.json(),
);

describe('parseScenario under hostile input', () => {
  it('never throws, and accepted scenarios stay inside the documented ranges', () => {
    fc.assert(
      fc.property(hostileScenario, (input) => {
        const r = parseScenario(input);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const m of r.errors) expect(m).toMatch(/^[A-Za-z_$][\w.$[\]]*: \S/);
          return;
        }
        const s = r.scenario;
        expect(IMPLS).toContain(s.impl);
        expect(KEY_KINDS).toContain(s.key);
        expect(VALUE_KINDS).toContain(s.value);
        inRange('n', s.n);
        inRange('hint', s.hint);
        inRange('deleteRatio', s.deleteRatio);
        inRange('gogc', s.gogc);
        inRange('gomemlimit', s.gomemlimit);
        inRange('gomaxprocs', s.gomaxprocs);
        inRange('forcedGcRuns', s.forcedGcRuns);
        inRange('seed', s.seed);
        if (s.rebuild) inRange('rebuild.threshold', s.rebuild.threshold);
        if (s.churn) {
          inRange('churn.durationMs', s.churn.durationMs);
          inRange('churn.ttlMs', s.churn.ttlMs);
          expect((s.churn.durationMs * s.churn.insertsPerSec) / 1000).toBeLessThanOrEqual(LIMITS.churnInserts.max * 1.001);
        }
        for (const w of r.warnings) expect(typeof w).toBe('string');
      }),
      { seed: SEED, numRuns: 4000 },
    );
  });

  it('reads scenario JSON text the same way as the object it encodes', () => {
    const jsonObject = fc.dictionary(fc.constantFrom(...FIELDS.slice(0, 15)), fc.jsonValue(), { maxKeys: 8 });
    fc.assert(
      fc.property(jsonObject, (obj) => {
        const text = JSON.stringify(obj);
        expect(parseScenario(text)).toEqual(parseScenario(JSON.parse(text)));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('names the field and the range in the message for an out-of-range number', () => {
    const r = parseScenario({ deleteRatio: 1.7 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/^deleteRatio: 1\.7 .*0\.\.1/m);
  });
});
