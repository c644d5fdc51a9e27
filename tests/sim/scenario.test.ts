// The scenario schema: the exact messages readers see, clamps, defaults, and the input forms it accepts.
import { describe, expect, it } from 'vitest';
import { defaultScenario, LIMITS, parseScenario } from '../../src/sim/scenario';

const errors = (input: unknown) => {
  const r = parseScenario(input);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.scenario)}`);
  return r.errors;
};
const ok = (input: unknown) => {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r;
};

describe('rejected input: one message per field, naming it', () => {
  it.each([
    [{ deleteRatio: 1.7 }, 'deleteRatio: 1.7 is out of range (expected 0..1)'],
    [{ deleteRatio: -0.1 }, 'deleteRatio: -0.1 is out of range (expected 0..1)'],
    [{ n: 'abc' }, 'n: expected a number, got the text "abc"'],
    [{ n: 1.5 }, 'n: 1.5 is not a whole number'],
    [{ n: -3 }, 'n: -3 is out of range (expected 0..10000000)'],
    [{ impl: 'hashtable' }, 'impl: "hashtable" is not one of "classic", "swiss"'],
    [{ value: 'ptr128' }, 'value: "ptr128" is not one of "int64", "struct64", "string32", "ptr64", "ptr256", "ptr1024", "ptrshared"'],
    [{ version: 2 }, 'version: 2 is not supported (expected 1)'],
    [{ rebuild: { threshold: 2 } }, 'rebuild.threshold: 2 is out of range (expected 0..1)'],
    [{ rebuild: { hint: 'all' } }, 'rebuild.hint: "all" is not one of "live", "half"'],
    [{ rebuild: 5 }, 'rebuild: expected an object or null, got number 5'],
    [{ churn: { ttlMs: 'soon' } }, 'churn.ttlMs: expected a number, got the text "soon"'],
    [{ churn: { delete: 'maybe' } }, 'churn.delete: expected a boolean, got the text "maybe"'],
    [{ gogc: -5 }, 'gogc: -5 is out of range (expected -1 for off, or 0 and above)'],
    [{ gomaxprocs: 0 }, 'gomaxprocs: 0 is out of range (expected 1..256)'],
    [{ gomemlimit: '12 parsecs' }, 'gomemlimit: expected a number, got the text "12 parsecs"'],
  ])('%j', (input, message) => {
    expect(errors(input)).toEqual([message]);
  });

  it('reports every bad field, not just the first', () => {
    expect(errors({ n: 'x', deleteRatio: 3, impl: 'y' })).toEqual([
      'impl: "y" is not one of "classic", "swiss"',
      'n: expected a number, got the text "x"',
    ]);
    // Range checks run once the types are right.
    expect(errors({ deleteRatio: 3, gomaxprocs: 0 })).toEqual([
      'deleteRatio: 3 is out of range (expected 0..1)',
      'gomaxprocs: 0 is out of range (expected 1..256)',
    ]);
  });

  it('rejects what is not a scenario object', () => {
    expect(errors([1, 2])).toEqual(['scenario: expected an object, got a list']);
    expect(errors(42)).toEqual(['scenario: expected an object, got number 42']);
    expect(errors('{"n": ')[0]).toMatch(/^scenario: not valid JSON \(/);
  });

  it('never throws, whatever it is given', () => {
    const weird: unknown[] = [Symbol('x'), () => 1, new Date(0), { n: {} }, { rebuild: [] }, { toString: null }, Object.create(null)];
    for (const w of weird) expect(() => parseScenario(w)).not.toThrow();
  });
});

describe('clamped input: a warning, never silence', () => {
  it('clamps n above the simulator limit', () => {
    const r = ok({ n: 2e7 });
    expect(r.scenario.n).toBe(LIMITS.n.max);
    expect(r.warnings).toEqual(['n: 20000000 is above the simulator limit of 10000000; using 10000000']);
  });

  it('shortens a churn that would insert more than the limit', () => {
    const r = ok({ churn: { durationMs: 100000, insertsPerSec: 300000 } });
    expect(r.scenario.churn?.durationMs).toBe(33333);
    expect(r.warnings).toEqual([
      'churn.durationMs: 100000 ms at 300000 inserts/s is 30000000 inserts, above the simulator limit of 10000000; using 33333 ms',
    ]);
  });

  it('warns about unknown fields (typos)', () => {
    expect(ok({ deleteratio: 0.5 }).warnings).toEqual(['deleteratio: unknown field, ignored']);
    expect(ok({ churn: { ttl: 5 } }).warnings).toEqual(['churn.ttl: unknown field, ignored']);
  });

  it('warns when a churn scenario also sets delete/rebuild fields it does not use', () => {
    expect(ok({ churn: {}, deleteRatio: 0.5 }).warnings).toEqual([
      'deleteRatio: not used in a churn scenario (churn replaces the delete, gc and rebuild phases)',
    ]);
  });
});

describe('accepted forms', () => {
  it('fills every field from the defaults (FORMAT.md example)', () => {
    expect(defaultScenario()).toEqual({
      version: 1,
      impl: 'classic',
      key: 'string16',
      value: 'ptr64',
      n: 1000000,
      hint: 0,
      deleteRatio: 0.9,
      rebuild: null,
      churn: null,
      gogc: 100,
      gomemlimit: null,
      gomaxprocs: 2,
      forcedGcRuns: 5,
      seed: 1,
      backgroundAlloc: null,
    });
  });

  it('reads numbers, booleans and switches from text (URL, attributes, CLI flags)', () => {
    const s = ok({ n: '1e5', deleteRatio: ' 0.5 ', gogc: 'off', gomemlimit: '512MiB', rebuild: 'off', churn: { delete: 'false' } }).scenario;
    expect(s.n).toBe(100000);
    expect(s.deleteRatio).toBe(0.5);
    expect(s.gogc).toBe(-1);
    expect(s.gomemlimit).toBe(512 * 2 ** 20);
    expect(s.rebuild).toBeNull();
    expect(s.churn?.delete).toBe(false);
  });

  it('accepts a JSON string', () => {
    expect(ok('{"n": 10, "impl": "swiss"}').scenario).toMatchObject({ n: 10, impl: 'swiss' });
  });
});

describe('mode tts (the harness extension, FORMAT.md)', () => {
  it('reads the harness scenario as it is written, with its field names', () => {
    const s = ok({
      version: 1, impl: 'classic', key: 'string16', value: 'ptr64', n: 0, hint: 0, deleteRatio: 0, rebuild: null, churn: null,
      gogc: 100, gomemlimit: null, gomaxprocs: 2, forcedGcRuns: 0, seed: 1,
      mode: 'tts', tts: { op: 'make', hint: 4000000, gcs: 20, gapMs: 10 },
    });
    expect(s.scenario.mode).toBe('tts');
    expect(s.scenario.tts).toEqual({ op: 'make', hint: 4000000, gcs: 20, gapMs: 10 });
    expect(s.warnings).toEqual([]);
  });

  it('fills the tts block with the harness defaults, and leaves v1 scenarios without mode or tts', () => {
    expect(ok({ mode: 'tts' }).scenario.tts).toEqual({ op: 'make', hint: 4000000, gcs: 20, gapMs: 10 });
    const v1 = ok({ n: 10 }).scenario;
    expect('mode' in v1 && v1.mode !== undefined).toBe(false);
    expect(v1.tts).toBeUndefined();
  });

  it('refuses the harness modes it does not run, and bad ops, naming the field', () => {
    // syncmap is simulated (src/sim/syncmap); rules and micro measure what the simulator does not model.
    const r = parseScenario({ mode: 'micro' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^mode: "micro" is a calibration harness mode/);
    const b = parseScenario({ mode: 'tts', tts: { op: 'grow' } });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.errors[0]).toMatch(/^tts\.op: "grow" is not one of/);
  });

  it('clamps gcs and warns about fields a tts run does not use', () => {
    const s = ok({ mode: 'tts', tts: { gcs: 1000 }, deleteRatio: 0.5, rebuild: { threshold: 0 } });
    expect(s.scenario.tts!.gcs).toBe(200);
    expect(s.warnings.join('\n')).toMatch(/tts\.gcs: 1000 is above/);
    expect(s.warnings.join('\n')).toMatch(/deleteRatio: not used in a tts scenario/);
    expect(s.warnings.join('\n')).toMatch(/rebuild: not used in a tts scenario/);
    expect(ok({ tts: { op: 'clear' } }).warnings).toContain('tts: used only with mode "tts"; ignored');
  });
});
