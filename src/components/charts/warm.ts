/**
 * Warming the chart code before the reader's first change needs it.
 *
 * Observable Plot's first drawing on a page compiles much of the library as it runs: in headless Chromium
 * on the project's 2-core VM the first heap chart took 84–140 ms in one task (a long task, over DESIGN.md
 * §7's 50 ms), the second and third 13–35 ms, where a warm one takes 2–5 ms. `warmSteps` are drawings that
 * go through the same code in growing steps (axes; a line; rects, rules and text; then each chart function
 * of the lab's heap and pause views), each small enough for one idle period. The lab runs them once per page,
 * one per idle callback: when the reader's pointer or focus enters a widget (LabIsland `warmUp`), or else
 * while the worker simulates the first change.
 *
 * Their input is two GC cycles made up here, and their SVGs are dropped: nothing of them is ever shown.
 */
import * as Plot from '@observablehq/plot';
import type { HeapChartData } from './heap';
import { heapChart } from './heap';
import { markChart, stwChart } from './pauses';
import type { PauseRow } from '../lab/data/pauses';
import type { ChartOptions } from './common';

const row = (n: number, forced: boolean): PauseRow => ({
  n,
  forced,
  startMs: n,
  stw1Us: 50,
  stw2Us: 20,
  ttsUs: forced ? 5 : null,
  stwUs: 70,
  markMs: 0.5,
  gcCpuShare: 0.25,
  heapStartMiB: 4,
  heapEndMiB: 4.5,
  heapLiveMiB: 2,
  heapGoalMiB: 4,
  scanWorkMiB: 2,
});

function heapInput(): HeapChartData {
  const line = (series: HeapChartData['lines'][number]['series'], y: number) => ({ series, tMs: Float64Array.of(0, 1, 2), mib: Float64Array.of(y, 2 * y, y) });
  return {
    lines: [line('heapAlloc', 2), line('heapGoal', 4), line('heapLive', 1), line('mapBytes', 0.5)],
    marks: [{ n: 1, startMs: 0.5, endMs: 0.7, forced: false }],
    phases: [{ label: 'insert', startMs: 0, endMs: 2 }],
  };
}

/** The warm-up drawings, in order; each returns nothing and leaves nothing behind. */
export function warmSteps(o: ChartOptions): Array<() => void> {
  const small = { document: o.document, width: 320, height: 160 };
  const rows = [row(1, false), row(2, true)];
  return [
    // The first steps are the smallest: each compiles part of Plot. On the VM the first drawing with axes
    // alone took 45-50 ms (one idle period's most), and the first line after it 40-48 ms.
    () => void Plot.scale({ x: { domain: [0, 1], range: [0, 100] } }),
    () => void Plot.plot({ ...small, axis: null, x: { domain: [0, 1] }, y: { domain: [0, 1] }, marks: [] }),
    () => void Plot.plot({ ...small, axis: null, marks: [Plot.ruleY([0])] }),
    () => void Plot.plot({ ...small, x: { domain: [0, 1] }, y: { domain: [0, 1], grid: true }, marks: [] }),
    () => void Plot.plot({ ...small, axis: null, marks: [Plot.lineY(Float64Array.of(0, 1, 0), { x: Float64Array.of(0, 1, 2) })] }),
    () => void Plot.plot({ ...small, marks: [Plot.lineY(Float64Array.of(0, 1, 0), { x: Float64Array.of(0, 1, 2), stroke: 'currentColor' })] }),
    () =>
      void Plot.plot({
        ...small,
        marks: [Plot.rectX([{ a: 0, b: 1 }], { x1: 'a', x2: 'b', y1: 0, y2: 1 }), Plot.ruleX([0.5]), Plot.text([{ a: 0 }], { x: 'a', y: 0, text: () => 'x' })],
      }),
    () => void heapChart(heapInput(), o),
    () => void stwChart(rows, o),
    () => void markChart(rows, o),
    () => void heapChart(heapInput(), o),
  ];
}
