import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pauseRows, pauseSummary } from '../../src/components/lab/data/pauses';
import { heapLines, heapRows, markSpans, phaseSpans, withoutStraightRuns } from '../../src/components/lab/data/heap';
import { compareRows, heapPair, runMetrics, stwPair } from '../../src/components/lab/data/compare';
import { frameCounts, occupancyRows, type OccupancyFrame } from '../../src/components/lab/data/occupancy';
import { shapeAtMake } from '../../src/components/lab/data/shape';
import { fmtBytes, fmtDelta, fmtDurationUs, fmtNum } from '../../src/components/lab/data/format';
import { fromPosition, insertRateFor, liveTarget, nice, STEPS, toPosition } from '../../src/components/lab/controls/scale';
import type { CycleLike, PhaseLike, ResultLike } from '../../src/components/lab/data/result';

const MiB = 2 ** 20;

function cycle(n: number, over: Partial<CycleLike> = {}): CycleLike {
  return {
    n,
    startNs: n * 10e6,
    stw1Ns: 20_000,
    markNs: 2e6,
    stw2Ns: 5_000,
    assistCpuNs: 0,
    bgCpuNs: 1e6,
    idleCpuNs: 0,
    heapStart: 8 * MiB,
    heapEnd: 9 * MiB,
    heapLive: 4 * MiB,
    heapGoal: 8 * MiB,
    scanWork: 2 * MiB,
    forced: false,
    timeToStopNs: 0,
    ...over,
  };
}

function phase(name: string, over: Partial<PhaseLike> = {}): PhaseLike {
  return { phase: name, count: 0, B: 0, buckets: 1, tables: null, groups: null, capacity: null, mapBytes: 48, heapAlloc: 1 * MiB, numGC: 0, ...over };
}

describe('pause data', () => {
  it('converts units and adds both pauses per cycle', () => {
    const [r] = pauseRows([cycle(1, { timeToStopNs: 3_000 })], 2);
    expect(r).toMatchObject({ n: 1, stw1Us: 20, stw2Us: 5, stwUs: 25, ttsUs: 3, markMs: 2, heapGoalMiB: 8, scanWorkMiB: 2 });
  });

  it('GC CPU share is cumulative GC CPU over elapsed time × GOMAXPROCS, idle marking left out as gctrace does', () => {
    // Cycle 1 starts at 10 ms and ends at 12.025 ms; GC CPU = 25 µs × 2 + 1 ms background; the 3 ms of
    // idle mark workers do not count (runtime/mgc.go: "free").
    const rows = pauseRows([cycle(1, { idleCpuNs: 3e6 })], 2);
    expect(rows[0].gcCpuShare).toBeCloseTo((25_000 * 2 + 1e6) / (12.025e6 * 2), 9);
    const two = pauseRows([cycle(1), cycle(2, { assistCpuNs: 1e6 })], 2);
    expect(two[1].gcCpuShare).toBeCloseTo((2 * (25_000 * 2 + 1e6) + 1e6) / (22.025e6 * 2), 9);
  });

  it('summarises like the report: mean/max STW, peak heap, interval of automatic cycles, scan work', () => {
    const r: ResultLike = {
      phases: [phase('insert', { heapAlloc: 30 * MiB })],
      cycles: [cycle(1, { forced: true, stw1Ns: 100_000 }), cycle(2), cycle(4, { scanWork: null })],
    };
    const s = pauseSummary(r, [5 * MiB, 31 * MiB]);
    expect(s.cycles).toBe(3);
    expect(s.meanStwUs).toBeCloseTo((105 + 25 + 25) / 3, 9);
    expect(s.maxStwUs).toBe(105);
    expect(s.peakHeapBytes).toBe(31 * MiB);
    expect(s.intervalMs).toBe(20); // cycles 2 and 4: 20 ms apart; the forced cycle 1 is left out
    expect(s.meanScanWorkBytes).toBe(2 * MiB);
    expect(pauseSummary({ phases: [], cycles: [] })).toMatchObject({ cycles: 0, meanStwUs: null, intervalMs: null });
  });
});

