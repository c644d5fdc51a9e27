/**
 * The occupancy picture of one frame, drawn like a Plot mark (STYLE.md 11): options are normalised once
 * (`maybeOptions`), then one render function per group of storage:
 *   - classic, small map: every bucket chain as 8 slots (main bucket, then its overflow buckets, outlined),
 *     old buckets above the current array while a growth is in progress;
 *   - Swiss, small map: the small group, or each table's groups in rows, labelled with directory index and
 *     local depth;
 *   - big map: the density strip as a grid of bins, each a small stacked bar: the share of full slots,
 *     then of tombstones, the rest empty; a yellow line = overflow buckets, grey = evacuated old buckets.
 * Small maps are SVG (a few thousand rects at most). Big ones are a canvas in the browser and a coarse SVG
 * at build time (`canvas: false`), so no figure ever has a DOM node per slot of a 10^6-entry map.
 */
import type { ChainLike, OccupancyFrame, StripLike, SwissTableCodes } from '../lab/data/occupancy';
import { SVG_NS as NS, svgEl as el, textWidth, type ChartOptions } from './common';

export interface OccupancyOptions extends ChartOptions {
  /** Draw density on a canvas (browser). Default: true when the document can make one. */
  canvas?: boolean;
}

const C = {
  full: 'var(--lab-c-full, #2563eb)',
  empty: 'var(--lab-c-empty, #e5e7eb)',
  tombstone: 'var(--lab-c-deleted, #dc2626)',
  evacuated: 'var(--lab-c-evacuated, #9ca3af)',
  overflow: 'var(--lab-c-overflow, #d97706)',
  text: 'currentColor',
};

const CODE_FILL = [C.empty, C.tombstone, C.full, C.evacuated];

interface Ctx {
  doc: Document;
  width: number;
  t: ChartOptions['t'];
  canvas: boolean;
  resolve: (c: string) => string;
  /** Slot square size and gap (px). */
  s: number;
}

function maybeOptions(o: OccupancyOptions): Ctx {
  const doc = o.document ?? document;
  return {
    doc,
    width: o.width ?? 640,
    t: o.t,
    canvas: o.canvas ?? (typeof HTMLCanvasElement !== 'undefined' && doc === globalThis.document),
    resolve: o.resolve ?? ((c) => /,\s*([^)]+)\)$/.exec(c)?.[1]?.trim() ?? c),
    s: 9,
  };
}


/** A y cursor and the elements drawn so far; `finish` wraps them in an <svg>. */
class Sheet {
  y = 0;
  readonly parts: Element[] = [];
  constructor(readonly ctx: Ctx) {}
  heading(text: string) {
    this.parts.push(el(this.ctx.doc, 'text', { x: 0, y: this.y + 12, 'font-size': 12, fill: C.text, 'font-weight': 600 }, text));
    this.y += 18;
  }
  finish(): SVGSVGElement {
    const { doc, width } = this.ctx;
    const svg = el(doc, 'svg', { xmlns: NS, width, height: this.y + 4, viewBox: `0 0 ${width} ${this.y + 4}`, class: 'lab-plot', 'font-family': 'system-ui, sans-serif' }) as SVGSVGElement;
    for (const p of this.parts) svg.append(p);
    return svg;
  }
}

function slots(sheet: Sheet, g: Element, codes: Uint8Array, x: number, y: number, outline?: string) {
  const { doc, s } = sheet.ctx;
  for (let i = 0; i < codes.length; i++) {
    g.append(el(doc, 'rect', { x: x + (i % 8) * (s + 1), y: y + Math.floor(i / 8) * (s + 1), width: s, height: s, fill: CODE_FILL[codes[i]] ?? C.empty }));
  }
  if (outline) {
    const rows = Math.ceil(codes.length / 8);
    g.append(el(doc, 'rect', { x: x - 1, y: y - 1, width: 8 * (s + 1) + 1, height: rows * (s + 1) + 1, fill: 'none', stroke: outline, 'stroke-width': 1.5 }));
  }
}

