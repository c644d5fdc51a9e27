/**
 * Reads the real-runtime map results recorded by calibration/ (calibration/data/<go version>/maps.jsonl,
 * or the quick set when the full one is absent), in the result format of calibration/FORMAT.md.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MapShape } from '../../../src/sim/contracts';

const root = fileURLToPath(new URL('../../../calibration/data/', import.meta.url));

/** One phase of a recorded result: the MapShape fields the harness records (FORMAT.md), plus the phase name. */
export type CalPhase = Omit<MapShape, 'noverflow' | 'oldbuckets' | 'nevacuate' | 'mapScanBytes'> & { phase: string };

export interface CalCase {
  case: string;
  source: string;
  scenario: {
    impl: 'classic' | 'swiss';
    key: string;
    value: string;
    n: number;
    hint: number;
    deleteRatio: number;
    rebuild: { threshold: number; hint: 'live' | 'half' } | null;
    churn: unknown;
  };
  phases: CalPhase[];
}

/** The first maps.jsonl found for a Go version prefix (e.g. "go1.26"): full set first, then quick. */
export function loadCalibration(goPrefix: string): { file: string; cases: CalCase[] } | null {
  const dirs = (d: string) => {
    try {
      return readdirSync(d);
    } catch {
      return [];
    }
  };
  const candidates = [
    ...dirs(root).filter((d) => d.startsWith(goPrefix)).map((d) => `${root}${d}/maps.jsonl`),
    ...dirs(`${root}quick/`).filter((d) => d.startsWith(goPrefix)).map((d) => `${root}quick/${d}/maps.jsonl`),
  ];
  const file = candidates.find((f) => existsSync(f));
  if (!file) return null;
  const cases: CalCase[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      cases.push(JSON.parse(line) as CalCase);
    } catch {
      // a line still being written by a running measurement
    }
  }
  return { file: file.slice(root.length - 'calibration/data/'.length), cases };
}
