// sync.Map models (src/sim/syncmap): the read/dirty rules of Go <= 1.23 (readdirty.ts), the hash-trie of
// Go >= 1.24 (hashtrie.ts), the map + RWMutex side (mutexmap.ts), the scenario mode and the driver.
import { describe, expect, it } from 'vitest';
import { costsFor } from '../../src/sim/costs';
import { Heap } from '../../src/sim/heap';
import { parseScenario } from '../../src/sim/scenario';
import { simulate } from '../../src/sim/run';
import { HashTrieMap } from '../../src/sim/syncmap/hashtrie';
import { MutexMap } from '../../src/sim/syncmap/mutexmap';
import { ENTRY, INDIRECT, KEY_BOX, KEY_STR, Ledger, VALUE, VALUE_BOX, kindSpecs } from '../../src/sim/syncmap/objects';
import { ReadDirtyMap } from '../../src/sim/syncmap/readdirty';
import type { SyncMapResult } from '../../src/sim/syncmap/run';

function heapFor(impl: 'classic' | 'swiss'): Heap {
  const c = costsFor(impl, 'string16', 'ptr64', 2);
  return new Heap({ rules: c.rules.malloc, baseline: c.baseline, zeroing: c.zeroing, nonHeapBytes: 0 });
}

function readDirty() {
  const heap = heapFor('classic');
  const ledger = new Ledger(heap, kindSpecs('readdirty'));
  const m = new ReadDirtyMap({ heap, ledger, seed: 7, malloc: 'go1.19' });
  return { heap, ledger, m, flush: () => ledger.flush() };
}

function trie(hash?: (k: number) => { hi: number; lo: number }) {
  const heap = heapFor('swiss');
  const ledger = new Ledger(heap, kindSpecs('hashtrie'));
  const m = new HashTrieMap({ ledger, seed: 7, hash });
  return { heap, ledger, m };
}

describe('sync.Map, Go <= 1.23 (read/dirty)', () => {
  it('allocates 6 objects per new key (5 stay) and 4 per update of a key in dirty (none stays)', () => {
    const { ledger, m, flush } = readDirty();
    const m0 = ledger.mallocs.reduce((a, b) => a + b, 0);
    for (let k = 0; k < 100; k++) m.store(k);
    flush();
    const m1 = ledger.mallocs.reduce((a, b) => a + b, 0);
    // key string, key box, value, Store's value box, newEntry's box, *entry (+ one readOnly box for the first)
    expect(m1 - m0).toBe(6 * 100 + 1);
    expect(ledger.live[ENTRY]).toBe(100);
    expect(ledger.live[KEY_BOX]).toBe(100);
    expect(ledger.live[VALUE_BOX]).toBe(100);
    for (let k = 0; k < 100; k++) m.store(k);
    flush();
    expect(ledger.mallocs.reduce((a, b) => a + b, 0) - m1).toBe(4 * 100);
    expect(ledger.live[VALUE]).toBe(100);
    m.checkInvariants();
  });

  it('promotes dirty to read once misses reach len(dirty)', () => {
    const { m } = readDirty();
    for (let k = 0; k < 10; k++) m.store(k);
    expect(m.syncShape()).toMatchObject({ readLen: 0, dirtyLen: 10, amended: true, promotions: 0 });
    // Each Delete of a key only in dirty removes it and counts a miss: after d deletes, misses = d and
    // len(dirty) = 10 − d, so the 5th delete promotes.
    for (let k = 0; k < 4; k++) m.delete(k);
    expect(m.syncShape()).toMatchObject({ dirtyLen: 6, misses: 4, promotions: 0 });
    m.delete(4);
    expect(m.syncShape()).toMatchObject({ readLen: 5, dirtyLen: null, amended: false, misses: 0, promotions: 1 });
    m.checkInvariants();
  });

  it('keeps a deleted key reachable (p = nil, then expunged) until the promotion after the next dirty copy', () => {
    const { ledger, m, flush } = readDirty();
    for (let k = 0; k < 10; k++) m.store(k);
    expect(m.length()).toBe(10); // Range promotes
    m.delete(3);
    flush();
    // In read.m: the entry, its key box and key stay; its value box and value are gone.
    expect(m.syncShape()).toMatchObject({ live: 9, nilEntries: 1, readLen: 10 });
    expect(ledger.live[ENTRY]).toBe(10);
    expect(ledger.live[KEY_BOX]).toBe(10);
    expect(ledger.live[VALUE]).toBe(9);
    m.store(100); // dirtyLocked: key 3 is expunged, not copied
    expect(m.syncShape()).toMatchObject({ nilEntries: 0, expunged: 1, dirtyLen: 10 });
    expect(ledger.live[ENTRY]).toBe(11);
    m.checkInvariants();
    expect(m.length()).toBe(10); // promotion: read.m is dirty now, key 3 is gone
    expect(m.syncShape()).toMatchObject({ expunged: 0, readLen: 10 });
    expect(ledger.live[ENTRY]).toBe(10);
    expect(ledger.live[KEY_STR]).toBe(10);
    m.checkInvariants();
  });

  it('a Store into an expunged entry puts it back into dirty with the new key box', () => {
    const { ledger, m } = readDirty();
    for (let k = 0; k < 4; k++) m.store(k);
    m.length();
    m.delete(1);
    m.store(9); // expunges 1
    m.store(1); // unexpunge + storeLocked
    expect(m.syncShape()).toMatchObject({ live: 5, expunged: 0, dirtyLen: 5 });
    expect(ledger.live[KEY_BOX]).toBe(6); // read.m's old box for key 1 and dirty's new one
    m.checkInvariants();
    m.length();
    expect(ledger.live[KEY_BOX]).toBe(5);
    m.checkInvariants();
  });

  it("the book's program: after n Stores and 0.9·n Deletes, 0.4·n deleted keys are still reachable", () => {
    const { m } = readDirty();
    const n = 2000;
    for (let k = 0; k < n; k++) m.store(k);
    for (let k = 0; k < 0.9 * n; k++) m.delete(k);
    // The first n/2 deletes hit dirty and promote it; the rest only set p = nil in read.m.
    expect(m.syncShape()).toMatchObject({ live: 0.1 * n, nilEntries: 0.4 * n, promotions: 1 });
    m.checkInvariants();
  });
});