describe('heap data', () => {
  const points = [
    { tNs: 0, heapAlloc: MiB, heapGoal: 4 * MiB, heapLive: MiB, mapBytes: 0 },
    { tNs: 2e6, heapAlloc: 3 * MiB, heapGoal: 2 ** 60, heapLive: 2 * MiB, mapBytes: MiB / 2 },
  ];
  it('converts to ms and MiB and drops a goal that means "none"', () => {
    const rows = heapRows(points);
    expect(rows[1]).toEqual({ tMs: 2, heapAlloc: 3, heapGoal: null, heapLive: 2, mapBytes: 0.5 });
    // the line of the goal has no point where there is none
    expect(heapLines(rows).map((l) => l.tMs.length)).toEqual([2, 1, 2, 2]);
  });
  it('pairs phase begin/end events and keeps an open phase to the end', () => {
    const ev = [
      { type: 'phase', atNs: 0, phase: 'start', edge: 'begin' as const },
      { type: 'phase', atNs: 0, phase: 'start', edge: 'end' as const },
      { type: 'phase', atNs: 1e6, phase: 'insert', edge: 'begin' as const },
      { type: 'gcStart', atNs: 1.5e6 },
      { type: 'phase', atNs: 3e6, phase: 'insert', edge: 'end' as const },
      { type: 'phase', atNs: 3e6, phase: 'delete', edge: 'begin' as const },
    ];
    expect(phaseSpans(ev, 5e6)).toEqual([
      { label: 'insert', startMs: 1, endMs: 3 },
      { label: 'delete', startMs: 3, endMs: 5 },
    ]);
  });
  it('marks each cycle from its start to the end of mark termination', () => {
    expect(markSpans([cycle(1)])).toEqual([{ n: 1, startMs: 10, endMs: 12.025, forced: false }]);
  });

  it('leaves out of the lines only points on a straight run: every peak and valley of a GC saw-tooth stays', () => {
    // HeapAlloc grows 1 MiB per ms and drops at each GC; the goal is flat between cycles; a sample twice at
    // the same time (a vertical step) must keep its ends.
    const pts = [];
    for (let t = 0; t <= 30; t++) {
      const alloc = 4 + (t % 10);
      pts.push({ tNs: t * 1e6, heapAlloc: alloc * MiB, heapGoal: (t < 10 ? 8 : 16) * MiB, heapLive: 4 * MiB, mapBytes: (t < 20 ? 1 : 2) * MiB });
    }
    pts.push({ tNs: 30e6, heapAlloc: 2 * MiB, heapGoal: 16 * MiB, heapLive: 4 * MiB, mapBytes: 2 * MiB });
    const lines = heapLines(heapRows(pts));
    expect(lines.map((l) => l.series)).toEqual(['heapAlloc', 'heapGoal', 'heapLive', 'mapBytes']);
    const of = (s: string) => {
      const l = lines.find((x) => x.series === s)!;
      return Array.from(l.tMs, (t, i) => [t, l.mib[i]]);
    };
    // peaks (t = 9, 19, 29) and valleys (t = 10, 20) of the saw-tooth, its ends, and the final drop
    expect(of('heapAlloc')).toEqual([[0, 4], [9, 13], [10, 4], [19, 13], [20, 4], [29, 13], [30, 4], [30, 2]]);
    expect(of('heapGoal')).toEqual([[0, 8], [9, 8], [10, 16], [30, 16]]);
    expect(of('heapLive')).toEqual([[0, 4], [30, 4]]);
    expect(of('mapBytes')).toEqual([[0, 1], [19, 1], [20, 2], [30, 2]]);
    // the rows themselves (table, CSV, JSON) keep every sample
    expect(heapRows(pts)).toHaveLength(32);
  });

  it('every point left out of a line lies on the segment between the points kept around it', () => {
    const pt = fc.record({ x: fc.integer({ min: 0, max: 20 }), y: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -5, max: 5, noNaN: true })) });
    fc.assert(
      fc.property(fc.array(pt, { maxLength: 60 }), (raw) => {
        const pts = raw.sort((a, b) => a.x - b.x);
        const kept = withoutStraightRuns(pts, (p) => p.x, (p) => p.y);
        // the kept points are the original ones, in order, with both ends
        let j = 0;
        const keptAt: number[] = [];
        for (let i = 0; i < pts.length && j < kept.length; i++) if (pts[i] === kept[j]) (keptAt.push(i), j++);
        expect(keptAt).toHaveLength(kept.length);
        if (pts.length) expect([keptAt[0], keptAt[keptAt.length - 1]]).toEqual([0, pts.length - 1]);
        // each dropped point is on the segment between its kept neighbours (so the polyline is the same)
        for (let k = 0; k + 1 < keptAt.length; k++) {
          const a = pts[keptAt[k]];
          const c = pts[keptAt[k + 1]];
          for (let i = keptAt[k] + 1; i < keptAt[k + 1]; i++) {
            const b = pts[i];
            expect((b.x - a.x) * (c.y - a.y) === (c.x - a.x) * (b.y - a.y)).toBe(true); // === : 0 and -0 alike
            expect(Math.min(a.x, c.x) <= b.x && b.x <= Math.max(a.x, c.x) && Math.min(a.y, c.y) <= b.y && b.y <= Math.max(a.y, c.y)).toBe(true);
          }
        }
        // a strict local peak or valley is never dropped
        for (let i = 1; i + 1 < pts.length; i++) {
          const [p, q, r] = [pts[i - 1], pts[i], pts[i + 1]];
          if ((q.y > p.y && q.y > r.y) || (q.y < p.y && q.y < r.y)) expect(kept).toContain(q);
        }
      }),
    );
  });
});

