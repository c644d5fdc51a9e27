// Heap accounting (heap.ts rules) with synthetic objects, no map.
import { describe, expect, it } from 'vitest';
import { Heap, type HeapListener } from '../../src/sim/heap';

const baseline = { bytes: 1000, objects: 10, inuseBytes: 8192 };

function heap(rules: 'go1.19' | 'go1.26' = 'go1.19') {
  const h = new Heap({ rules, baseline, zeroBytesPerNs: 4, nonHeapBytes: 0 });
  const calls: { zero: [number, boolean][]; alloc: number[] } = { zero: [], alloc: [] };
  const l: HeapListener = {
    allocated: (b) => void calls.alloc.push(b),
    zeroing: (ns, pre) => void calls.zero.push([ns, pre]),
  };
  h.listener = l;
  return { h, calls };
}

describe('allocation', () => {
  it('rounds to size classes and pages', () => {
    const { h } = heap();
    expect(h.alloc({ size: 100, scan: false, scanBytes: 0, tag: 'other' }).bytes).toBe(112);
    expect(h.alloc({ size: 40000, scan: true, scanBytes: 40000, tag: 'buckets' }).bytes).toBe(40960);
    expect(h.heapAlloc()).toBe(1000 + 112 + 40960);
    expect(h.heapObjects()).toBe(12);
  });

  it('tells the runtime about every allocation, in heap bytes', () => {
    const { h, calls } = heap();
    h.alloc({ size: 100, scan: false, scanBytes: 0, tag: 'other' });
    h.allocN(h.shape(16, false, 0), 3);
    expect(calls.alloc).toEqual([112, 48]);
  });

  it('packs small objects densely into spans (heap rule 3)', () => {
    const { h } = heap();
    h.allocN(h.shape(16, false, 0), 1000); // 512 per 8 KiB span → 2 spans
    expect(h.heapInuse()).toBe(8192 + 2 * 8192);
    h.allocN(h.shape(16, true, 8), 1); // scan objects live in other spans
    expect(h.heapInuse()).toBe(8192 + 3 * 8192);
  });
});

describe('reachability and sweeping (heap rules 1, 2)', () => {
  it('keeps dropped objects in HeapAlloc until the mark after the drop has been swept', () => {
    const { h } = heap();
    const s = h.shape(64, false, 0);
    h.allocN(s, 100);
    h.dropN(s, 40);
    expect(h.heapAlloc()).toBe(1000 + 6400); // garbage still counted
    const m = h.finishMark();
    expect(m.bytesMarked).toBe(1000 + 60 * 64);
    expect(h.heapAlloc()).toBe(1000 + 6400); // unswept
    h.sweepTo(0.5);
    expect(h.heapAlloc()).toBe(1000 + 6400 - 20 * 64);
    h.sweepToEnd();
    expect(h.heapAlloc()).toBe(1000 + 60 * 64);
    expect(h.sweeping).toBe(false);
  });

  it('lets an object dropped during mark survive that cycle and die in the next', () => {
    const { h } = heap();
    const s = h.shape(64, false, 0);
    h.allocN(s, 10);
    h.marking = true;
    h.dropN(s, 10);
    expect(h.finishMark().bytesMarked).toBe(1000 + 640);
    h.sweepToEnd();
    expect(h.heapAlloc()).toBe(1000 + 640);
    expect(h.finishMark().bytesMarked).toBe(1000);
    h.sweepToEnd();
    expect(h.heapAlloc()).toBe(1000);
  });

  it('refuses a double drop', () => {
    const { h } = heap();
    const o = h.alloc({ size: 8, scan: true, scanBytes: 8, tag: 'overflow' });
    h.drop(o);
    expect(() => h.drop(o)).toThrow(/dropped twice/);
  });

  it('frees whole spans, so HeapInuse falls when a span empties', () => {
    const { h } = heap();
    const s = h.shape(1024, false, 0); // 8 per span
    h.allocN(s, 16);
    expect(h.heapInuse()).toBe(8192 + 2 * 8192);
    h.dropN(s, 8);
    h.finishMark();
    h.sweepToEnd();
    expect(h.heapInuse()).toBe(8192 + 8192);
  });
});

describe('zeroing large allocations (heap rules 4, 5)', () => {
  const big = { size: 1 << 20, scan: true, scanBytes: 1 << 20, tag: 'buckets' as const };

  it('fresh pages need no zeroing', () => {
    const { h, calls } = heap();
    h.alloc(big);
    expect(calls.zero).toEqual([]);
  });

  it('reused pages are zeroed: without preemption for a pointerful object in go1.19', () => {
    const { h, calls } = heap('go1.19');
    h.drop(h.alloc(big));
    h.finishMark();
    h.sweepToEnd();
    h.alloc(big);
    expect(calls.zero).toEqual([[(1 << 20) / 4, false]]);
  });

  it('preemptibly for a pointer-free one, and for everything from go1.22 on', () => {
    const a = heap('go1.19');
    a.h.drop(a.h.alloc({ ...big, scan: false, scanBytes: 0 }));
    a.h.finishMark();
    a.h.sweepToEnd();
    a.h.alloc({ ...big, scan: false, scanBytes: 0 });
    expect(a.calls.zero).toEqual([[(1 << 20) / 4, true]]);
    const b = heap('go1.26');
    b.h.drop(b.h.alloc(big));
    b.h.finishMark();
    b.h.sweepToEnd();
    b.h.alloc(big);
    expect(b.calls.zero).toEqual([[(1 << 20) / 4, true]]);
  });

  it('mapclear zeroes in one call in go1.19', () => {
    const { h, calls } = heap('go1.19');
    h.memclr(4000, true);
    expect(calls.zero).toEqual([[1000, false]]);
  });
});