describe('sync.Map, Go >= 1.24 (hash-trie)', () => {
  // Keys whose 64-bit hashes are chosen: the top nibbles decide the path.
  const hashes: Record<number, number> = { 0: 0x10000000, 1: 0x20000000, 2: 0x11000000, 3: 0x11100000, 5: 0x30000000, 6: 0x30000000 };
  const fixed = (k: number) => ({ hi: hashes[k], lo: 0 });

  it('allocates the root on the first call, not with the map', () => {
    const { ledger, m } = trie(fixed);
    expect(ledger.live[INDIRECT]).toBe(0);
    m.delete(0);
    expect(ledger.live[INDIRECT]).toBe(1);
  });

  it('adds one indirect node per level two keys share, and prunes only empty nodes', () => {
    const { ledger, m } = trie(fixed);
    m.store(0);
    m.store(1);
    expect(m.syncShape().indirectNodes).toBe(1); // different top nibbles: both in the root
    m.store(2); // shares nibble 1 with key 0
    expect(m.syncShape()).toMatchObject({ indirectNodes: 2, maxDepth: 1 });
    m.store(3); // shares 1, 1 with key 2
    expect(m.syncShape()).toMatchObject({ indirectNodes: 3, maxDepth: 2 });
    m.checkInvariants();
    m.delete(3); // the level-2 node keeps key 2: not collapsed
    expect(m.syncShape().indirectNodes).toBe(3);
    m.delete(2); // now empty: pruned; the level-1 node still holds key 0
    expect(m.syncShape().indirectNodes).toBe(2);
    m.delete(0);
    expect(m.syncShape().indirectNodes).toBe(1);
    m.delete(1); // the root stays
    expect(m.syncShape()).toMatchObject({ indirectNodes: 1, live: 0 });
    expect(ledger.live[INDIRECT]).toBe(1);
    expect(ledger.live[ENTRY]).toBe(0);
    m.checkInvariants();
  });

  it('chains entries with the same full hash and unlinks them', () => {
    const { ledger, m } = trie(fixed);
    m.store(5);
    m.store(6);
    expect(m.syncShape()).toMatchObject({ indirectNodes: 1, entryNodes: 2 });
    m.checkInvariants();
    m.delete(6); // the head: the slot takes the rest of the chain
    expect(m.syncShape()).toMatchObject({ indirectNodes: 1, entryNodes: 1 });
    m.checkInvariants();
    m.store(6);
    m.delete(5); // a later link
    expect(m.length()).toBe(1);
    expect(ledger.live[ENTRY]).toBe(1);
    m.checkInvariants();
  });

  it('a Store of an existing key replaces its entry node: 4 allocations, no new live object', () => {
    const { ledger, m } = trie();
    for (let k = 0; k < 1000; k++) m.store(k);
    const live = ledger.live.reduce((a, b) => a + b, 0);
    const before = ledger.mallocs.reduce((a, b) => a + b, 0);
    for (let k = 0; k < 1000; k++) m.store(k);
    expect(ledger.mallocs.reduce((a, b) => a + b, 0) - before).toBe(4000);
    expect(ledger.live.reduce((a, b) => a + b, 0)).toBe(live);
    m.checkInvariants();
  });

  it('random keys: about n / ln 16 indirect nodes, and every one pruned again when the keys go', () => {
    const { m } = trie();
    const n = 20000;
    for (let k = 0; k < n; k++) m.store(k);
    const nodes = m.syncShape().indirectNodes!;
    // A 16-ary trie of n random keys with one key per leaf has about n / ln 16 ≈ 0.36·n internal nodes, with a
    // small oscillation in log16 n; the harness's go1.26 runs show 0.33–0.39 per key.
    expect(nodes / n).toBeGreaterThan(0.3);
    expect(nodes / n).toBeLessThan(0.42);
    m.checkInvariants();
    for (let k = 0; k < n; k++) m.delete(k);
    expect(m.syncShape()).toMatchObject({ indirectNodes: 1, live: 0 });
  });
});