describe('compare data', () => {
  const a: ResultLike = { phases: [phase('gc')], cycles: [cycle(1), cycle(2)], series: [{ tNs: 0, heapAlloc: 10 * MiB, heapGoal: 0, heapLive: 0, mapBytes: 4 * MiB }] };
  const b: ResultLike = { phases: [phase('gc')], cycles: [cycle(1, { stw1Ns: 45_000 })], series: [{ tNs: 0, heapAlloc: 5 * MiB, heapGoal: 0, heapLive: 0, mapBytes: MiB }] };
  it('gives each metric for both runs and the relative change', () => {
    const rows = compareRows(runMetrics(a), runMetrics(b));
    const byMetric = Object.fromEntries(rows.map((r) => [r.metric, r]));
    expect(byMetric.meanStwUs).toEqual({ metric: 'meanStwUs', a: 25, b: 50, change: 1 });
    expect(byMetric.endHeapBytes.change).toBe(-0.5);
    expect(byMetric.endMapBytes.b).toBe(MiB);
    expect(byMetric.intervalMs.b).toBeNull();
    expect(byMetric.intervalMs.change).toBeNull();
  });
  it('tags both runs for one chart', () => {
    expect(heapPair(a, b)).toEqual([
      { run: 'A', x: 0, y: 10 },
      { run: 'B', x: 0, y: 5 },
    ]);
    expect(stwPair(a, b).filter((p) => p.run === 'A')).toHaveLength(2);
  });
});

