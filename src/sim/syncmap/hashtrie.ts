/**
 * sync.Map of Go 1.24+: a concurrent hash-trie, by the go1.26.8 source (src/internal/sync/hashtriemap.go;
 * src/sync/hashtriemap.go wraps HashTrieMap[any, any]).
 *
 * Structure
 *   HashTrieMap{inited, initMu, root *indirect, keyHash, valEqual, seed}
 *   indirect{node; dead; mu; parent *indirect; children [16]*node}: 152 B (size class 160)
 *   entry{node; overflow *entry; key any; value any}: 48 B; a leaf, with a chain for full-hash collisions
 *   Each level takes the next 4 bits of the 64-bit hash, from the top (hashShift 64 − 4·(level + 1)).
 *
 * Rules (cited as "hashtrie rule N")
 *   1. The root indirect node is allocated on the first call of any operation (init → initSlow), not by the zero
 *      Map.
 *   2. Store = Swap. Walk from the root to the first nil slot or entry. A nil slot takes a new entry node. An
 *      entry chain holding the key is replaced by a new entry node with the new key and value, keeping the rest
 *      of the chain (entry.swap): the old node, the key box it held and its value become garbage. Otherwise
 *      expand: with the same full hash the new entry heads a chain in front of the old one; else new indirect
 *      nodes, one per level where both hashes have the same 4 bits, and both entries go into the last one.
 *   3. Delete = LoadAndDelete. The key is not boxed on the heap (it is only compared). Removing the chain's head
 *      puts the rest of the chain (usually nil) into the slot; removing a later link unlinks it. The entry node,
 *      its key box, key string and value become garbage. If the slot is now nil, every indirect node on the way
 *      up that has no children left is cut from its parent (marked dead) and becomes garbage; the root stays.
 *      A node with one child left is not collapsed.
 *   4. A value that is a pointer is stored in the entry's `any` without a box; the key, a string, is boxed
 *      (16 B) by the caller's conversion, which escapes into the entry.
 *   5. Range visits every chain of every node; it changes nothing.
 */
import type { MapShape } from '../contracts';
import { Hasher, Rand } from '../hash';
import { ENTRY, HEADER, INDIRECT, KEY_BOX, KEY_STR, VALUE, grown, type Ledger } from './objects';
import { plainMapShape, syncShape, type ConcurrentMap, type SyncMapShape } from './model';

/** Children per indirect node and bits of hash per level (nChildrenLog2 = 4). */
export const N_CHILDREN = 16;
const LEVELS = 16; // 64-bit hash / 4 bits

/** The 64-bit hash of a key as two unsigned 32-bit halves (hi = the top bits). */
export type TrieHash = (key: number) => { hi: number; lo: number };

/** The 4 bits of a hash (hi:lo) that index a node at `level`, from the top. */
function nib(hi: number, lo: number, level: number): number {
  return level < 8 ? (hi >>> (28 - 4 * level)) & 15 : (lo >>> (28 - 4 * (level - 8))) & 15;
}

export interface HashTrieOptions {
  ledger: Ledger;
  seed: number;
  /** The key hash; default the map's seeded hash (tests inject collisions). */
  hash?: TrieHash;
}

export class HashTrieMap implements ConcurrentMap {
  readonly impl = 'hashtrie' as const;
  private readonly L: Ledger;
  private readonly hashOf: TrieHash;

  // Indirect nodes: children (0 = nil, k + 1 = entry chain headed by key k, −(i + 1) = node i), parent, level.
  private children = new Int32Array(64 * N_CHILDREN);
  private parent = new Int32Array(64);
  private level = new Uint8Array(64);
  private nchild = new Uint8Array(64);
  private free: number[] = [];
  private used = 0;
  private root = -1;
  private nodes = 0;

  /** Per key: the next entry of its chain (k + 1, 0 = none) and whether an entry holds it. */
  private next = new Int32Array(1024);
  private present = new Uint8Array(1024);
  private entries = 0;

  constructor(o: HashTrieOptions) {
    this.L = o.ledger;
    if (o.hash) this.hashOf = o.hash;
    else {
      const r = new Rand(o.seed);
      const h = new Hasher(r.next(), r.next());
      const out = { hi: 0, lo: 0 };
      this.hashOf = (k) => {
        h.hash(k);
        out.hi = h.hi;
        out.lo = h.lo;
        return out;
      };
    }
    this.L.alloc(HEADER);
  }

