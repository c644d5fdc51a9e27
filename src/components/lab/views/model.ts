/**
 * A figure before it is drawn: what `FigureBody` and the export buttons need. View builders
 * (`views/*.ts`) turn simulator runs into figure models; they are the only place chart functions are
 * called, so the page loads them (and Plot) lazily, and the build calls the same builders for the
 * static fallbacks.
 */
import type { Scenario } from '../../../sim/scenario';
import { sourceLine, type ChartOptions } from '../../charts/common';
import type { Locale, Translate } from '../i18n';
import type { TableModel } from '../Figure';
import type { ResultLike } from '../data/result';
import type { OccupancyResult } from '../data/occupancy';
import type { ViewId } from '../presets';

/** One simulated scenario as the views see it. */
export interface Run {
  scenario: Scenario;
  result: ResultLike;
  /** Occupancy frames, when a view asked for them (worker: sim-occupancy.ts). */
  occupancy?: OccupancyResult;
}

/** One step of a stepped figure (occupancy): its caption, chart and text alternative. */
export interface StepModel {
  caption: string;
  charts: Array<(o: ChartOptions) => SVGSVGElement | HTMLElement>;
  sentence: string;
  table: TableModel;
}

export interface ViewContext {
  t: Translate;
  locale: Locale;
  simVersion: string;
}

/** The simulator's `source` (src/sim/run.ts result(): "sim 0.2.0 (go1.19.8 rules and costs)"), in its parts. */
const SIM_SOURCE = /^sim\s+(\S+)\s+\((\S+) rules and costs\)$/;

/**
 * The figure's source line for one run, from the simulator's own `source`, in the page's language (the
 * simulator writes it in English); a source of another form is shown as it is.
 */
export function runSource(t: Translate, run: Run, fallbackVersion: string): string {
  const source = run.result.source ?? `sim ${fallbackVersion}`;
  const m = SIM_SOURCE.exec(source);
  const version = m ? t('chart.simCosts', { version: m[1], go: m[2] }) : source.replace(/^sim\s+/, '');
  return sourceLine(t, version, run.scenario.impl);
}

export interface SummaryRow {
  label: string;
  a: string;
  b?: string;
  delta?: string | null;
}

export interface FigureModel {
  view: ViewId;
  title: string;
  /** "Simulated, sim …, model of …" (both models when comparing two implementations). */
  source: string;
  charts: Array<(o: ChartOptions) => SVGSVGElement | HTMLElement>;
  sentence: string;
  summary?: SummaryRow[];
  /** Column headings of the summary table, when it has more than a label and one value. */
  summaryHead?: string[];
  table: TableModel;
  /** What the JSON export holds (chart data, not the whole result). */
  json: unknown;
  /** Lines under the summary: what the figure leaves out or how it was made. */
  notes?: string[];
  /** Stepped figures: the number of steps, the one shown first, and each step's content. */
  stepper?: { steps: number; initial: number; at: (i: number) => StepModel };
}
