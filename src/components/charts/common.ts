/**
 * What every chart function shares: its options, the theme colours and the source line.
 *
 * A chart is a pure function `(data, options) → SVG element` built with Observable Plot (STYLE.md 10).
 * The environment is injected (STYLE.md 13): `document` is the browser's on the page and linkedom's at
 * build time, so the same function draws the live chart and the static fallback.
 *
 * Colours are CSS custom properties (lab.css defines them for Starlight's dark and light themes), so one
 * SVG follows the theme without being redrawn; `resolveColors` (export.ts) inlines them for export.
 */
import { formatNumber, type Translate, type Locale } from '../lab/i18n';

export interface ChartOptions {
  t: Translate;
  locale: Locale;
  /** CSS pixels; the SVG scales down with `max-width: 100%`. */
  width?: number;
  height?: number;
  /** Injected document (linkedom at build time). */
  document?: Document;
  /** Resolves a `var(--x, fallback)` colour for canvas drawing (SVG uses the variables directly). */
  resolve?: (cssColor: string) => string;
}

export const COLORS = {
  heapAlloc: 'var(--lab-c-alloc, #3b82f6)',
  heapGoal: 'var(--lab-c-goal, #f59e0b)',
  heapLive: 'var(--lab-c-live, #10b981)',
  mapBytes: 'var(--lab-c-map, #a855f7)',
  gc: 'var(--lab-c-gc, #94a3b8)',
  stw1: 'var(--lab-c-stw1, #0ea5e9)',
  stw2: 'var(--lab-c-stw2, #ef4444)',
  tts: 'var(--lab-c-tts, #f97316)',
  mark: 'var(--lab-c-mark, #64748b)',
  cpu: 'var(--lab-c-cpu, #14b8a6)',
  a: 'var(--lab-c-a, #3b82f6)',
  b: 'var(--lab-c-b, #f97316)',
  grid: 'var(--lab-c-grid, #94a3b833)',
} as const;

/** Plot options every chart starts from: deterministic class name (snapshot tests, SSR), theme-neutral. */
export function base(o: ChartOptions, height: number) {
  return {
    document: o.document,
    width: o.width ?? 640,
    height: o.height ?? height,
    className: 'lab-plot',
    style: { background: 'transparent', color: 'currentColor', fontSize: '12px', overflow: 'visible' },
    marginLeft: 56,
    marginRight: 16,
  };
}

/** "Simulated, sim 0.1.0, model of Go 1.19 classic maps." */
export function sourceLine(t: Translate, simVersion: string, impl: 'classic' | 'swiss'): string {
  return t('chart.source', { version: simVersion, model: t(impl === 'swiss' ? 'chart.model.swiss' : 'chart.model.classic') });
}

export function fmt(locale: Locale, v: number, digits = 1): string {
  return formatNumber(locale, v, digits);
}

/**
 * Removes the `<style>` element Plot puts into every chart (and legend). lab.css holds the same rules once:
 * a stylesheet inserted with each drawing makes the browser restyle the whole page in the next frame.
 */
export function withoutPlotStyles<T extends Element>(el: T): T {
  for (const s of Array.from(el.querySelectorAll('style'))) s.remove();
  return el;
}

export interface LegendItem {
  label: string;
  color: string;
  /** How the item is drawn in the chart: a line (default), a dashed line, or a dot of that shape. */
  shape?: 'line' | 'dashed' | 'circle' | 'square' | 'diamond' | 'cross' | 'hollow';
}

/**
 * A swatch legend above a chart: `<figure class="lab-plot-figure">` holding the legend and the chart, the
 * shape Plot gives a chart with `legend: true`. Drawn here, the lines need no colour scale (a constant
 * stroke each), which saves Plot a scale and a grouping pass over every point.
 */
export function withLegend(chart: Element, items: readonly LegendItem[], o: ChartOptions): HTMLElement {
  const doc = o.document ?? chart.ownerDocument;
  const figure = doc.createElement('figure');
  figure.setAttribute('class', 'lab-plot-figure');
  const legend = doc.createElement('div');
  legend.setAttribute('class', 'lab-legend');
  for (const item of items) {
    const entry = doc.createElement('span');
    entry.setAttribute('class', 'lab-legend__item');
    const swatch = doc.createElement('span');
    swatch.setAttribute('class', `lab-legend__swatch lab-legend__swatch--${item.shape ?? 'line'}`);
    swatch.setAttribute('style', `--swatch: ${item.color}`);
    entry.append(swatch, doc.createTextNode(item.label));
    legend.append(entry);
  }
  figure.append(legend, chart);
  return figure;
}
