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
 *   5. Logs (`logArray()`: the trace's events, the series' points, the completed GC cycles, a map tape's
 *      effect arguments) hold records that are never changed once added, so a copy is a new array of the
 *      same records. This is most of what a copy of a small map costs otherwise.
 *   6. With a BufferPool, the buffers of a copy come from copies that were given back, when one of the
 *      same size is there. A big map's copy is mostly one buffer (17.8 MB for a classic map of 1e6 keys),
 *      and fresh memory costs its page faults on top of the copy: two to ten times the copy itself on this
 *      project's machines. Only the owner of a copy may give it back, once nothing uses it any more.
 */

const LOG = Symbol('fork.log');

/** An array of records that are never modified once appended (rule 5); the array itself may change. */
export function logArray<T>(items: T[] = []): T[] {
  Object.defineProperty(items, LOG, { value: true });
  return items;
}

/** Buffers of dead copies, for new copies of the same size (rule 6). */
export class BufferPool {
  /**
   * Spare buffers, oldest first. A release that would go over the limit drops the oldest spares: the newest
   * are those of the scenario the reader is working on (a classic run's spares must not keep out the
   * Swiss ones when the compare mode runs both, or after a switch from one to the other).
   */
  private readonly spares: ArrayBuffer[] = [];
  private bytes = 0;
  /** The buffers each live copy made, by its root. */
  private readonly made = new WeakMap<object, ArrayBuffer[]>();

  /**
   * `maxBytes`: spare bytes kept at most; older ones are left to the garbage collector. The default holds
   * the three spares a slider drag at 1e6 keys cycles through (17.8 MB each for a classic map) and keeps a
   * page with an embedded widget from holding more for nothing.
   */
  constructor(private readonly maxBytes = 64 << 20) {}

  /** Spare bytes held. */
  get spareBytes(): number {
    return this.bytes;
  }

  /** The newest spare buffer of exactly `byteLength` bytes, or a new one. Its content is unspecified. */
  take(byteLength: number): ArrayBuffer {
    for (let i = this.spares.length - 1; i >= 0; i--) {
      if (this.spares[i].byteLength !== byteLength) continue;
      const [b] = this.spares.splice(i, 1);
      this.bytes -= byteLength;
      return b;
    }
    return new ArrayBuffer(byteLength);
  }

  /** Bytes of the buffers the live copy rooted at `root` made (0 for one this pool did not make). */
  bytesOf(root: object): number {
    let n = 0;
    for (const b of this.made.get(root) ?? []) n += b.byteLength;
    return n;
  }

  /** Records the buffers a copy rooted at `root` made (deepCopy does). */
  register(root: object, buffers: ArrayBuffer[]): void {
    if (buffers.length) this.made.set(root, buffers);
  }

  /**
   * The copy rooted at `root` is dead: its buffers become spares, except `keep` (buffers something else
   * still holds). The caller owns the copy and guarantees nothing else reads its buffers.
   */
  release(root: object, keep: ReadonlySet<ArrayBuffer> = new Set()): void {
    const bufs = this.made.get(root);
    if (!bufs) return;
    this.made.delete(root);
    for (const b of bufs) {
      if (keep.has(b) || b.byteLength > this.maxBytes) continue;
      while (this.bytes + b.byteLength > this.maxBytes) this.bytes -= this.spares.shift()!.byteLength;
      this.spares.push(b);
      this.bytes += b.byteLength;
    }
  }
}

/** Copies `root` and everything it reaches (rules 1–4); its buffers from `pool` if given (rule 6). */
export function deepCopy<T>(root: T, pool?: BufferPool): T {
  const seen = new Map<unknown, unknown>();
  const made: ArrayBuffer[] = [];

  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v; // primitives and functions (rule 4)
    // Frozen objects first: they are never in `seen`, and a big map holds tens of thousands (heap handles).
    if (Object.isFrozen(v)) return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (ArrayBuffer.isView(v)) {
      const src = v.buffer as ArrayBuffer;
      let buf = seen.get(src) as ArrayBuffer | undefined;
      if (!buf) {
        if (pool) {
          buf = pool.take(src.byteLength);
          new Uint8Array(buf).set(new Uint8Array(src));
          made.push(buf);
        } else {
          buf = src.slice(0);
        }
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

  const out = copy(root) as T;
  if (pool && out !== null && typeof out === 'object') pool.register(out, made);
  return out;
}
