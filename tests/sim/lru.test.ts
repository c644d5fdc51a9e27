import { describe, expect, it } from 'vitest';
import { Lru } from '../../src/sim/lru';

describe('Lru', () => {
  it('drops the least recently used key first, tells onEvict, and peek does not count as a use', () => {
    const gone: number[] = [];
    const lru = new Lru<number>(2, (v) => gone.push(v));
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    expect(lru.peek('b')).toBe(2); // b stays the least recent
    lru.set('c', 3);
    expect(gone).toEqual([2]);
    expect(lru.peek('b')).toBeUndefined();
    lru.set('a', 10); // replacing is not an eviction
    lru.delete('c');
    expect(gone).toEqual([2]);
    expect([...lru.values()]).toEqual([10]);
    expect(lru.size).toBe(1);
  });
});
