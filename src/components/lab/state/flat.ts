/**
 * Scenarios as flat `field → text` maps, the shape a query string and element attributes have.
 *
 * Nested blocks use dotted names (`rebuild.threshold=0.3`); a block that is switched off is written as
 * `rebuild=off`. Nothing here knows the schema: values stay text, and `parseScenario` reads them
 * (it accepts "1e6", "off", "512MiB", "true").
 */

/** A scenario as a reader or a URL gives it: any subset of fields, values as typed. */
export type RawScenario = Record<string, unknown>;
export type Flat = Record<string, string>;

const OFF = 'off';

function text(v: unknown): string {
  if (v === null || v === false) return v === null ? OFF : 'false';
  return String(v);
}

/** `{rebuild: {threshold: 0.3}}` → `{'rebuild.threshold': '0.3'}`; `{churn: null}` → `{churn: 'off'}`. */
export function flatten(s: RawScenario): Flat {
  const out: Flat = {};
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const inner = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      if (inner.length === 0) out[k] = 'on';
      for (const [ik, iv] of inner) out[`${k}.${ik}`] = text(iv);
    } else {
      out[k] = text(v);
    }
  }
  return out;
}

/**
 * The inverse of `flatten`, keeping values as text. `rebuild=on` (or any dotted field) makes an object;
 * a later `rebuild=off` wins over dotted fields only if it comes last, as a reader would expect when
 * editing a URL by hand.
 */
export function unflatten(flat: Flat): RawScenario {
  const out: RawScenario = {};
  for (const [k, v] of Object.entries(flat)) {
    const dot = k.indexOf('.');
    if (dot < 0) {
      if (v === 'on') {
        if (out[k] === null || typeof out[k] !== 'object') out[k] = {};
      } else {
        out[k] = v;
      }
      continue;
    }
    const head = k.slice(0, dot);
    const tail = k.slice(dot + 1);
    const cur = out[head];
    const obj = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>) : {};
    obj[tail] = v;
    out[head] = obj;
  }
  return out;
}

/** Fields of `b` whose text differs from `a`'s. `overlay(a, unflatten(diffFlat(flatten(a), flatten(b))))` is `b`. */
export function diffFlat(a: Flat, b: Flat): Flat {
  const out: Flat = {};
  for (const [k, v] of Object.entries(b)) if (a[k] !== v) out[k] = v;
  return out;
}

function isBlock(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `a` with `patch` laid over it: blocks present in both are merged field by field, anything else replaced. */
export function overlay(a: RawScenario, patch: RawScenario): RawScenario {
  const out: RawScenario = { ...a };
  for (const [k, v] of Object.entries(patch)) {
    const cur = out[k];
    out[k] = isBlock(v) && isBlock(cur) ? { ...cur, ...v } : v;
  }
  return out;
}
