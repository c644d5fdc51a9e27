/**
 * Exports of a figure: its data as CSV or JSON, its chart as a standalone SVG or a PNG.
 *
 * The live SVG uses CSS custom properties for its colours (theme-following); a file taken out of the page
 * has no stylesheet, so `standaloneSvg` resolves every `var(--…)` against the page's current theme and
 * stacks a figure's charts into one SVG.
 */

export interface Column<R> {
  key: string;
  label: string;
  value: (r: R) => number | string | boolean | null;
}

function csvCell(v: number | string | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<R>(rows: readonly R[], columns: readonly Column<R>[]): string {
  const head = columns.map((c) => csvCell(c.key)).join(',');
  const body = rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(','));
  return [head, ...body].join('\n') + '\n';
}

export function download(name: string, type: string, data: BlobPart) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const VAR = /var\((--[\w-]+)(?:,\s*([^)]+))?\)/g;

/** Replaces `var(--x, fallback)` in attribute values by the value computed on `scope`. */
function resolveVars(root: Element, scope: Element) {
  const style = getComputedStyle(scope);
  const walk = (el: Element) => {
    for (const attr of Array.from(el.attributes)) {
      if (!attr.value.includes('var(')) continue;
      el.setAttribute(
        attr.name,
        attr.value.replace(VAR, (_m, name: string, fallback?: string) => style.getPropertyValue(name).trim() || fallback?.trim() || 'currentColor'),
      );
    }
    for (const child of Array.from(el.children)) walk(child);
  };
  walk(root);
}

/** A canvas chart as an SVG holding its pixels, so it can be stacked and exported with the SVG ones. */
function canvasAsSvg(canvas: HTMLCanvasElement): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const w = canvas.clientWidth || canvas.width;
  const h = canvas.clientHeight || canvas.height;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  const img = document.createElementNS(ns, 'image');
  img.setAttribute('href', canvas.toDataURL('image/png'));
  img.setAttribute('width', String(w));
  img.setAttribute('height', String(h));
  svg.append(img);
  return svg;
}

/**
 * One SVG file from the charts of a figure (stacked vertically), with theme colours and the text colour
 * made explicit, and the source line as a footer so an exported image still says where it comes from.
 */
export function standaloneSvg(charts: ReadonlyArray<SVGSVGElement | HTMLCanvasElement>, scope: Element, footer: string): string {
  const ns = 'http://www.w3.org/2000/svg';
  const color = getComputedStyle(scope).color || '#000';
  const background = getComputedStyle(scope).getPropertyValue('--lab-bg').trim() || 'white';
  let y = 0;
  let width = 0;
  const out = document.createElementNS(ns, 'svg');
  out.setAttribute('xmlns', ns);
  const bg = document.createElementNS(ns, 'rect');
  out.append(bg);
  for (const chart of charts) {
    const copy = chart instanceof HTMLCanvasElement ? canvasAsSvg(chart) : (chart.cloneNode(true) as SVGSVGElement);
    resolveVars(copy, scope);
    const w = Number(copy.getAttribute('width')) || chart.clientWidth || 640;
    const h = Number(copy.getAttribute('height')) || chart.clientHeight || 300;
    copy.setAttribute('x', '0');
    copy.setAttribute('y', String(y));
    copy.setAttribute('fill', color);
    copy.style.color = color;
    out.append(copy);
    y += h;
    width = Math.max(width, w);
  }
  const text = document.createElementNS(ns, 'text');
  text.setAttribute('x', '8');
  text.setAttribute('y', String(y + 16));
  text.setAttribute('font-size', '11');
  text.setAttribute('font-family', 'system-ui, sans-serif');
  text.setAttribute('fill', color);
  text.textContent = footer;
  out.append(text);
  y += 24;
  for (const [k, v] of Object.entries({ width, height: y, x: 0, y: 0, fill: background })) bg.setAttribute(k, String(v));
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(y));
  out.setAttribute('viewBox', `0 0 ${width} ${y}`);
  return new XMLSerializer().serializeToString(out);
}

/** Rasterises an SVG string at `scale` × its size. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(img.width * scale);
    canvas.height = Math.ceil(img.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
