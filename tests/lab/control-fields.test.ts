/**
 * `controls=` (URL, embed attribute) names the fields whose controls a widget shows. The URL parser notes
 * every name it does not know (CONTROL_FIELDS, state/url.ts), so the list must be exactly the fields
 * ScenarioForm can show: a control added there and not here would be dropped from links with a note.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CONTROL_FIELDS } from '../../src/components/lab/state/url';

it('CONTROL_FIELDS are the fields ScenarioForm shows', () => {
  const form = readFileSync(new URL('../../src/components/lab/controls/ScenarioForm.tsx', import.meta.url), 'utf8');
  const shown = [...new Set([...form.matchAll(/\bshow\('([A-Za-z.]+)'\)/g)].map((m) => m[1]))].sort();
  expect(shown.length).toBeGreaterThan(5);
  expect([...CONTROL_FIELDS].sort()).toEqual(shown);
});