describe('occupancy data', () => {
  const exact: OccupancyFrame = {
    phase: 'delete',
    count: 3,
    caption: { key: 'x', vars: {} },
    classic: {
      B: 1,
      nevacuate: 0,
      old: null,
      buckets: [
        { bucket: 0, codes: Uint8Array.from([2, 2, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]), preallocated: [false] },
        { bucket: 1, codes: Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0]), preallocated: [] },
      ],
    },
  };
  it('counts full slots, tombstones, slots and overflow buckets', () => {
    expect(frameCounts(exact)).toEqual({ full: 3, tombstones: 3, slots: 24, overflow: 1 });
    expect(occupancyRows(exact)).toEqual([
      { area: 'buckets', index: 0, slots: 16, full: 3, tombstones: 1, overflow: 1, evacuated: 0 },
      { area: 'buckets', index: 1, slots: 8, full: 0, tombstones: 2, overflow: 0, evacuated: 0 },
    ]);
  });
  it('sums density strips', () => {
    const strip = (v: number[]) => Uint32Array.from(v);
    const f: OccupancyFrame = {
      phase: 'insert',
      count: 9,
      caption: { key: 'x', vars: {} },
      density: { main: { capacity: strip([16, 24]), full: strip([5, 4]), tombstones: strip([1, 0]), overflow: strip([0, 1]), evacuated: strip([0, 0]) }, old: null },
    };
    expect(frameCounts(f)).toEqual({ full: 9, tombstones: 1, slots: 40, overflow: 1 });
    expect(occupancyRows(f)).toHaveLength(2);
  });
  it('reads the map made by make() from the start phase', () => {
    const r: ResultLike = { phases: [phase('start', { B: 14, buckets: 16384 }), phase('insert', { B: 18 })], cycles: [] };
    expect(shapeAtMake(r, 'classic')).toEqual({ impl: 'classic', B: 14, buckets: 16384, tables: null, groups: null, capacity: null });
    expect(shapeAtMake({ phases: [], cycles: [] }, 'swiss')).toBeNull();
  });
});

describe('formatting', () => {
  it('picks the unit', () => {
    expect(fmtDurationUs('en', 850)).toBe('850 µs');
    expect(fmtDurationUs('en', 12_500)).toBe('12.5 ms');
    expect(fmtDurationUs('en', 2.1e6)).toBe('2.1 s');
    expect(fmtDurationUs('zh-CN', 12_500)).toBe('12.5 毫秒');
    expect(fmtBytes('en', 1.5 * MiB)).toBe('1.5 MiB');
    expect(fmtBytes('en', 512)).toBe('512 B');
    expect(fmtDelta('en', 218, 18)).toBe('−92 %');
    expect(fmtDelta('en', 8.2, 42)).toBe('+412 %');
    expect(fmtDelta('en', 0, 1)).toBeNull();
  });

  it('formats numbers exactly as toLocaleString does, whichever locale and digits came before', () => {
    fc.assert(
      fc.property(fc.constantFrom('en' as const, 'zh-CN' as const), fc.integer({ min: 0, max: 4 }), fc.double({ min: -1e9, max: 1e9, noNaN: true }), (locale, digits, v) => {
        expect(fmtNum(locale, v, digits)).toBe(v.toLocaleString(locale, { maximumFractionDigits: digits }));
      }),
    );
    expect(fmtNum('en', 1234567.891, 0)).toBe('1,234,568');
    expect(fmtNum('en', 1234567.891, 2)).toBe('1,234,567.89');
  });
});

describe('log sliders', () => {
  const n = { min: 100, max: 1e7 };
  it('maps the ends to the range and rounds to two significant digits', () => {
    expect(fromPosition(n, 0)).toBe(100);
    expect(fromPosition(n, STEPS)).toBe(1e7);
    expect(fromPosition(n, STEPS / 2)).toBe(32_000);
    expect(nice(346_736.85)).toBe(350_000);
    expect(nice(0.3467, false)).toBe(0.35);
  });
  it('position → value → position is stable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: STEPS }), (p) => {
        expect(toPosition(n, fromPosition(n, p))).toBe(p);
      }),
    );
  });
  it('position 0 is zero when the scale allows it', () => {
    const hint = { min: 8, max: 1e7, zero: true };
    expect(fromPosition(hint, 0)).toBe(0);
    expect(toPosition(hint, 0)).toBe(0);
    expect(fromPosition(hint, 1)).toBe(8);
  });
  it('live target and insert rate are each other’s inverse', () => {
    expect(liveTarget(300_000, 333)).toBe(99_900);
    expect(insertRateFor(99_900, 333)).toBe(300_000);
  });
});
