/**
 * The lab's whole state in a query string, so any view can be shared.
 *
 *   ?v=1&preset=case-fix&n=1000000&rebuild.threshold=0.3&b.impl=swiss&views=heap,pauses
 *
 * Rules
 *   1. `v` is the format version. A link without `v` is read as the current version. Older versions are
 *      brought forward by `MIGRATIONS[v]` one step at a time; a newer version is read as the current one,
 *      with a note.
 *   2. `preset` names the starting point; every scenario field given beside it overrides the preset.
 *      `?preset=case-after` alone is a complete, short link (embeds use it).
 *   3. Plain fields are scenario A's, in `flat.ts` form. Fields prefixed `b.` are scenario B's, as a patch
 *      over A; `compare=on` turns B on with no changes, `compare=off` turns it off.
 *   4. `views` is a comma-separated list of view ids; unknown ids are dropped with a note.
 *   5. Values are not validated here: the scenario goes through `parseScenario` (in the worker), which
 *      clamps and reports. Decoding never throws.
 *   6. Whatever the link asks for and does not get is said in a note that names the parameter: an unknown
 *      preset, view, control, `compare` or `theme` value, a dotted field whose block the link switches off
 *      (`rebuild.threshold=0.3&rebuild=off`) or a block value later fields override, `b.` fields beside
 *      `compare=off`.
 *   7. The compare view needs scenario B. A preset's own views leave it out when the link turns B off; a
 *      link that lists it without B compares A with an unchanged copy of A, as ticking the view does
 *      (`withCompareRun`), and beside `compare=off` the listed view wins, with a note.
 */
import { diffFlat, flatten, overlay, put, unflatten, type Flat, type RawScenario } from './flat';
import { getPreset, isPresetId, VIEW_IDS, type PresetId, type ViewId } from '../presets';

export const URL_VERSION = 1;

export interface LabState {
  preset: PresetId | null;
  a: RawScenario;
  /** Scenario B (complete, not a patch), or null when not comparing. */
  b: RawScenario | null;
  views: ViewId[];
}

/** Brings params of version `from` to `from + 1`. Index = the version migrated from. */
export type Migration = (p: URLSearchParams) => URLSearchParams;
/** Version 1 is the first published format, so there is nothing to migrate yet. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** Parameters that are not scenario fields: the state's own, and display options of embed pages. */
const RESERVED = new Set(['v', 'preset', 'views', 'compare', 'controls', 'theme', 'lang']);
const B_PREFIX = 'b.';
/** The fields `controls=` can name (the controls of ScenarioForm, docs/widgets.md). */
export const CONTROL_FIELDS = ['impl', 'key', 'value', 'n', 'hint', 'deleteRatio', 'rebuild', 'churn', 'gogc', 'greenTea', 'gomemlimit', 'gomaxprocs', 'seed'] as const;
const THEMES = ['light', 'dark', 'auto'];

/** A parameter's text in a note: quoted, and short however long the link. */
const quote = (s: string, max = 40) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
/** A parameter's name at the start of a note: bare when it looks like one, quoted otherwise. */
const label = (k: string) => (/^[A-Za-z_][\w.]{0,39}$/.test(k) ? k : quote(k));

/**
 * Values of `flat` that a later parameter of the same block replaced (rule 6): a dotted field whose block
 * ended up switched off or plain (`rebuild.threshold=0.3&rebuild=off`), or a block's own value followed by
 * fields of it (`rebuild=off&rebuild.threshold=0.3` turns the block on).
 */
function lostValues(flat: Flat, raw: RawScenario, prefix: string, notes: string[]) {
  for (const [k, text] of Object.entries(flat)) {
    const dot = k.indexOf('.');
    const head = dot < 0 ? k : k.slice(0, dot);
    const v = Object.hasOwn(raw, head) ? raw[head] : undefined;
    const block = v !== null && typeof v === 'object';
    if (dot >= 0 && !block) notes.push(`${label(prefix + k)}: ignored, because ${label(prefix + head)}=${quote(String(v))} comes after it`);
    else if (dot < 0 && block && text !== 'on') notes.push(`${label(prefix + k)}: ${quote(text)} ignored, because fields of ${label(prefix + k)} come after it`);
  }
}

export const DEFAULT_VIEWS: ViewId[] = ['heap', 'pauses', 'occupancy'];

/** The views a link shows when it does not list them: the preset's, without the compare view if B is off. */
function viewsOf(preset: PresetId | null, b: RawScenario | null): ViewId[] {
  const fromPreset = preset ? getPreset(preset).views : undefined;
  if (fromPreset) {
    const shown = b ? fromPreset : fromPreset.filter((v) => v !== 'compare');
    return shown.length ? [...shown] : [...DEFAULT_VIEWS];
  }
  return b ? ['compare', ...DEFAULT_VIEWS] : [...DEFAULT_VIEWS];
}