function renderChains(sheet: Sheet, chains: ChainLike[], label: string) {
  const { doc, s, width } = sheet.ctx;
  sheet.heading(label);
  const bw = 8 * (s + 1) + 4;
  const longest = Math.max(1, ...chains.map((c) => c.codes.length / 8));
  const colW = 30 + longest * bw + 8;
  const cols = Math.max(1, Math.floor(width / colW));
  const rows = Math.ceil(chains.length / cols);
  const rowH = s + 5;
  const g = el(doc, 'g', {});
  chains.forEach((ch, i) => {
    const x0 = Math.floor(i / rows) * colW;
    const y0 = sheet.y + (i % rows) * rowH;
    g.append(el(doc, 'text', { x: x0 + 26, y: y0 + s - 1, 'font-size': 9, 'text-anchor': 'end', fill: C.text, 'fill-opacity': 0.7 }, String(ch.bucket)));
    const n = ch.codes.length / 8;
    for (let b = 0; b < n; b++) {
      slots(sheet, g, ch.codes.subarray(b * 8, b * 8 + 8), x0 + 30 + b * bw, y0, b > 0 ? C.overflow : undefined);
    }
  });
  sheet.parts.push(g);
  sheet.y += rows * rowH + 8;
}

function renderSwiss(sheet: Sheet, tables: SwissTableCodes[], globalDepth: number) {
  const { doc, s, width, t } = sheet.ctx;
  const gw = 8 * (s + 1) + 4;
  const perRow = Math.max(1, Math.min(16, Math.floor(width / gw)));
  sheet.heading(t('occupancy.swiss.directory', { entries: 2 ** globalDepth, depth: globalDepth }));
  for (const tb of tables) {
    sheet.parts.push(el(doc, 'text', { x: 0, y: sheet.y + 10, 'font-size': 10, fill: C.text }, t('occupancy.swiss.table', { index: tb.index, localDepth: tb.localDepth, capacity: tb.capacity })));
    sheet.y += 14;
    const g = el(doc, 'g', {});
    const groups = tb.codes.length / 8;
    for (let k = 0; k < groups; k++) {
      slots(sheet, g, tb.codes.subarray(k * 8, k * 8 + 8), (k % perRow) * gw, sheet.y + Math.floor(k / perRow) * (s + 4));
    }
    sheet.parts.push(g);
    sheet.y += Math.ceil(groups / perRow) * (s + 4) + 6;
  }
}

/** Bins per row of a density grid. */
const BIN_COLS = 32;

function densityCells(strip: StripLike) {
  const n = strip.capacity.length;
  return Array.from({ length: n }, (_, i) => {
    const cap = strip.capacity[i] || 1;
    return {
      full: strip.full[i] / cap,
      tomb: strip.tombstones[i] / cap,
      evac: strip.evacuated[i] > 0 ? 1 : 0,
      // overflow buckets per 8 slots of main buckets: 1 = as many overflow buckets as buckets
      ovf: Math.min(1, strip.overflow[i] / Math.max(1, (cap - strip.overflow[i] * 8) / 8)),
    };
  });
}

function renderDensitySvg(sheet: Sheet, strip: StripLike, label: string) {
  const { doc, width } = sheet.ctx;
  sheet.heading(label);
  const cells = densityCells(strip);
  const cw = width / BIN_COLS;
  const ch = Math.max(6, Math.min(cw, 14));
  const g = el(doc, 'g', {});
  cells.forEach((c, i) => {
    const x = (i % BIN_COLS) * cw;
    const y = sheet.y + Math.floor(i / BIN_COLS) * ch;
    // Each bin is a small stacked bar: full share, then tombstone share, then empty (the background).
    const w = cw - 0.5;
    g.append(el(doc, 'rect', { x, y, width: w, height: ch - 0.5, fill: c.evac ? C.evacuated : C.empty }));
    if (c.full > 0) g.append(el(doc, 'rect', { x, y, width: (w * c.full).toFixed(2), height: ch - 0.5, fill: C.full }));
    if (c.tomb > 0) g.append(el(doc, 'rect', { x: (x + w * c.full).toFixed(2), y, width: (w * c.tomb).toFixed(2), height: ch - 0.5, fill: C.tombstone }));
    if (c.ovf > 0) g.append(el(doc, 'rect', { x, y, width: w, height: 2, fill: C.overflow, 'fill-opacity': c.ovf.toFixed(2) }));
  });
  sheet.parts.push(g);
  sheet.y += Math.ceil(cells.length / BIN_COLS) * ch + 8;
}

function legendItems(t: Ctx['t']): Array<[string, string]> {
  return [
    [C.full, t('occupancy.legend.full')],
    [C.empty, t('occupancy.legend.empty')],
    [C.tombstone, t('occupancy.legend.deleted')],
    [C.evacuated, t('occupancy.legend.evacuated')],
    [C.overflow, t('occupancy.legend.overflow')],
  ];
}

