/**
 * Build-time side of the widgets: simulate a scenario once per build, and draw figures as SVG markup with
 * the same chart functions the page uses, on linkedom's document (STYLE.md 13, 20).
 *
 * Runs only in Node (Astro frontmatter); nothing here reaches the browser bundle.
 */
import { parseHTML } from 'linkedom';
import { simulate } from '../../sim/run';
import { occupancyFrames } from '../../worker/sim-occupancy';
import type { Scenario } from '../../sim/scenario';
import type { ChartOptions } from '../charts/common';
import type { Run } from './views/model';
import type { FigureModel } from './views/model';
import type { ResultLike } from './data/result';

const cache = new Map<string, Run>();

/** One simulation per distinct scenario per build, however many pages show it. */
export function simulateOnce(scenario: Scenario): Run {
  const key = JSON.stringify(scenario);
  let r = cache.get(key);
  if (!r) {
    r = { scenario, result: simulate(scenario) as unknown as ResultLike };
    cache.set(key, r);
  }
  return r;
}

const occupancyCache = new Map<string, Run['occupancy']>();

/** The run with its occupancy frames (replayed once per distinct scenario per build). */
export function withOccupancy(run: Run): Run {
  const key = JSON.stringify(run.scenario);
  let occ = occupancyCache.get(key);
  if (!occ) {
    occ = occupancyFrames(run.scenario);
    occupancyCache.set(key, occ);
  }
  return { ...run, occupancy: occ };
}

/** "sim 0.3.1" → "0.3.1": the version the result reports about itself. */
export function simVersionOf(run: Run): string {
  return (run.result.source ?? 'sim ?').replace(/^sim\s+/, '');
}

/** Static width of fallback charts; the SVG scales with its container (max-width: 100%). */
const STATIC_WIDTH = 720;

export function staticSvgs(fig: FigureModel, o: Omit<ChartOptions, 'document' | 'width'>): string[] {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return fig.charts.map((chart) => {
    const el = chart({ ...o, width: STATIC_WIDTH, document: document as unknown as Document });
    // As on the page: the wrapper is the image (role="img", labelled); the SVG's own structure is hidden.
    el.setAttribute('aria-hidden', 'true');
    return el.outerHTML;
  });
}
