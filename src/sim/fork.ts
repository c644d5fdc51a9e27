/**
 * Deep copies of simulator state, so that a run can continue from a saved point (run.ts `Checkpoint`).
 *
 * Why: the lab re-runs a scenario on every slider move. Controls that act only after the insert phase
 * (deletion ratio, rebuild policy) leave the whole insert phase unchanged, and the simulator is
 * deterministic, so a copy of the state at the end of that phase gives the same result as a fresh run.
 * Tests compare the two byte for byte (tests/sim/checkpoint.test.ts).
 *
 * Rules
 *   1. Objects keep their prototype (class instances stay instances), own properties are copied deeply.
 *   2. Shared references stay shared: an object reached twice is copied once (the heap that a map
 *      allocates from is the copied heap).
 *   3. Typed arrays are copied with their buffer: views of one buffer (a classic map's bucket records are
 *      read as words and as bytes) stay views of one copied buffer. Arrays, Maps and Sets are copied element
 *      by element.
 *   4. Functions are NOT copied: a closure still sees the original's `this`. Owners that store closures
 *      re-create them after a copy (Workload.rebind, Runtime.rebind, GoMap.setTrace). Frozen objects are
 *      immutable and shared as they are.
 *   5. Logs (`logArray()`: the trace's events, the series' points, the completed GC cycles) hold records
 *      that are never changed once added, so a copy is a new array of the same records. This is most of
 *      what a copy of a small map costs otherwise.
 */

const LOG = Symbol('fork.log');

/** An array of records that are never modified once appended (rule 5); the array itself may change. */
export function logArray<T>(items: T[] = []): T[] {
  Object.defineProperty(items, LOG, { value: true });
  return items;
}

/** Copies `root` and everything it reaches (rules 1–4). */
export function deepCopy<T>(root: T): T {
  const seen = new Map<unknown, unknown>();

  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v; // primitives and functions (rule 4)
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (Object.isFrozen(v)) return v;
    if (ArrayBuffer.isView(v)) {
      const src = v.buffer as ArrayBuffer;
      let buf = seen.get(src) as ArrayBuffer | undefined;
      if (!buf) {
        buf = src.slice(0);
        seen.set(src, buf);
      }
      const View = v.constructor as new (b: ArrayBuffer, offset: number, length: number) => ArrayBufferView;
      const length = (v as unknown as { length?: number }).length ?? v.byteLength;
      const c = new View(buf, v.byteOffset, length);
      seen.set(v, c);
      return c;
    }
    if (Array.isArray(v)) {
      if ((v as unknown as Record<symbol, boolean>)[LOG]) {
        const log = logArray(v.slice());
        seen.set(v, log);
        return log;
      }
      const c: unknown[] = new Array(v.length);
      seen.set(v, c);
      for (let i = 0; i < v.length; i++) c[i] = copy(v[i]);
      return c;
    }
    if (v instanceof Map) {
      const c = new Map();
      seen.set(v, c);
      for (const [k, x] of v) c.set(copy(k), copy(x));
      return c;
    }
    if (v instanceof Set) {
      const c = new Set();
      seen.set(v, c);
      for (const x of v) c.add(copy(x));
      return c;
    }
    // Object.assign copies the primitives in one go (most objects, e.g. heap handles, hold nothing else);
    // the loop then replaces the references with copies.
    const c = Object.assign(Object.create(Object.getPrototypeOf(v)), v) as Record<string, unknown>;
    seen.set(v, c);
    for (const k in c) {
      const x = c[k];
      if (x !== null && typeof x === 'object') c[k] = copy(x);
    }
    return c;
  };

  return copy(root) as T;
}