/** Applies migrations (rule 1). Returns the params in the current version and notes for the reader. */
export function migrate(
  params: URLSearchParams,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  current = URL_VERSION,
): { params: URLSearchParams; notes: string[] } {
  const notes: string[] = [];
  const raw = params.get('v');
  let v = raw === null ? current : Number(raw);
  if (!Number.isInteger(v) || v < 1) {
    notes.push(`v: ${JSON.stringify(raw)} is not a version; reading the link as version ${current}`);
    v = current;
  }
  if (v > current) {
    notes.push(`v: this link was made by a newer version (${v}); reading it as version ${current}`);
    v = current;
  }
  let p = new URLSearchParams(params);
  while (v < current) {
    const step = migrations[v];
    if (!step) {
      notes.push(`v: no way to read version ${v} links; reading it as version ${current}`);
      break;
    }
    p = step(p);
    v += 1;
  }
  p.set('v', String(current));
  return { params: p, notes };
}

/** Reads a query string (with or without `?`). Never throws (rule 5). */
export function decodeState(
  query: string | URLSearchParams,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): { state: LabState; notes: string[] } {
  const { params, notes } = migrate(new URLSearchParams(query), migrations);

  const presetRaw = params.get('preset');
  let preset: PresetId | null = null;
  if (presetRaw !== null && presetRaw !== '') {
    if (isPresetId(presetRaw)) preset = presetRaw;
    else notes.push(`preset: ${JSON.stringify(presetRaw.slice(0, 40))} is not a preset; ignored`);
  }
  const base = preset ? getPreset(preset) : null;

  const aFlat: Flat = {};
  const bFlat: Flat = {};
  for (const [k, v] of params) {
    if (RESERVED.has(k)) continue;
    if (k.startsWith(B_PREFIX)) put(bFlat, k.slice(B_PREFIX.length), v);
    else put(aFlat, k, v);
  }
  const aPatch = unflatten(aFlat);
  lostValues(aFlat, aPatch, '', notes);
  const a = overlay(base?.scenario ?? {}, aPatch);

  const compare = params.get('compare');
  if (compare !== null && compare !== 'on' && compare !== 'off') notes.push(`compare: ${quote(compare)} ignored (expected on or off)`);
  let b: RawScenario | null = null;
  const bPatch = unflatten(bFlat);
  const wantsB = compare === 'on' || Object.keys(bFlat).length > 0 || (base?.compare !== undefined && compare !== 'off');
  if (wantsB && compare !== 'off') {
    lostValues(bFlat, bPatch, B_PREFIX, notes);
    b = overlay(overlay(a, base?.compare ?? {}), bPatch);
  } else if (Object.keys(bFlat).length > 0) {
    const names = Object.keys(bFlat).map((k) => label(B_PREFIX + k));
    notes.push(`compare: off, so ${names.join(', ')} ignored`);
  }

  const theme = params.get('theme');
  if (theme !== null && !THEMES.includes(theme)) notes.push(`theme: ${quote(theme)} ignored (expected ${THEMES.join(', ')})`);
  const controls = params.get('controls');
  if (controls !== null && controls !== 'all' && controls !== 'none') {
    const unknown = controls.split(',').map((c) => c.trim()).filter((c) => c && !(CONTROL_FIELDS as readonly string[]).includes(c));
    if (unknown.length) notes.push(`controls: ${unknown.map((c) => quote(c, 20)).join(', ')} ignored (expected all, none, or some of ${CONTROL_FIELDS.join(', ')})`);
  }

  let views = viewsOf(preset, b);
  const viewsRaw = params.get('views');
  if (viewsRaw !== null) {
    const asked = viewsRaw.split(',').map((s) => s.trim()).filter(Boolean);
    const known = asked.filter((s): s is ViewId => (VIEW_IDS as readonly string[]).includes(s));
    const unknown = asked.filter((s) => !known.includes(s as ViewId));
    if (unknown.length) notes.push(`views: ${unknown.map((s) => JSON.stringify(s.slice(0, 20))).join(', ')} ignored (expected ${VIEW_IDS.join(', ')})`);
    if (known.length) views = [...new Set(known)];
  }
  if (views.includes('compare') && b === null && compare === 'off') notes.push('compare: off ignored: the compare view needs scenario B (an unchanged copy of A)');
  return { state: withCompareRun({ preset, a, b, views }), notes };
}

/**
 * Rule 7: a state that shows the compare view has a scenario B, an unchanged copy of A if it had none
 * (without it the view would wait for a run that never comes). Embed pages that fix their views apply it
 * after fixing them.
 */
export function withCompareRun(s: LabState): LabState {
  return s.views.includes('compare') && s.b === null ? { ...s, b: { ...s.a } } : s;
}

/** Writes the state as a query string without `?`: every field of A, B as a patch over A (rule 3). */
export function encodeState(s: LabState): string {
  const p = new URLSearchParams();
  p.set('v', String(URL_VERSION));
  if (s.preset) p.set('preset', s.preset);
  // `version` is the scenario format's (always 1 today); the link's own `v` covers it.
  const { version: _version, ...a } = s.a;
  const aFlat = flatten(a);
  for (const [k, v] of Object.entries(aFlat)) p.set(k, v);
  if (s.b) {
    const { version: _bVersion, ...b } = s.b;
    const patch = diffFlat(aFlat, flatten(b));
    if (Object.keys(patch).length === 0) p.set('compare', 'on');
    for (const [k, v] of Object.entries(patch)) p.set(B_PREFIX + k, v);
  } else if (s.preset && getPreset(s.preset).compare) {
    p.set('compare', 'off');
  }
  const dflt = viewsOf(s.preset, s.b);
  if (s.views.join(',') !== dflt.join(',')) p.set('views', s.views.join(','));
  return p.toString();
}
