/**
 * Which program a `<RunHere>` wraps, found at build time.
 *
 * The wrapped fenced block reaches the component already rendered by Expressive Code, which turns tabs
 * into spaces, so the rendered text is not the program. It is only used to find the block in the page's
 * MDX source (the same blocks scripts/extract-go-blocks.mjs copies to the conformance suite), comparing
 * with all whitespace removed; the source block is what runs, is hashed and is shared. Expressive Code
 * keeps the block's text in its copy button (`data-code`, lines joined by U+007F); without that button the
 * text of the `<pre>` is used.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The code texts in rendered HTML: copy-button payloads first, then `<pre>` contents. */
export function renderedCodeTexts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\bdata-code="([^"]*)"/g)) out.push(decodeEntities(m[1]).replace(/\u007f/g, '\n'));
  for (const m of html.matchAll(/<pre\b[^>]*>([\s\S]*?)<\/pre>/g)) {
    // Expressive Code puts each line in its own element; a closing div ends a line.
    out.push(decodeEntities(m[1].replace(/<\/div>\s*(?=<div)/g, '\n').replace(/<[^>]+>/g, '')));
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** The source program among `candidates` whose text the rendered `html` shows, or null. */
export function findProgram(html: string, candidates: readonly string[]): string | null {
  const shown = new Set(renderedCodeTexts(html).map(squash));
  return candidates.find((c) => shown.has(squash(c))) ?? null;
}
