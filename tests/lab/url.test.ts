import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, IMPLS, KEY_KINDS, VALUE_KINDS, type Scenario } from '../../src/sim/scenario';
import { decodeState, encodeState, migrate, withCompareRun, type LabState } from '../../src/components/lab/state/url';
import { flatten, unflatten, overlay } from '../../src/components/lab/state/flat';
import { parseLenient } from '../../src/components/lab/state/lenient';
import { PRESET_IDS, getPreset } from '../../src/components/lab/presets';

function parsed(raw: unknown): Scenario {
  const r = parseScenario(raw);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    impl: fc.constantFrom(...IMPLS),
    key: fc.constantFrom(...KEY_KINDS),
    value: fc.constantFrom(...VALUE_KINDS),
    n: fc.integer({ min: 0, max: 1e7 }),
    hint: fc.integer({ min: 0, max: 1e7 }),
    deleteRatio: fc.double({ min: 0, max: 1, noNaN: true }),
    rebuild: fc.option(fc.record({ threshold: fc.double({ min: 0, max: 1, noNaN: true }), hint: fc.constantFrom('live', 'half') })),
    gogc: fc.integer({ min: -1, max: 1_000_000 }),
    gomemlimit: fc.option(fc.integer({ min: 0, max: 2 ** 40 })),
    gomaxprocs: fc.integer({ min: 1, max: 256 }),
    seed: fc.integer({ min: 0, max: 2 ** 40 }),
  })
  .map((r) => parsed(r));

describe('flat form', () => {
  it('flattens blocks to dotted fields and switched-off blocks to "off"', () => {
    expect(flatten({ n: 5, rebuild: { threshold: 0.3, hint: 'half' }, churn: null })).toEqual({
      n: '5',
      'rebuild.threshold': '0.3',
      'rebuild.hint': 'half',
      churn: 'off',
    });
    expect(unflatten({ n: '5', 'rebuild.threshold': '0.3', churn: 'off' })).toEqual({
      n: '5',
      rebuild: { threshold: '0.3' },
      churn: 'off',
    });
  });
  it('overlay merges blocks field by field and replaces the rest', () => {
    expect(overlay({ rebuild: { threshold: 0.3, hint: 'half' }, n: 1 }, { rebuild: { hint: 'live' }, n: 2 })).toEqual({
      rebuild: { threshold: 0.3, hint: 'live' },
      n: 2,
    });
    expect(overlay({ rebuild: { threshold: 0.3 } }, { rebuild: 'off' })).toEqual({ rebuild: 'off' });
  });
});

