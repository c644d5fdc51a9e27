/**
 * The views on real simulator runs: the occupancy replay reproduces the simulated map, the figure models
 * carry the simulator's numbers and source line, and the build-time SVG (linkedom) has the marks the data
 * calls for.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../src/sim/scenario';
import { simulate } from '../../src/sim/run';
import { occupancyFrames } from '../../src/worker/sim-occupancy';
import { frameCounts } from '../../src/components/lab/data/occupancy';
import { buildFigures } from '../../src/components/lab/views/index';
import { staticSvgs, simVersionOf } from '../../src/components/lab/ssr';
import { makeT } from '../../src/components/lab/i18n';
import { legendLayout, textWidth } from '../../src/components/charts/common';
import type { Run } from '../../src/components/lab/views/model';
import type { ResultLike } from '../../src/components/lab/data/result';

function scenario(raw: Record<string, unknown>): Scenario {
  const r = parseScenario(raw);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
}

function run(raw: Record<string, unknown>): Run {
  const s = scenario(raw);
  return { scenario: s, result: simulate(s) as unknown as ResultLike };
}

describe('occupancy replay', () => {
  const cases = [
    { n: 20_000, deleteRatio: 0.9, rebuild: { threshold: 0.3, hint: 'half' } },
    { n: 20_000, deleteRatio: 0.5, key: 'int64', value: 'int64' },
    { impl: 'swiss', n: 20_000, deleteRatio: 0.7 },
    { n: 300, deleteRatio: 0.5 },
    { impl: 'swiss', n: 300, deleteRatio: 0.5 },
  ];
  for (const raw of cases) {
    it(`ends with the simulated map's own counts: ${JSON.stringify(raw)}`, () => {
      const s = scenario(raw);
      const occ = occupancyFrames(s);
      const last = occ.frames[occ.frames.length - 1];
      const phase = simulate(s).phases.at(-1)!;
      const c = frameCounts(last);
      expect(last.count).toBe(phase.count);
      expect(c.full).toBe(phase.count);
      expect(c.tombstones).toBe(phase.tombstones);
      if (s.impl === 'classic') expect(c.overflow).toBe(phase.overflowBuckets);
      else expect(c.slots).toBe(phase.capacity);
      expect(occ.approximate).toBe(false);
    });
  }

  it('records growth and evacuation of a small classic map step by step', () => {
    const occ = occupancyFrames(scenario({ key: 'int64', value: 'int64', n: 60, deleteRatio: 0 }));
    const keys = occ.frames.map((f) => f.caption.key);
    expect(keys[0]).toBe('occupancy.cap.make');
    expect(keys).toContain('occupancy.cap.grow');
    expect(keys).toContain('occupancy.cap.evacuate');
    expect(keys).toContain('occupancy.cap.growDone');
    const growing = occ.frames.find((f) => f.caption.key === 'occupancy.cap.evacuate')!;
    expect(growing.classic?.old).not.toBeNull();
    expect(occ.frames.at(-1)!.classic?.old).toBeNull();
  });

  it('keeps big maps to density strips and a bounded number of frames', () => {
    const occ = occupancyFrames(scenario({ n: 200_000, deleteRatio: 0.5 }));
    expect(occ.frames.length).toBeLessThanOrEqual(160);
    const last = occ.frames.at(-1)!;
    expect(last.density).toBeDefined();
    expect(last.classic).toBeUndefined();
  });

  it('flags churn as approximate', () => {
    const occ = occupancyFrames(scenario({ churn: { durationMs: 100, insertsPerSec: 20_000, ttlMs: 20, delete: true } }));
    expect(occ.approximate).toBe(true);
  });
});

describe('figures from a simulated run', () => {
  const t = makeT('en');
  const a = run({ n: 20_000, deleteRatio: 0.9 });
  const b = run({ n: 20_000, deleteRatio: 0.9, impl: 'swiss' });
  const ctx = { t, locale: 'en' as const, simVersion: simVersionOf(a) };
  const figures = buildFigures(['heap', 'pauses', 'compare', 'occupancy'], { a: { ...a, occupancy: occupancyFrames(a.scenario) }, b }, ctx);

  it('labels every figure with the simulator version and the modelled Go', () => {
    expect(figures.map((f) => f.view)).toEqual(['heap', 'pauses', 'compare', 'occupancy']);
    const version = String(a.result.source).replace(/^sim /, '');
    for (const f of figures) expect(f.source).toContain(`Simulated, sim ${version}`);
    expect(figures[0].source).toContain('Go 1.19 classic maps');
    expect(figures[2].source).toContain('Go 1.26 Swiss maps');
  });

  it('says where the costs come from in the page’s language, not in the simulator’s English', () => {
    const zh = buildFigures(['heap'], { a, b: null }, { t: makeT('zh-CN'), locale: 'zh-CN', simVersion: ctx.simVersion })[0];
    expect(a.result.source).toMatch(/^sim \S+ \(go1\.19\.\d+ rules and costs\)$/);
    expect(zh.source).toMatch(/^模拟结果，sim \S+（go1\.19\.\d+ 的规则与开销），模型对象：/);
    expect(zh.source).not.toContain('rules and costs');
  });

  it('the pause table has one row per simulated cycle, and the summary its count', () => {
    const pauses = figures[1];
    expect(pauses.table.rows).toHaveLength(a.result.cycles.length);
    expect(pauses.summary?.[0].a).toBe(String(a.result.cycles.length));
  });

  it('draws the static SVGs with the marks the data calls for', () => {
    const [stw, mark] = staticSvgs(figures[1], { t, locale: 'en' });
    // Two dots per cycle (STW 1 and STW 2), in two marks (automatic, forced).
    const dots = (stw.match(/<path[^>]*d="M/g) ?? []).length + (stw.match(/<circle/g) ?? []).length;
    expect(dots).toBeGreaterThanOrEqual(a.result.cycles.length * 2);
    expect(mark).toContain('<rect');
    const [heap] = staticSvgs(figures[0], { t, locale: 'en' });
    expect(heap).toContain('HeapAlloc');
    expect(heap).toContain('insert');
    expect(heap).not.toMatch(/NaN/);
    const [occ] = staticSvgs(figures[3], { t, locale: 'en' });
    expect(occ).toContain('<svg');
    expect(occ).toContain('var(--lab-c-full');
  });

  it('draws the legend of each chart into its SVG (so exports keep it), its axes, and no <style> of its own', () => {
    const [heap] = staticSvgs(figures[0], { t, locale: 'en' });
    const [stw, mark] = staticSvgs(figures[1], { t, locale: 'en' });
    const [cmpHeap, cmpStw] = staticSvgs(figures[2], { t, locale: 'en' });
    const legend = (svg: string) => {
      const g = /<g[^>]*class="lab-legend"[^>]*>(.*?)<\/g>/.exec(svg);
      return Array.from(g?.[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g) ?? [], (m) => m[1]);
    };
    expect(heap.startsWith('<svg')).toBe(true);
    expect(legend(heap)).toEqual(['HeapAlloc', 'heap goal', 'live heap', 'map’s own bytes']);
    expect(heap).toMatch(/<g[^>]*class="lab-legend"[^>]*>.*stroke-dasharray="5,3".*?<\/g>/); // the heap goal is drawn dashed
    expect(legend(stw).slice(0, 2)).toEqual([t('pauses.stw1'), t('pauses.stw2')]);
    expect(legend(cmpHeap)).toEqual(['A', 'B']);
    expect(legend(cmpStw)).toEqual(['A', 'B']);
    for (const svg of [heap, stw, mark, cmpHeap, cmpStw]) expect(svg).not.toContain('<style');
    // The mark chart has two y axes: concurrent mark (ms) on the left, GC CPU share (%) on the right.
    expect(mark).toContain(t('pauses.mark'));
    expect(mark).toContain(t('pauses.cpu'));
  });

  it('wraps a legend into rows that fit the chart, and makes room for them', () => {
    const items = ['STW 1 (sweep termination)', 'STW 2 (mark termination)', 'forced (runtime.GC)', 'of which time to stop'].map((label) => ({ label, color: 'red' }));
    const wide = legendLayout(items, 1000);
    const narrow = legendLayout(items, 300);
    expect(new Set(wide.at.map((a) => a.row)).size).toBe(1);
    expect(new Set(narrow.at.map((a) => a.row)).size).toBeGreaterThan(1);
    expect(narrow.height).toBeGreaterThan(wide.height);
    for (const [i, a] of narrow.at.entries()) expect(a.x + 21 + textWidth(items[i].label, 11)).toBeLessThanOrEqual(300 + 1e-9);
    // The chart grows by the legend's rows, and Plot's drawing moves down by as much.
    const [heap] = staticSvgs(figures[0], { t, locale: 'en' });
    const room = Number(/height="(\d+)"/.exec(heap)?.[1]) - 300;
    expect(room).toBe(legendLayout(['HeapAlloc', 'heap goal', 'live heap', 'map’s own bytes'].map((label) => ({ label, color: 'red' })), 720).height);
    expect(heap).toContain(`<g transform="translate(0,${room})">`);
  });

  it('steps through occupancy frames with a caption each', () => {
    const occ = figures[3];
    expect(occ.stepper?.steps).toBeGreaterThan(2);
    const first = occ.stepper!.at(0);
    expect(first.caption).toMatch(/^make\(map, 0\)/);
    expect(first.sentence).toMatch(/^Step 1 of/);
  });

  it('compares the two runs with the change of each metric', () => {
    const cmp = figures[2];
    expect(cmp.summary?.every((r) => r.b !== undefined)).toBe(true);
    expect(cmp.table.rows.length).toBe(8);
  });
});
