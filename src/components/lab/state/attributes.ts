/**
 * From a <map-gc-lab> element's attributes to the scenarios its widget shows, in one pure function: the
 * same three steps the live path takes, in the same order.
 *
 *   1. the element turns its attributes into the widget page's query (`widgetParams`, src/embed/map-gc-lab.ts);
 *   2. the widget page reads that query (`decodeState`, ./url.ts), with notes for what it cannot use;
 *   3. the simulator worker repairs and checks each scenario (`parseLenient`, ./lenient.ts), with notes.
 *
 * The notes are what the widget shows under "notes", with B's prefixed `b.` as its attributes are (`b.n: …`;
 * B starts as a copy of A, so a bad value of A is noted for both).
 * tests/fuzz/attributes.fuzz.test.ts checks this function under thousands of hostile attribute sets.
 */
import type { Scenario } from '../../../sim/scenario';
import { widgetParams, type Attr } from '../../../embed/map-gc-lab';
import type { PresetId, ViewId } from '../presets';
import { parseLenient } from './lenient';
import { decodeState } from './url';

export interface AttributeScenario {
  preset: PresetId | null;
  a: Scenario;
  b: Scenario | null;
  views: ViewId[];
  notes: string[];
}

export function scenarioFromAttributes(attrs: readonly Attr[]): AttributeScenario {
  const { state, notes } = decodeState(widgetParams(attrs));
  const a = parseLenient(state.a);
  const b = state.b ? parseLenient(state.b) : null;
  const bNotes = b ? b.notes.map((n) => `b.${n}`) : [];
  return { preset: state.preset, a: a.scenario, b: b?.scenario ?? null, views: state.views, notes: [...notes, ...a.notes, ...bNotes] };
}
