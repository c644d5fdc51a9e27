/**
 * Hostile attributes on the embed elements (<map-gc-lab>, <map-gc-heap>, …), fixed seed, thousands of sets.
 *
 * Follows an element's attributes through every step to the scenarios its widget simulates
 * (`scenarioFromAttributes`: the element's `widgetParams`, the page's `decodeState`, the worker's
 * `parseLenient`) and through the frame address (`widgetUrl`). Properties:
 *   1. nothing throws, and nothing leaks into Object.prototype (`__proto__.n` and friends);
 *   2. both scenarios lie inside the documented LIMITS and enums, and `parseScenario` accepts them;
 *   3. every attribute the widget does not take as written gets a note that names it: an unknown name,
 *      a number that was clamped or rounded, text where a number or a choice belongs, a dotted field whose
 *      block is switched off, a `b.` field while compare is off, an unknown preset, view, control, theme;
 *   4. the frame always loads an http(s) widget page of the site (never `javascript:`).
 * The "asked" side of property 3 is computed here from the documented syntax (docs/widgets.md,
 * calibration/FORMAT.md), not by the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMPLS, KEY_KINDS, LIMITS, MODES, TTS_OPS, VALUE_KINDS, type Scenario } from '../../src/sim/scenario';
import { expectInLimits } from './limits';
import { scenarioFromAttributes } from '../../src/components/lab/state/attributes';
import { CONTROL_FIELDS } from '../../src/components/lab/state/url';
import { PRESET_IDS, VIEW_IDS } from '../../src/components/lab/presets';
import { WIDGETS, widgetParams, widgetUrl, type Attr } from '../../src/embed/map-gc-lab';

const SEED = 20261206;

/** Scenario fields as attribute names (HTML lower-cases them), with the field path they stand for. */
const NUMERIC: Record<string, keyof typeof LIMITS> = {
  n: 'n',
  hint: 'hint',
  deleteratio: 'deleteRatio',
  gogc: 'gogc',
  gomaxprocs: 'gomaxprocs',
  forcedgcruns: 'forcedGcRuns',
  seed: 'seed',
  'rebuild.threshold': 'rebuild.threshold',
  'churn.durationms': 'churn.durationMs',
  'churn.insertspersec': 'churn.insertsPerSec',
  'churn.ttlms': 'churn.ttlMs',
  'backgroundalloc.bytespersec': 'backgroundAlloc.bytesPerSec',
  'backgroundalloc.objectbytes': 'backgroundAlloc.objectBytes',
  'tts.hint': 'tts.hint',
  'tts.gcs': 'tts.gcs',
  'tts.gapms': 'tts.gapMs',
};
const ENUMS: Record<string, { path: string; values: readonly string[] }> = {
  impl: { path: 'impl', values: IMPLS },
  key: { path: 'key', values: KEY_KINDS },
  value: { path: 'value', values: VALUE_KINDS },
  mode: { path: 'mode', values: MODES },
  'rebuild.hint': { path: 'rebuild.hint', values: ['live', 'half'] },
  'tts.op': { path: 'tts.op', values: TTS_OPS },
};
const BLOCKS = ['rebuild', 'churn', 'backgroundalloc', 'tts'];
const OFF_WORDS = ['', 'null', 'off', 'none', 'false'];
/** Some of the attributes the element keeps for itself or leaves to HTML (`hostAttribute`). */
const NOT_PARAMS = ['lang', 'theme', 'title', 'src-base', 'id', 'class', 'style', 'hidden', 'slot', 'tabindex', 'role', 'data-x', 'aria-label', 'onclick'];
const FIELD_NAMES = [...Object.keys(NUMERIC), ...Object.keys(ENUMS), ...BLOCKS, 'gomemlimit', 'churn.delete', 'version'];

const hostileName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 3, arbitrary: fc.constantFrom(...FIELD_NAMES).map((f) => `b.${f}`) },
  { weight: 2, arbitrary: fc.constantFrom('preset', 'views', 'controls', 'compare', 'v', ...NOT_PARAMS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '__proto__', '__proto__.n', '__proto__.polluted', 'b.__proto__.polluted', 'constructor', 'constructor.prototype',
      'prototype', 'tostring', 'hasownproperty', 'rebuild.__proto__', 'a.b.c.d', 'n.', '.n', 'b.', 'deleteratio.x',
      'ñ', '删除比例', 'n\u0301', 'x'.repeat(300), 'deleteRatio', 'DELETERATIO', 'b.b.n',
    ),
  },
  // Anything the HTML parser would take as an attribute name.
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => !/[\s"'>/=]/.test(s)) },
);

