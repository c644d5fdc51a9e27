/**
 * The chart warm-up steps (charts/warm.ts) draw with the lab's own chart functions and leave nothing
 * behind: each runs on linkedom's document without throwing, and the heap and pause steps go through
 * heapChart, stwChart and markChart (checked by what they draw when asked to return it).
 */
import { describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { makeT } from '../../src/components/lab/i18n';

const drawn: string[] = [];
vi.mock('../../src/components/charts/heap', async (orig) => {
  const m = await orig<typeof import('../../src/components/charts/heap')>();
  return { ...m, heapChart: (...a: Parameters<typeof m.heapChart>) => (drawn.push('heap'), m.heapChart(...a)) };
});
vi.mock('../../src/components/charts/pauses', async (orig) => {
  const m = await orig<typeof import('../../src/components/charts/pauses')>();
  return {
    ...m,
    stwChart: (...a: Parameters<typeof m.stwChart>) => (drawn.push('stw'), m.stwChart(...a)),
    markChart: (...a: Parameters<typeof m.markChart>) => (drawn.push('mark'), m.markChart(...a)),
  };
});

describe('chart warm-up', () => {
  it('runs Plot and each of the lab’s heap and pause chart functions, in growing steps', async () => {
    const { warmSteps } = await import('../../src/components/charts/warm');
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const steps = warmSteps({ t: makeT('en'), locale: 'en', width: 640, document: document as unknown as Document });
    expect(steps.length).toBeGreaterThanOrEqual(6);
    for (const step of steps) expect(step()).toBeUndefined();
    expect(drawn).toEqual(['heap', 'stw', 'mark', 'heap']);
    expect(document.body.childNodes.length).toBe(0);
  });
});
