// Heap accounting (heap.ts rules) with synthetic objects, no map.
import { describe, expect, it } from 'vitest';
import { Heap, type HeapListener } from '../../src/sim/heap';

const baseline = { bytes: 1000, objects: 10, inuseBytes: 8192 };

/** Zeroing 0.25 ns/B, heap bitmap 0.5 ns/B, memclr 0.125 ns/B, barrier 1 ns/B. */
const zeroing = { zeroNsPerByte: 0.25, bitmapNsPerByte: 0.5, memclrNsPerByte: 0.125, barrierNsPerByte: 1 };

function heap(rules: 'go1.19' | 'go1.26' = 'go1.19') {
  const h = new Heap({ rules, baseline, zeroing, nonHeapBytes: 0 });
  const calls: { zero: [number, boolean][]; alloc: number[]; memclr: number[] } = { zero: [], alloc: [], memclr: [] };
  const l: HeapListener = {
    allocated: (b, _s, z) => {
      calls.alloc.push(b);
      if (z) calls.zero.push([z.ns, z.preemptible]);
    },
    memclr: (ns) => void calls.memclr.push(ns),
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
  const MB = 1 << 20;
  const big = { size: MB, scan: true, scanBytes: MB, tag: 'buckets' as const };

  it('fresh pages need no zeroing; go1.19 still writes a pointerful object\'s bitmap in a section', () => {
    const a = heap('go1.19');
    a.h.alloc(big);
    expect(a.calls.zero).toEqual([[MB * 0.5, false]]);
    const b = heap('go1.19');
    b.h.alloc({ ...big, scan: false, scanBytes: 0 });
    expect(b.calls.zero).toEqual([]);
  });

  it('reused pages are zeroed: with the bitmap, without preemption, for a pointerful object in go1.19', () => {
    const { h, calls } = heap('go1.19');
    h.drop(h.alloc(big));
    h.finishMark();
    h.sweepToEnd();
    h.alloc(big);
    expect(calls.zero.at(-1)).toEqual([MB * (0.25 + 0.5), false]);
  });

  it('preemptibly for a pointer-free one, and for everything from go1.22 on', () => {
    const a = heap('go1.19');
    a.h.drop(a.h.alloc({ ...big, scan: false, scanBytes: 0 }));
    a.h.finishMark();
    a.h.sweepToEnd();
    a.h.alloc({ ...big, scan: false, scanBytes: 0 });
    expect(a.calls.zero).toEqual([[MB * 0.25, true]]);
    const b = heap('go1.26');
    b.h.drop(b.h.alloc(big));
    b.h.finishMark();
    b.h.sweepToEnd();
    b.h.alloc(big);
    expect(b.calls.zero).toEqual([[MB * 0.25, true]]);
  });

  it('mapclear is one section; with the write barrier on, pointerful memory also pays bulkBarrierPreWrite', () => {
    const { h, calls } = heap('go1.19');
    h.memclr(4000, true);
    h.marking = true;
    h.memclr(4000, true);
    h.memclr(4000, false);
    expect(calls.memclr).toEqual([500, 4500, 500]);
  });
});