const hostileValue = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '', ' ', 'NaN', 'Infinity', '-Infinity', '-1', '-0', '0', '1', '1.5', '0.9', '1e308', '1e999', '-1e308', '0x10', '1e6',
      '5e7', '9007199254740993', '2.5e-324', ' 42 ', '１２３', '٣', '512MiB', '1.5GiB', '9999999TiB', 'off', 'on', 'null',
      'none', 'true', 'false', 'classic', 'swiss', 'Classic', 'tts', 'syncmap', 'live', 'half', 'make', 'clear',
      '{"n":5}', '[1,2]', '{', '"x"', '{"__proto__":{"polluted":1}}', '<script>alert(1)</script>', 'javascript:alert(1)',
      'case-fix', 'default', 'nope', 'heap,pauses', 'heap,bogus,,', 'compare', 'all', 'gogc,n,bogus', 'light', 'dark', 'purple',
      '9'.repeat(5000), 'a'.repeat(100_000), '😀'.repeat(50), 'n=5&gogc=off', '%00', '\u0000', '\u202e1',
    ),
  },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -1e9, max: 1e9 }).map(String) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map(String) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
);

/** Unique names, as an element has them (HTML lower-cases names and keeps one value per name). */
const hostileAttrs: fc.Arbitrary<Attr[]> = fc
  .uniqueArray(fc.record({ name: hostileName, value: hostileValue }), { maxLength: 12, selector: (a) => a.name.toLowerCase() })
  .map((as) => as.map((a) => ({ name: a.name.toLowerCase(), value: a.value })));