  /** The 4 bits of `key`'s hash that index a node at `level`. */
  private nibble(key: number, level: number): number {
    const h = this.hashOf(key);
    return nib(h.hi, h.lo, level);
  }

  private growKeys(k: number): void {
    if (k < this.next.length) return;
    let n = this.next.length;
    while (n <= k) n *= 2;
    this.next = grown(this.next, n);
    this.present = grown(this.present, n);
  }

  private newNode(parent: number, level: number): number {
    let i = this.free.pop();
    if (i === undefined) {
      i = this.used++;
      if (i >= this.parent.length) {
        const n = this.parent.length * 2;
        this.children = grown(this.children, n * N_CHILDREN);
        this.parent = grown(this.parent, n);
        this.level = grown(this.level, n);
        this.nchild = grown(this.nchild, n);
      }
    }
    this.children.fill(0, i * N_CHILDREN, (i + 1) * N_CHILDREN);
    this.parent[i] = parent;
    this.level[i] = level;
    this.nchild[i] = 0;
    this.nodes++;
    this.L.alloc(INDIRECT);
    return i;
  }

  private freeNode(i: number): void {
    this.free.push(i);
    this.parent[i] = -2;
    this.nodes--;
    this.L.drop(INDIRECT);
  }

  /** hashtrie rule 1. */
  private init(): void {
    if (this.root < 0) this.root = this.newNode(-1, 0);
  }

  store(k: number): void {
    this.growKeys(k);
    const L = this.L;
    L.alloc(KEY_STR);
    L.alloc(KEY_BOX);
    L.alloc(VALUE);
    this.init();
    const hk = this.hashOf(k);
    const hi = hk.hi;
    const lo = hk.lo;
    let i = this.root;
    let lvl = 0;
    let slot = 0;
    let c = 0;
    for (; lvl < LEVELS; lvl++) {
      slot = i * N_CHILDREN + nib(hi, lo, lvl);
      c = this.children[slot];
      if (c >= 0) break;
      i = -c - 1;
    }
    if (lvl === LEVELS) throw new Error('hashtrie: ran out of hash bits');
    if (c > 0 && this.present[k]) {
      // The key is in this chain: entry.swap makes a new node with the new key and value (rule 2).
      L.alloc(ENTRY);
      L.drop(ENTRY);
      L.drop(KEY_BOX);
      L.drop(KEY_STR);
      L.drop(VALUE);
      return;
    }
    L.alloc(ENTRY);
    this.entries++;
    this.present[k] = 1;
    if (c === 0) {
      this.children[slot] = k + 1;
      this.nchild[i]++;
      return;
    }
    const old = c - 1;
    const ho = this.hashOf(old);
    const ohi = ho.hi;
    const olo = ho.lo;
    if (ohi === hi && olo === lo) {
      this.next[k] = old + 1;
      this.children[slot] = k + 1;
      return;
    }
    // expand: indirect nodes below `i` until the two hashes differ.
    const top = this.newNode(i, lvl + 1);
    let cur = top;
    for (let d = lvl + 1; ; d++) {
      if (d >= LEVELS) throw new Error('hashtrie: ran out of hash bits while inserting');
      const oi = nib(ohi, olo, d);
      const ni = nib(hi, lo, d);
      if (oi !== ni) {
        this.children[cur * N_CHILDREN + oi] = old + 1;
        this.children[cur * N_CHILDREN + ni] = k + 1;
        this.nchild[cur] = 2;
        break;
      }
      const nx = this.newNode(cur, d + 1);
      this.children[cur * N_CHILDREN + oi] = -(nx + 1);
      this.nchild[cur] = 1;
      cur = nx;
    }
    this.children[slot] = -(top + 1);
  }

