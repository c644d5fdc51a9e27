/**
 * Seeded hashing of integer key ids, and the seeded random source the maps use where the runtime calls
 * fastrand/rand (hash seeds, incrnoverflow).
 *
 * Glossary
 *   key id   the integer that stands for a Go key (a string, an int64). Maps store ids, not bytes.
 *   seed     per-map hash seed: hmap.hash0 (classic) or Map.seed (Swiss); re-drawn when a map becomes
 *            empty or is cleared.
 *   lo, hi   the low and high 32 bits of the simulated 64-bit hash.
 *
 * Mechanism
 *   The runtime hashes keys with aeshash/memhash (or wyhash without AES), seeded per map. We only need
 *   the same *distribution*: every bit uniform, bits independent, different per seed. `Hasher.hash`
 *   mixes the key id with the seed through two rounds of 32-bit avalanche mixers (murmur3's fmix32 and
 *   a second mixer with other constants), one per half, using Math.imul so no BigInt is needed. The
 *   results are not the runtime's bit patterns, so bucket positions differ from a real run; occupancy
 *   statistics (overflow chains, tombstones, table splits) match in distribution. Tests compare them
 *   with measured counts.
 *   The classic map's warm() hashes the keys of the batch that follows ahead (`hashAhead`), and the
 *   batch's operations take those hashes (`hashKept`) instead of hashing each key twice; a new seed drops
 *   them.
 *
 * Which bits the maps use (hash rules)
 *   1. classic bucket index = hash & (2^B − 1) → the low bits of `lo` (B ≤ 31).
 *   2. classic tophash = top byte of the hash → `hi >>> 24`, bumped by minTopHash if below it.
 *   3. Swiss H2 = low 7 bits → `lo & 0x7f`; H1 = hash >> 7 → group probe start `(lo >>> 7) & mask`
 *      (tables have at most 128 groups, so 7 bits of H1 suffice).
 *   4. Swiss directory index = top globalDepth bits → `hi >>> (32 − globalDepth)`; the split bit at
 *      localDepth is bit (32 − localDepth) of `hi` (localDepth ≤ 32, i.e. up to 2^32 tables).
 */

/** 32-bit avalanche mixer (murmur3 fmix32). */
function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x;
}

/** A second 32-bit mixer with independent constants (Wellons' "lowbias32"). */
function mix32b(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x;
}

/** Per-map seeded hash. After `hash(key)`, `lo` and `hi` hold the two halves (unsigned 32-bit). */
export class Hasher {
  lo = 0;
  hi = 0;
  private s0: number;
  private s1: number;

  constructor(seed0: number, seed1: number) {
    this.s0 = seed0 | 0;
    this.s1 = seed1 | 0;
  }

  /** New seed, as the runtime does when a map becomes empty (hash0 = fastrand()). */
  reseed(seed0: number, seed1: number): void {
    this.s0 = seed0 | 0;
    this.s1 = seed1 | 0;
    if (ahead.owner === this) ahead.owner = null;
  }

  get seed(): [number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0];
  }

  /** Hashes an integer key id (any int32). */
  hash(key: number): void {
    const a = fmix32((key ^ this.s0) + 0x9e3779b9);
    const b = mix32b(a ^ this.s1 ^ Math.imul(key, 0x27d4eb2f));
    this.lo = (a ^ (b >>> 7)) >>> 0;
    this.hi = b >>> 0;
  }

  /**
   * Hashes keys from … from + k − 1 and keeps the results for `hashKept` (a map's warm() hashes the keys of
   * the batch that follows). The returned arrays hold them, key from + j at index j; read them at once.
   */
  hashAhead(from: number, k: number): { readonly lo: Uint32Array; readonly hi: Uint32Array } {
    if (ahead.lo.length < k) ahead = { owner: null, from: 0, n: 0, lo: new Uint32Array(k), hi: new Uint32Array(k) };
    const { lo, hi } = ahead;
    for (let j = 0; j < k; j++) {
      this.hash(from + j);
      lo[j] = this.lo;
      hi[j] = this.hi;
    }
    ahead.owner = this;
    ahead.from = from;
    ahead.n = k;
    return ahead;
  }

  /** `hash(key)`, taking the result from the last `hashAhead` when that was this hasher's and covered the key. */
  hashKept(key: number): void {
    const a = ahead;
    const j = key - a.from;
    if (a.owner === this && j >= 0 && j < a.n) {
      this.lo = a.lo[j];
      this.hi = a.hi[j];
    } else {
      this.hash(key);
    }
  }
}

/**
 * The keys `hashAhead` hashed last, and for which hasher (null once its seed changed). One for all hashers:
 * only the last caller's batch is kept, and a copied map (fork.ts) has a copied hasher, another object, which
 * hashes again.
 */
let ahead: { owner: Hasher | null; from: number; n: number; lo: Uint32Array; hi: Uint32Array } = {
  owner: null,
  from: 0,
  n: 0,
  lo: new Uint32Array(256),
  hi: new Uint32Array(256),
};

/**
 * Deterministic random source standing in for the runtime's fastrand/rand (mulberry32-style).
 * Every random decision of a map draws from one of these, seeded by the caller.
 */
export class Rand {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Next uniformly distributed uint32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

/** Derives an independent child seed (for giving a map its own stream from a scenario seed). */
export function deriveSeed(seed: number, salt: number): number {
  return fmix32(mix32b(seed ^ 0x5bd1e995) ^ fmix32(salt)) >>> 0;
}
