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

/**
 * `obj[key] = value` as an own data property, whatever `key` is. Keys come from links and attributes, so
 * `__proto__` must not reach the prototype setter: `?__proto__.n=5` would otherwise change what every
 * object of the page inherits. Such a key stays an ordinary (unknown) field, which `parseScenario` names.
 */
export function put(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `obj[key]` if it is the object's own property (never an inherited one such as `constructor`). */
function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

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
      if (inner.length === 0) put(out, k, 'on');
      for (const [ik, iv] of inner) put(out, `${k}.${ik}`, text(iv));
    } else {
      put(out, k, text(v));
    }
  }
  return out;
}

/**
 * The inverse of `flatten`, keeping values as text. A block is decided by the last parameter that names it:
 * `rebuild=on` or a dotted field (`rebuild.threshold=0.3`) makes it an object of every dotted field given for
 * it, in any order; a later `rebuild=off` wins, as a reader would expect when editing a URL by hand.
 */
export function unflatten(flat: Flat): RawScenario {
  const out: RawScenario = {};
  /** Every dotted field seen per block, kept across a plain value that a later field overrides again. */
  const blocks = new Map<string, Record<string, unknown>>();
  const block = (head: string) => {
    let b = blocks.get(head);
    if (!b) blocks.set(head, (b = {}));
    return b;
  };
  for (const [k, v] of Object.entries(flat)) {
    const dot = k.indexOf('.');
    if (dot < 0) {
      put(out, k, v === 'on' ? block(k) : v);
      continue;
    }
    const head = k.slice(0, dot);
    const obj = block(head);
    put(obj, k.slice(dot + 1), v);
    put(out, head, obj);
  }
  return out;
}

/** Fields of `b` whose text differs from `a`'s. `overlay(a, unflatten(diffFlat(flatten(a), flatten(b))))` is `b`. */
export function diffFlat(a: Flat, b: Flat): Flat {
  const out: Flat = {};
  for (const [k, v] of Object.entries(b)) if (own(a, k) !== v) put(out, k, v);
  return out;
}

function isBlock(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `a` with `patch` laid over it: blocks present in both are merged field by field, anything else replaced. */
export function overlay(a: RawScenario, patch: RawScenario): RawScenario {
  const out: RawScenario = { ...a };
  for (const [k, v] of Object.entries(patch)) {
    const cur = own(out, k);
    put(out, k, isBlock(v) && isBlock(cur) ? { ...cur, ...v } : v);
  }
  return out;
}
