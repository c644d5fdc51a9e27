/**
 * Figure models for a list of views. Loaded lazily on the page (it pulls in Plot through the chart
 * functions) and directly at build time for the static fallbacks.
 */
import type { ViewId } from '../presets';
import type { FigureModel, Run, ViewContext } from './model';
import { heapFigure } from './heap';
import { pausesFigure } from './pauses';
import { occupancyFigure } from './occupancy';
import { compareFigure } from './compare';

export { warmSteps } from '../../charts/warm';

export interface Runs {
  a: Run;
  b: Run | null;
}

export function buildFigure(view: ViewId, runs: Runs, ctx: ViewContext): FigureModel | null {
  switch (view) {
    case 'heap':
      return heapFigure(runs.a, ctx);
    case 'pauses':
      return pausesFigure(runs.a, ctx, runs.a.result.series?.map((p) => p.heapAlloc));
    case 'compare':
      return compareFigure(runs.a, runs.b, ctx);
    case 'occupancy':
      return occupancyFigure(runs.a, runs.a.occupancy, ctx);
    default:
      return null;
  }
}

export function buildFigures(views: readonly ViewId[], runs: Runs, ctx: ViewContext): FigureModel[] {
  return views.map((v) => buildFigure(v, runs, ctx)).filter((f): f is FigureModel => f !== null);
}