describe('URL state', () => {
  it('round-trips any valid scenario A with a B patch and views', () => {
    fc.assert(
      fc.property(scenarioArb, scenarioArb, fc.boolean(), (a, b, withB) => {
        const state: LabState = { preset: null, a, b: withB ? b : null, views: ['pauses', 'heap'] };
        const { state: back, notes } = decodeState(encodeState(state));
        expect(notes).toEqual([]);
        expect(parsed(back.a)).toEqual(a);
        if (withB) expect(parsed(back.b)).toEqual(b);
        else expect(back.b).toBeNull();
        expect(back.views).toEqual(['pauses', 'heap']);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps B on when it equals A', () => {
    const a = parsed({ n: 1000 });
    const { state } = decodeState(encodeState({ preset: null, a, b: a, views: ['compare'] }));
    expect(state.b).not.toBeNull();
    expect(parsed(state.b)).toEqual(a);
  });

  it('a bare preset link is complete, and fields beside it override it', () => {
    for (const id of PRESET_IDS) {
      const { state, notes } = decodeState(`?preset=${id}`);
      expect(notes).toEqual([]);
      expect(parsed(state.a)).toEqual(parsed(getPreset(id).scenario));
      expect(state.b === null).toBe(getPreset(id).compare === undefined);
    }
    const { state } = decodeState('preset=case-fix&gogc=200&b.gomaxprocs=8');
    expect(parsed(state.a).gogc).toBe(200);
    expect(parsed(state.a).churn?.delete).toBe(false);
    expect(parsed(state.b).gogc).toBe(200);
    expect(parsed(state.b).churn?.delete).toBe(true);
    expect(parsed(state.b).gomaxprocs).toBe(8);
    expect(decodeState('preset=case-fix&compare=off').state.b).toBeNull();
  });

  it('turning a preset comparison off survives the round trip', () => {
    const { state } = decodeState('preset=classic-vs-swiss&compare=off');
    expect(decodeState(encodeState(state)).state.b).toBeNull();
  });

  it('a link that shows the compare view without B compares A with a copy of A', () => {
    const plain = decodeState('n=5000&views=heap,compare');
    expect(plain.state.b).toEqual({ n: '5000' });
    expect(plain.notes).toEqual([]);
    // beside compare=off the view wins, and the link says so
    const off = decodeState('n=5000&views=compare&compare=off');
    expect(off.state.b).toEqual({ n: '5000' });
    expect(off.notes).toEqual(['compare: off ignored: the compare view needs scenario B (an unchanged copy of A)']);
    // without the compare view, compare=off still turns B off
    expect(decodeState('preset=case-fix&views=heap&compare=off').state.b).toBeNull();
    // an embed page that fixes its views to the compare view
    expect(withCompareRun({ preset: null, a: { n: '7' }, b: null, views: ['compare'] }).b).toEqual({ n: '7' });
    expect(withCompareRun({ preset: null, a: { n: '7' }, b: null, views: ['heap'] }).b).toBeNull();
  });

  it('reports unknown presets, views and versions instead of failing', () => {
    const { state, notes } = decodeState('v=7&preset=nope&views=heap,bogus&n=5');
    expect(state.preset).toBeNull();
    expect(state.views).toEqual(['heap']);
    expect(state.a).toEqual({ n: '5' });
    expect(notes).toEqual([
      'v: this link was made by a newer version (7); reading it as version 1',
      'preset: "nope" is not a preset; ignored',
      'views: "bogus" ignored (expected heap, pauses, occupancy, compare)',
    ]);
  });
});

describe('URL migrations', () => {
  it('applies each step from the link version to the current one, in order', () => {
    // A made-up history, to test the hook: v1 called the ratio `del`, v2 called it `ratio`.
    const migrations = {
      1: (p: URLSearchParams) => {
        const q = new URLSearchParams(p);
        if (q.has('del')) q.set('ratio', q.get('del')!), q.delete('del');
        return q;
      },
      2: (p: URLSearchParams) => {
        const q = new URLSearchParams(p);
        if (q.has('ratio')) q.set('deleteRatio', q.get('ratio')!), q.delete('ratio');
        return q;
      },
    };
    const { params, notes } = migrate(new URLSearchParams('v=1&del=0.5'), migrations, 3);
    expect(notes).toEqual([]);
    expect(params.get('deleteRatio')).toBe('0.5');
    expect(params.get('v')).toBe('3');
    expect(migrate(new URLSearchParams('v=2&ratio=0.25'), migrations, 3).params.get('deleteRatio')).toBe('0.25');
  });
  it('says so when a version has no migration', () => {
    const { notes } = migrate(new URLSearchParams('v=1'), {}, 2);
    expect(notes).toEqual(['v: no way to read version 1 links; reading it as version 2']);
  });
  it('reads a link without a version as the current version, silently', () => {
    expect(migrate(new URLSearchParams('n=5')).notes).toEqual([]);
  });
});

describe('lenient parsing', () => {
  it('clamps out-of-range numbers and says so', () => {
    const { scenario, notes } = parseLenient({ deleteRatio: '1.7', gomaxprocs: '0' });
    expect(scenario.deleteRatio).toBe(1);
    expect(scenario.gomaxprocs).toBe(1);
    expect(notes).toContain('deleteRatio: 1.7 is out of range (expected 0..1); using 1');
  });
  it('falls back to the default for nonsense and keeps the rest', () => {
    const { scenario, notes } = parseLenient({ impl: 'btree', n: '5000', value: 42 });
    expect(scenario.impl).toBe('classic');
    expect(scenario.value).toBe('ptr64');
    expect(scenario.n).toBe(5000);
    expect(notes.some((n) => n.startsWith('impl:') && n.endsWith('using the default'))).toBe(true);
  });
  it('rounds fractions where whole numbers belong', () => {
    expect(parseLenient({ n: '1234.6' }).scenario.n).toBe(1235);
  });
  it('passes the simulator limits through as warnings', () => {
    const { scenario, notes } = parseLenient({ n: '5e7' });
    expect(scenario.n).toBe(1e7);
    expect(notes.length).toBe(1);
  });
  it('never throws and always yields a valid scenario, whatever the input', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('n', 'impl', 'gogc', 'rebuild', 'rebuild.threshold', 'churn', 'seed', 'x'), fc.oneof(fc.string(), fc.double(), fc.constant(null))), (d) => {
        const { scenario } = parseLenient(unflatten(Object.fromEntries(Object.entries(d).map(([k, v]) => [k, String(v)]))));
        expect(parseScenario(scenario).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
