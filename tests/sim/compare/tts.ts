/**
 * The calibration harness's time-to-stop runs (calibration/data/go1.X.Y/tts.jsonl, group `tts`), in one shape
 * for comparing the simulator with them (run.ts run rule 10 simulates the same program).
 *
 * Per case the harness gives, for each repetition, the pauses (MemStats.PauseNs) of the cycles in its "tts"
 * window, their median and maximum, the op's median wall time and, on Go ≥ 1.22, the
 * `/sched/pauses/stopping/gc:seconds` histogram of the window (count, median bucket, highest bucket; bucket
 * upper bounds, so coarse). As in calibration/data/README.md, a case's pause median is the median of its runs'
 * medians; each run also records the host's contention (`host.foreignCores`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimResult } from '../../../src/sim/run';
import { ROOT, dataSetDirs } from './reference';

export interface TtsRun {
  rep: number;
  foreignCores: number | null;
  pauseMedianNs: number;
  pauseMaxNs: number;
  opMedianNs: number | null;
  /** Median bucket of the stopping-time histogram over the window (Go ≥ 1.22), per stop-the-world. */
  stoppingP50Ns: number | null;
}

export interface TtsCase {
  id: string;
  set: string;
  goVersion: string;
  scenario: Record<string, unknown>;
  op: string;
  /** Pointerful map (bucket array / groups scanned by the GC). */
  scan: boolean;
  procs: number;
  mapBytes: number;
  runs: TtsRun[];
  /** Median of the runs' pause medians. */
  pauseMedianNs: number;
  /** Median of the runs' stopping-histogram medians (Go ≥ 1.22), else null. */
  stoppingP50Ns: number | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface RawRun {
  scenario: Record<string, unknown> & { gomaxprocs: number };
  case: string;
  rep: number;
  goVersion: string;
  errors?: unknown[];
  host?: { foreignCores?: number };
  extra: {
    op: string;
    mapBytes: number;
    map?: { classic?: { scannable: boolean }; swiss?: { scannable: boolean } };
    opNs?: { median: number } | null;
    pauseMedianNs: number;
    pauseMaxNs: number;
    stoppingGc?: { count: number; p50Ns: number; maxNs: number } | null;
  };
}

/** Every harness data set with a tts.jsonl (the folders of calibration/data/go1.X.Y, not the quick ones). */
export function ttsDataDirs(): string[] {
  return dataSetDirs().filter((d) => /calibration\/data\/go1\.[0-9.]+$/.test(d.replace(/\\/g, '/')) && existsSync(join(d, 'tts.jsonl')));
}

export function loadTts(dir: string): TtsCase[] {
  const by = new Map<string, RawRun[]>();
  for (const line of readFileSync(join(dir, 'tts.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as RawRun;
    if (r.errors?.length || r.scenario.mode !== 'tts') continue;
    by.set(r.case, [...(by.get(r.case) ?? []), r]);
  }
  const set = dir.slice(ROOT.length).replace(/\\/g, '/');
  return [...by.entries()]
    .map(([id, reps]) => {
      const r0 = reps[0];
      const runs: TtsRun[] = reps.map((r) => ({
        rep: r.rep,
        foreignCores: r.host?.foreignCores ?? null,
        pauseMedianNs: r.extra.pauseMedianNs,
        pauseMaxNs: r.extra.pauseMaxNs,
        opMedianNs: r.extra.opNs?.median ?? null,
        stoppingP50Ns: r.extra.stoppingGc && r.extra.stoppingGc.count > 0 ? r.extra.stoppingGc.p50Ns : null,
      }));
      const stops = runs.map((x) => x.stoppingP50Ns).filter((x): x is number => x !== null);
      const m = r0.extra.map;
      return {
        id,
        set,
        goVersion: r0.goVersion,
        scenario: r0.scenario,
        op: r0.extra.op,
        scan: Boolean(m?.classic?.scannable ?? m?.swiss?.scannable),
        procs: r0.scenario.gomaxprocs,
        mapBytes: r0.extra.mapBytes,
        runs,
        pauseMedianNs: median(runs.map((x) => x.pauseMedianNs)),
        stoppingP50Ns: stops.length ? median(stops) : null,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The simulator's figures for one case, in the harness's terms. */
export interface TtsSim {
  pauseMedianNs: number;
  pauseMaxNs: number;
  /** Median time to stop per stop-the-world (two per cycle), as the stopping histogram counts them. */
  stopMedianNs: number;
  opMedianNs: number | null;
}

export function ttsSim(r: SimResult): TtsSim {
  const t = r.tts;
  if (!t) throw new Error('not a tts result');
  return {
    pauseMedianNs: t.pauseMedianNs,
    pauseMaxNs: t.pauseMaxNs,
    stopMedianNs: t.stopNs.length ? median(t.stopNs) : 0,
    opMedianNs: t.opNs?.median ?? null,
  };
}

/** max(sim/real, real/sim). */
export function factor(sim: number, real: number): number {
  return sim > 0 && real > 0 ? Math.max(sim / real, real / sim) : Infinity;
}