  delete(k: number): void {
    this.growKeys(k);
    this.L.alloc(KEY_STR); // the regenerated key
    this.L.drop(KEY_STR);
    this.init();
    if (!this.present[k]) return;
    const hk = this.hashOf(k);
    const hi = hk.hi;
    const lo = hk.lo;
    let i = this.root;
    let slot = -1;
    for (let lvl = 0; lvl < LEVELS; lvl++) {
      slot = i * N_CHILDREN + nib(hi, lo, lvl);
      const c = this.children[slot];
      if (c === 0) throw new Error(`hashtrie: key ${k} is present but its slot is nil`);
      if (c > 0) break;
      i = -c - 1;
    }
    const head = this.children[slot] - 1;
    if (head === k) {
      this.children[slot] = this.next[k];
    } else {
      let prev = head;
      while (this.next[prev] !== k + 1) {
        if (this.next[prev] === 0) throw new Error(`hashtrie: key ${k} missing from its chain`);
        prev = this.next[prev] - 1;
      }
      this.next[prev] = this.next[k];
    }
    this.next[k] = 0;
    this.present[k] = 0;
    this.entries--;
    const L = this.L;
    L.drop(ENTRY);
    L.drop(KEY_BOX);
    L.drop(KEY_STR);
    L.drop(VALUE);
    if (this.children[slot] !== 0) return;
    // Prune empty nodes on the way up (rule 3).
    this.nchild[i]--;
    while (this.parent[i] >= 0 && this.nchild[i] === 0) {
      const p = this.parent[i];
      this.children[p * N_CHILDREN + nib(hi, lo, this.level[i] - 1)] = 0;
      this.nchild[p]--;
      this.freeNode(i);
      i = p;
    }
  }

  length(): number {
    return this.entries;
  }

  values(): number {
    return this.entries;
  }

  livePointers(): number {
    // Each entry: the slot or link pointing at it, key → box, box → string, value → target; each non-root node:
    // its slot in the parent and its parent pointer; the header → root.
    return 4 * this.entries + 2 * Math.max(0, this.nodes - 1) + (this.root >= 0 ? 1 : 0);
  }

  /** The deepest level holding a node (root = 0). */
  private depth(): number {
    let d = 0;
    for (let i = 0; i < this.used; i++) if (this.parent[i] !== -2 && this.level[i] > d) d = this.level[i];
    return d;
  }

  mapShape(): MapShape {
    return plainMapShape(this.entries, this.L.structureBytes(), this.L.structureScanBytes());
  }

  syncShape(): SyncMapShape {
    return syncShape('hashtrie', this.entries, this.L.liveObjects(), {
      indirectNodes: this.nodes,
      entryNodes: this.entries,
      maxDepth: this.root >= 0 ? this.depth() : null,
    });
  }

  checkInvariants(): void {
    if (this.root < 0) {
      if (this.entries !== 0) throw new Error('hashtrie: entries without a root');
      return;
    }
    let nodes = 0;
    let entries = 0;
    const walk = (i: number, lvl: number): void => {
      nodes++;
      if (this.level[i] !== lvl) throw new Error(`hashtrie: node ${i} at level ${lvl} records ${this.level[i]}`);
      let n = 0;
      for (let j = 0; j < N_CHILDREN; j++) {
        const c = this.children[i * N_CHILDREN + j];
        if (c === 0) continue;
        n++;
        if (c < 0) {
          const ch = -c - 1;
          if (this.parent[ch] !== i) throw new Error(`hashtrie: node ${ch}'s parent is ${this.parent[ch]}, not ${i}`);
          walk(ch, lvl + 1);
          continue;
        }
        for (let e = c - 1; ; ) {
          entries++;
          if (!this.present[e]) throw new Error(`hashtrie: key ${e} in the trie but not present`);
          if (this.nibble(e, lvl) !== j) throw new Error(`hashtrie: key ${e} in slot ${j} of a level-${lvl} node`);
          if (this.next[e] === 0) break;
          e = this.next[e] - 1;
        }
      }
      if (n !== this.nchild[i]) throw new Error(`hashtrie: node ${i} counts ${this.nchild[i]} children, has ${n}`);
      if (n === 0 && i !== this.root) throw new Error(`hashtrie: empty node ${i} was not pruned`);
    };
    walk(this.root, 0);
    if (nodes !== this.nodes) throw new Error(`hashtrie: ${nodes} reachable nodes, ${this.nodes} counted`);
    if (entries !== this.entries) throw new Error(`hashtrie: ${entries} reachable entries, ${this.entries} counted`);
    if (this.L.live[INDIRECT] !== nodes) throw new Error(`hashtrie: ${this.L.live[INDIRECT]} node objects for ${nodes} nodes`);
    if (this.L.live[ENTRY] !== entries || this.L.live[KEY_BOX] !== entries || this.L.live[VALUE] !== entries) {
      throw new Error(`hashtrie: ${this.L.live[ENTRY]} entry objects for ${entries} entries`);
    }
  }
}
