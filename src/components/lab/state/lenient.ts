/**
 * `parseScenario`, made forgiving for readers: a link or an attribute with a bad value must still show a
 * widget. `parseScenario` rejects impossible values; here each rejected field is repaired and the reader is
 * told how:
 *   - a number outside the schema's range (`LIMITS`) is clamped to the nearest bound, a fraction where a
 *     whole number belongs is rounded;
 *   - anything else (a typo in an enum, text where a number belongs) falls back to the default.
 * The repaired scenario goes through `parseScenario` again, so the result is always one it accepted.
 * Runs in the worker and at build time; the page itself never loads zod.
 */
import { LIMITS, parseScenario, type Scenario } from '../../../sim/scenario';
import type { RawScenario } from './flat';

export interface Lenient {
  scenario: Scenario;
  /** Clamps and fallbacks done here, then `parseScenario`'s own warnings, one line each. */
  notes: string[];
}

/** `deleteRatio: …` → ['deleteRatio']; `rebuild.threshold: …` → ['rebuild', 'threshold']. */
function errorPath(message: string): string[] | null {
  const m = /^([A-Za-z][\w.]*):/.exec(message);
  return m && m[1] !== 'scenario' ? m[1].split('.') : null;
}

function get(raw: RawScenario, path: string[]): unknown {
  let v: unknown = raw;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

function set(raw: RawScenario, path: string[], value: unknown): RawScenario {
  const out: RawScenario = { ...raw };
  if (path.length === 1) {
    if (value === undefined) delete out[path[0]];
    else out[path[0]] = value;
    return out;
  }
  const inner = out[path[0]];
  out[path[0]] = set(inner !== null && typeof inner === 'object' ? (inner as RawScenario) : {}, path.slice(1), value);
  return out;
}

function clampTo(path: string, v: unknown): number | null {
  const limit = (LIMITS as Record<string, { min: number; max: number }>)[path];
  const n = typeof v === 'string' ? Number(v.trim()) : v;
  if (!limit || typeof n !== 'number' || !Number.isFinite(n)) return null;
  return Math.min(limit.max, Math.max(limit.min, n));
}

/** Never throws; always returns a scenario `parseScenario` accepted. */
export function parseLenient(input: RawScenario): Lenient {
  let raw: RawScenario = input !== null && typeof input === 'object' ? input : {};
  const notes: string[] = [];
  for (let round = 0; round < 8; round++) {
    const r = parseScenario(raw);
    if (r.ok) return { scenario: r.scenario, notes: [...notes, ...r.warnings] };
    let repaired = false;
    for (const message of r.errors) {
      let path = errorPath(message);
      if (!path) continue;
      if (get(raw, path) === undefined) {
        // A block without one of its required fields (`backgroundAlloc.objectBytes=64` alone): the block
        // takes its default, rather than the whole scenario.
        if (path.length < 2 || get(raw, path.slice(0, 1)) === undefined) continue;
        path = path.slice(0, 1);
      }
      const old = get(raw, path);
      let clamped = clampTo(path.join('.'), old);
      if (clamped !== null && message.includes('whole number')) clamped = Math.round(clamped);
      if (clamped !== null && clamped !== Number(old)) {
        notes.push(`${message}; using ${clamped}`);
        raw = set(raw, path, clamped);
      } else {
        notes.push(`${message}; using the default${path.length === 1 && !message.startsWith(`${path[0]}:`) ? ` for ${path[0]}` : ''}`);
        raw = set(raw, path, undefined);
      }
      repaired = true;
    }
    if (!repaired) break;
  }
  const r = parseScenario({});
  if (!r.ok) throw new Error(`the default scenario does not parse: ${r.errors.join('; ')}`);
  notes.push('scenario: could not be read; using the defaults');
  return { scenario: r.scenario, notes };
}
