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
import type { Translate, Locale } from '../lab/i18n';

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

/**
 * Removes the `<style>` element Plot puts into every chart. lab.css holds the same rules once:
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

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Width of a label without layout (linkedom has none): CJK characters are about square, others ~0.6 em. */
export function textWidth(text: string, fontPx: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? fontPx : fontPx * 0.62;
  return w;
}

const LEGEND_FONT_PX = 11;
const LEGEND_ROW_PX = 16;
const SWATCH_PX = 16;

/** Where each legend item goes: left to right, wrapping to a new row at the chart's width. */
export function legendLayout(items: readonly LegendItem[], width: number): { at: Array<{ x: number; row: number }>; height: number } {
  const at: Array<{ x: number; row: number }> = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = SWATCH_PX + 5 + textWidth(item.label, LEGEND_FONT_PX);
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    at.push({ x, row });
    x += w + 14;
  }
  return { at, height: items.length ? (row + 1) * LEGEND_ROW_PX + 6 : 0 };
}

/** An SVG element with these attributes (and text), on the given document (the page's, or linkedom's). */
export function svgEl(doc: Document, tag: string, attrs: Record<string, string | number>, text?: string): Element {
  const e = doc.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** One swatch, drawn the way its series is drawn, centred on (cx, cy). */
function swatch(doc: Document, item: LegendItem, cx: number, cy: number): Element {
  const c = item.color;
  switch (item.shape ?? 'line') {
    case 'line':
    case 'dashed':
      return svgEl(doc, 'line', { x1: cx - 8, x2: cx + 8, y1: cy, y2: cy, stroke: c, 'stroke-width': 2, ...(item.shape === 'dashed' ? { 'stroke-dasharray': '5,3' } : {}) });
    case 'circle':
    case 'hollow':
      return svgEl(doc, 'circle', { cx, cy, r: 3.5, stroke: c, 'stroke-width': 1.5, fill: item.shape === 'hollow' ? 'none' : c });
    case 'square':
      return svgEl(doc, 'rect', { x: cx - 3.5, y: cy - 3.5, width: 7, height: 7, stroke: c, 'stroke-width': 1.5, fill: c });
    case 'diamond':
      return svgEl(doc, 'path', { d: `M${cx},${cy - 4.5}L${cx + 4.5},${cy}L${cx},${cy + 4.5}L${cx - 4.5},${cy}Z`, stroke: c, 'stroke-width': 1.5, fill: 'none' });
    case 'cross':
      return svgEl(doc, 'path', { d: `M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx - 4},${cy + 4}L${cx + 4},${cy - 4}`, stroke: c, 'stroke-width': 2 });
  }
}

/**
 * The legend of a chart, drawn into its SVG above the plot: the SVG grows by the legend's rows and Plot's
 * drawing moves down by as much, untouched (its axis labels keep their places). Inside the SVG, the legend
 * goes wherever the chart goes: the static fallback, the page, and SVG/PNG exports. Plot's own legends are
 * HTML beside the SVG (and cost a colour scale per drawing), so exports lost them.
 */
export function addLegend(chart: SVGSVGElement | HTMLElement, items: readonly LegendItem[], o: ChartOptions): SVGSVGElement | HTMLElement {
  if (chart.tagName.toLowerCase() !== 'svg' || items.length === 0) return chart;
  const doc = o.document ?? chart.ownerDocument;
  const width = Number(chart.getAttribute('width')) || (o.width ?? 640);
  const height = Number(chart.getAttribute('height'));
  const { at, height: room } = legendLayout(items, width);
  const plot = svgEl(doc, 'g', { transform: `translate(0,${room})` });
  plot.append(...Array.from(chart.childNodes));
  const g = svgEl(doc, 'g', { class: 'lab-legend', 'font-size': LEGEND_FONT_PX, 'text-anchor': 'start', fill: 'currentColor' });
  items.forEach((item, i) => {
    const { x, row } = at[i];
    const cy = row * LEGEND_ROW_PX + LEGEND_ROW_PX / 2;
    g.append(swatch(doc, item, Math.round(x) + SWATCH_PX / 2, cy));
    g.append(svgEl(doc, 'text', { x: Math.round(x + SWATCH_PX + 5), y: cy, dy: '0.32em' }, item.label));
  });
  chart.append(g, plot);
  chart.setAttribute('height', String(height + room));
  chart.setAttribute('viewBox', `0 0 ${width} ${height + room}`);
  return chart;
}