function legend(sheet: Sheet) {
  const { doc, t } = sheet.ctx;
  const items = legendItems(t);
  let x = 0;
  const g = el(doc, 'g', { 'font-size': 10 });
  for (const [color, text] of items) {
    g.append(el(doc, 'rect', { x, y: sheet.y, width: 10, height: 10, fill: color === C.overflow ? 'none' : color, stroke: color === C.overflow ? color : 'none', 'stroke-width': 1.5 }));
    g.append(el(doc, 'text', { x: x + 14, y: sheet.y + 9, fill: C.text }, text));
    x += 24 + textWidth(text, 10);
  }
  sheet.parts.push(g);
  sheet.y += 16;
}

/** Draws density strips on a canvas (browser only). */
function densityCanvas(ctx: Ctx, strips: Array<[StripLike, string]>): HTMLCanvasElement {
  const { width, resolve, t } = ctx;
  const cw = width / BIN_COLS;
  const chh = Math.max(6, Math.min(cw, 14));
  const blocks = strips.map(([s]) => Math.ceil(s.capacity.length / BIN_COLS) * chh + 26);
  const height = blocks.reduce((a, b) => a + b, 0) + 16;
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const canvas = ctx.doc.createElement('canvas');
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.setAttribute('role', 'img');
  const g = canvas.getContext('2d');
  if (!g) return canvas;
  g.scale(dpr, dpr);
  const col = { full: resolve(C.full), empty: resolve(C.empty), tomb: resolve(C.tombstone), evac: resolve(C.evacuated), ovf: resolve(C.overflow) };
  const fg = getComputedStyle(ctx.doc.body).color || '#888';
  let y = 0;
  for (const [strip, label] of strips) {
    g.fillStyle = fg;
    g.font = '600 12px system-ui, sans-serif';
    g.fillText(label, 0, y + 12);
    y += 18;
    densityCells(strip).forEach((c, i) => {
      const x = (i % BIN_COLS) * cw;
      const yy = y + Math.floor(i / BIN_COLS) * chh;
      const w = cw - 0.5;
      const bar = (color: string, x0: number, width: number, h = chh - 0.5, a = 1) => {
        g.globalAlpha = a;
        g.fillStyle = color;
        g.fillRect(x0, yy, width, h);
      };
      bar(c.evac ? col.evac : col.empty, x, w);
      if (c.full > 0) bar(col.full, x, w * c.full);
      if (c.tomb > 0) bar(col.tomb, x + w * c.full, w * c.tomb);
      if (c.ovf > 0) bar(col.ovf, x, w, 2, c.ovf);
    });
    g.globalAlpha = 1;
    y += Math.ceil(strip.capacity.length / BIN_COLS) * chh + 8;
  }
  // Legend: the same entries as the SVG version.
  let x = 0;
  g.font = '10px system-ui, sans-serif';
  for (const [color, text] of legendItems(t)) {
    g.fillStyle = resolve(color);
    if (color === C.overflow) g.fillRect(x, y + 8, 10, 2);
    else g.fillRect(x, y, 10, 10);
    g.fillStyle = fg;
    g.fillText(text, x + 14, y + 9);
    x += 24 + g.measureText(text).width;
  }
  canvas.setAttribute('aria-label', t('occupancy.title'));
  return canvas;
}

export function occupancyChart(frame: OccupancyFrame, o: OccupancyOptions): SVGSVGElement | HTMLCanvasElement {
  const ctx = maybeOptions(o);
  const { t } = ctx;
  if (frame.density) {
    const strips: Array<[StripLike, string]> = [];
    if (frame.density.old) strips.push([frame.density.old, t('occupancy.area.old')]);
    strips.push([frame.density.main, t('occupancy.area.bins', { bins: frame.density.main.capacity.length })]);
    if (ctx.canvas) return densityCanvas(ctx, strips);
    const sheet = new Sheet(ctx);
    for (const [s, label] of strips) renderDensitySvg(sheet, s, label);
    legend(sheet);
    return sheet.finish();
  }
  const sheet = new Sheet(ctx);
  if (frame.classic) {
    const c = frame.classic;
    if (c.old) renderChains(sheet, c.old, t('occupancy.area.oldExact', { buckets: c.old.length, nevacuate: c.nevacuate }));
    renderChains(sheet, c.buckets, t('occupancy.area.buckets', { B: c.B, buckets: c.buckets.length }));
  } else if (frame.swiss) {
    if (frame.swiss.small) {
      sheet.heading(t('occupancy.swiss.small'));
      const g = el(ctx.doc, 'g', {});
      slots(sheet, g, frame.swiss.small, 0, sheet.y);
      sheet.parts.push(g);
      sheet.y += ctx.s + 8;
    } else {
      renderSwiss(sheet, frame.swiss.tables, frame.swiss.globalDepth);
    }
  }
  legend(sheet);
  return sheet.finish();
}