describe('map + RWMutex', () => {
  it('an update replaces the key string and the value; a delete drops both', () => {
    const heap = heapFor('classic');
    const ledger = new Ledger(heap, kindSpecs('mutex'));
    const m = new MutexMap({ heap, ledger, seed: 1, impl: 'classic', malloc: 'go1.19' });
    for (let k = 0; k < 50; k++) m.store(k);
    for (let k = 0; k < 50; k++) m.store(k);
    expect(ledger.live[KEY_STR]).toBe(50);
    expect(ledger.mallocs[KEY_STR]).toBe(100);
    for (let k = 0; k < 10; k++) m.delete(k);
    expect(ledger.live[VALUE]).toBe(40);
    m.checkInvariants();
  });
});

describe('mode syncmap', () => {
  it('parses the harness block with its defaults and friendly errors', () => {
    const ok = parseScenario({ mode: 'syncmap', syncmap: { impl: 'rwmutex', work: 'churn' } });
    expect(ok.ok && ok.scenario.syncmap).toEqual({ impl: 'rwmutex', work: 'churn', ops: 1_000_000, keys: 100_000, writers: 2 });
    const bare = parseScenario({ mode: 'syncmap' });
    expect(bare.ok && bare.scenario.syncmap?.impl).toBe('syncmap');
    const bad = parseScenario({ mode: 'syncmap', syncmap: { impl: 'mutexx', work: 'update', keys: 0, writers: 0 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join('\n')).toMatch(/syncmap\.impl: "mutexx" is not one of "syncmap", "rwmutex"/);
    const noKeys = parseScenario({ mode: 'syncmap', syncmap: { work: 'update', keys: 0 } });
    expect(!noKeys.ok && noKeys.errors[0]).toMatch(/syncmap\.keys: work "update" .* needs at least 1/);
    const noWriters = parseScenario({ mode: 'syncmap', syncmap: { writers: 0 } });
    expect(!noWriters.ok && noWriters.errors[0]).toMatch(/syncmap\.writers: 0 is out of range/);
    const warn = parseScenario({ mode: 'syncmap', n: 5, syncmap: { work: 'insert' } });
    expect(warn.ok && warn.warnings.join('\n')).toMatch(/n: used by syncmap work "delete" only/);
    expect(parseScenario({ mode: 'rules' }).ok).toBe(false);
  });

  it('is deterministic and reports the harness phases (ops, gc) with the result format', () => {
    const sc = { impl: 'classic', gomaxprocs: 2, mode: 'syncmap', syncmap: { impl: 'syncmap', work: 'churn', ops: 40_000, keys: 4000, writers: 2 } };
    const a = simulate(sc) as unknown as SyncMapResult;
    const b = simulate(sc) as unknown as SyncMapResult;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.phases.map((p) => p.phase)).toEqual(['ops', 'gc']);
    expect(a.phases[1].count).toBe(4000);
    expect(a.phases[1].forcedGcNs?.runs).toBe(5);
    expect(a.cycles.length).toBeGreaterThan(1);
    expect(a.syncmap?.mallocsPerOp).toBeGreaterThan(6);
    const c = simulate({ ...sc, seed: 2 }) as unknown as SyncMapResult;
    expect(JSON.stringify(c.phases)).not.toBe(JSON.stringify(a.phases));
  });

  it("work delete (the book's program): sync.Map keeps far more objects than map+mutex on Go 1.19, fewer bytes on Go 1.26", () => {
    const run = (impl: string, what: string) =>
      simulate({ impl, n: 50_000, deleteRatio: 0.9, mode: 'syncmap', syncmap: { impl: what, work: 'delete' } }) as unknown as SyncMapResult;
    const gc = (r: SyncMapResult) => r.phases.find((p) => p.phase === 'gc')!;
    const sm19 = run('classic', 'syncmap');
    const mu19 = run('classic', 'rwmutex');
    expect(sm19.phases.map((p) => p.phase)).toEqual(['insert', 'delete', 'gc']);
    // 5 objects per live key and 3 per deleted-but-reachable key (0.4·n) against 2 per live key.
    expect(gc(sm19).heapObjects).toBeGreaterThan(5 * gc(mu19).heapObjects);
    const sm26 = run('swiss', 'syncmap');
    const mu26 = run('swiss', 'rwmutex');
    // The trie frees what it deletes; the Swiss map keeps its groups.
    expect(gc(sm26).heapAlloc).toBeLessThan(gc(mu26).heapAlloc);
  });
});