/** The value at a dotted path of a scenario, or `undefined` when its block is off. */
function valueAt(s: Scenario, path: string): unknown {
  let v: unknown = s;
  for (const p of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** The number the documented syntax reads from `text` (JavaScript's Number of the trimmed text), or null. */
function asNumber(text: string): number | null {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : null;
}

/** True when a note names `name` (the attribute as written, compared without case) at its start or quoted. */
function named(notes: string[], name: string): boolean {
  const n = name.toLowerCase();
  return notes.some((note) => {
    const l = note.toLowerCase();
    return l.startsWith(`${n}:`) || l.startsWith(`${n} `) || l.includes(JSON.stringify(n)) || l.includes(` ${n},`) || l.includes(` ${n} `);
  });
}

/** The element's own attributes and HTML's global ones (docs/widgets.md): never widget parameters. */
function hostAttribute(name: string): boolean {
  const own = ['lang', 'theme', 'title', 'src-base', 'class', 'style', 'id', 'hidden', 'slot', 'tabindex', 'dir', 'role', 'part', 'is', 'inert',
    'nonce', 'autofocus', 'accesskey', 'contenteditable', 'draggable', 'spellcheck', 'translate', 'enterkeyhint', 'inputmode', 'popover', 'exportparts'];
  return own.includes(name) || /^(aria-|data-|on)/.test(name);
}

/** The scenario path a known field attribute stands for (`churn.ttlms` → `churn.ttlMs`). */
function pathOf(field: string): string {
  if (field in NUMERIC) return NUMERIC[field];
  if (field in ENUMS) return ENUMS[field].path;
  return field === 'backgroundalloc' ? 'backgroundAlloc' : field;
}

/**
 * The attributes of `attrs` that the widget does not take as written (property 3), each with the name a
 * note must carry (or the names, one of which it must carry). Left out: GOMEMLIMIT (Go's own syntax, "512MiB"), and a dotted field whose block is off
 * for a reason that has its own note (a bad block value).
 */
function notTaken(attrs: Attr[], r: ReturnType<typeof scenarioFromAttributes>): (string | string[])[] {
  const out: (string | string[])[] = [];
  const get = (n: string) => attrs.find((a) => a.name === n)?.value;
  const compare = get('compare');
  for (const { name, value } of attrs) {
    if (hostAttribute(name)) continue;
    if (['preset', 'views', 'controls', 'compare', 'v'].includes(name)) {
      const list = (text: string) => text.split(',').map((x) => x.trim()).filter(Boolean);
      if (name === 'preset' && value !== '' && !(PRESET_IDS as readonly string[]).includes(value)) out.push(name);
      if (name === 'views' && list(value).some((v) => !(VIEW_IDS as readonly string[]).includes(v))) out.push(name);
      if (name === 'controls' && !['all', 'none'].includes(value) && list(value).some((c) => !(CONTROL_FIELDS as readonly string[]).includes(c))) out.push(name);
      if (name === 'compare' && !['on', 'off'].includes(value)) out.push(name);
      if (name === 'v' && Number(value) !== 1) out.push(name);
      continue;
    }
    const isB = name.startsWith('b.');
    if (isB && compare === 'off') {
      out.push(name);
      continue;
    }
    const field = isB ? name.slice(2) : name;
    const prefix = isB ? 'b.' : '';
    const s = isB ? r.b : r.a;
    if (!s) continue;
    const dot = field.indexOf('.');
    const head = dot < 0 ? field : field.slice(0, dot);
    if (!FIELD_NAMES.includes(field)) {
      // An unknown field of a known block is named whole (`rebuild.x`); anything else by its head, which
      // is an unknown field or a field given an object (`n.x` makes n an object).
      out.push(BLOCKS.includes(head) && dot > 0 ? name : [prefix + head, name]);
      continue;
    }
    if (dot > 0 && valueAt(s, pathOf(head)) == null) {
      const block = get(prefix + head);
      if (block !== undefined && OFF_WORDS.includes(block.trim().toLowerCase())) out.push(name);
      continue;
    }
    const got = valueAt(s, pathOf(field));
    const v = value.trim().toLowerCase();
    if (field in NUMERIC) {
      const asked = field === 'gogc' && v === 'off' ? -1 : asNumber(value);
      if (asked === null || asked !== got) out.push(name);
    } else if (field in ENUMS) {
      if (got !== value) out.push(name);
    } else if (field === 'churn.delete') {
      if (!['true', 'false', '1', '0'].includes(value)) out.push(name);
    } else if (BLOCKS.includes(field)) {
      if (!OFF_WORDS.includes(v) && value !== 'on' && got == null) out.push(name);
    } else if (field === 'version') {
      if (asNumber(value) !== 1) out.push(name);
    }
  }
  return out;
}

describe('embed element attributes under hostile input', () => {
  it('never throw or pollute, stay inside LIMITS, and every value not taken is named in a note', () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort().join();
    fc.assert(
      fc.property(hostileAttrs, (attrs) => {
        const r = scenarioFromAttributes(attrs);
        expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(protoBefore);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expectInLimits(r.a);
        if (r.b) expectInLimits(r.b);
        for (const v of r.views) expect(VIEW_IDS).toContain(v);
        for (const note of r.notes) {
          expect(typeof note).toBe('string');
          expect(note.length).toBeLessThan(400); // a 100 000-character value is shortened, not repeated
        }
        for (const names of notTaken(attrs, r)) {
          const name = [names].flat();
          expect(name.some((n) => named(r.notes, n)), `no note names ${JSON.stringify(name)}\nattributes: ${JSON.stringify(attrs).slice(0, 600)}\nnotes: ${r.notes.join('\n')}`).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('always frame an http(s) widget page of the site, whatever src-base and lang say', () => {
    const host = { base: 'https://lab.example/', page: 'https://docs.example/guide/page.html', docLang: 'en' };
    const srcBase = fc.oneof(
      fc.constantFrom('javascript:alert(1)', 'data:text/html,x', 'http://[', '//evil.example/', '/mirror/', 'https://mirror.example/lab/', 'vbscript:x', ' ', 'file:///etc/'),
      fc.webUrl(),
      fc.string(),
    );
    fc.assert(
      fc.property(hostileAttrs, srcBase, fc.constantFrom(...Object.values(WIDGETS)), (attrs, base, widget) => {
        const url = widgetUrl([...attrs.filter((a) => a.name !== 'src-base'), { name: 'src-base', value: base }], widget, host);
        expect(['https:', 'http:']).toContain(url.protocol);
        expect(url.pathname).toMatch(new RegExp(`/embed/(en/)?${widget}/$`));
        let expected: URL | null = null;
        try {
          if (base !== '') expected = new URL(base, host.page);
        } catch {
          /* not a URL: the script's own site */
        }
        const origin = expected && /^https?:$/.test(expected.protocol) ? expected.origin : new URL(host.base).origin;
        expect(url.origin).toBe(origin);
        expect(url.search).toBe(widgetParams(attrs).toString() ? `?${widgetParams(attrs)}` : '');
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('names the attribute in the note for a clamped, a rejected and an unknown value', () => {
    const r = scenarioFromAttributes([
      { name: 'deleteratio', value: '1.7' },
      { name: 'impl', value: 'btree' },
      { name: 'colour', value: 'red' },
      { name: 'b.n', value: '5e7' },
      { name: 'rebuild.threshold', value: '0.3' },
      { name: 'rebuild', value: 'off' },
    ]);
    expect(r.a.deleteRatio).toBe(1);
    expect(r.a.impl).toBe('classic');
    expect(r.a.rebuild).toBeNull();
    expect(r.b?.n).toBe(1e7);
    expect(r.notes).toEqual(
      expect.arrayContaining([
        'rebuild.threshold: ignored, because rebuild="off" comes after it',
        'deleteRatio: 1.7 is out of range (expected 0..1); using 1',
        expect.stringMatching(/^impl: "btree" is not one of .*; using the default$/),
        'colour: unknown field, ignored',
        'b.n: 50000000 is above the simulator limit of 10000000; using 10000000',
      ]),
    );
  });

  it('does not let __proto__ attributes reach Object.prototype, and names them', () => {
    const r = scenarioFromAttributes([
      { name: '__proto__.polluted', value: 'yes' },
      { name: 'b.__proto__.n', value: '5' },
      { name: '__proto__', value: '{"n":1}' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).n).toBeUndefined();
    expect(r.a.n).toBe(1e6); // the default: __proto__.n is not n
    expect(r.b?.n).toBe(1e6);
    expect(r.notes).toContain('__proto__: unknown field, ignored');
    expect(r.notes).toContain('b.__proto__: unknown field, ignored');
  });
});
