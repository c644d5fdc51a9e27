/**
 * The chart part of the GC panel, loaded with `import()` when the first GC cycle arrives (or when the
 * page is idle): it pulls in Observable Plot. Heap: our gcHeapChart; pauses: the lab's own stwChart and
 * markChart, fed with the same rows the lab makes from simulated cycles (pauseRows).
 */
import { markChart, stwChart } from '../charts/pauses';
import type { ChartOptions } from '../charts/common';
import { pauseRows } from '../lab/data/pauses';
import { gcHeapChart, type GcHeapLabels } from './charts/gcHeap';
import { gcHeapRows, runCycles, type GcEvent } from './gc-data';

export function gcRenders(events: readonly GcEvent[], o: ChartOptions & { labels: GcHeapLabels }): { heap: () => Element; pauses: Array<() => Element> } {
  const procs = events[0]?.cycle.procs ?? 1;
  const heapRows = gcHeapRows(events);
  const rows = pauseRows(runCycles(events), procs);
  return {
    heap: () => gcHeapChart(heapRows, o),
    pauses: [() => stwChart(rows, o), () => markChart(rows, o)],
  };
}
