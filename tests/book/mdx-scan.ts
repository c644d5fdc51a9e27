/**
 * A small scanner for the book's MDX: just enough structure for the content tests, without a full MDX
 * parser. It separates prose from code (fenced blocks and inline code are not prose, so a URL inside
 * them is not a link), finds JSX tags with their attributes (an attribute value may be a JS expression
 * with nested braces, strings and `>`), headings, markdown links and frontmatter.
 *
 * Only the shapes the chapters use are handled: `<Tag a="x" b={expr} />`, `[text](url)`, `# heading`.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const DOCS = 'src/content/docs';

export interface Page {
  /** '' for zh-CN (root), 'en' for English */
  locale: '' | 'en';
  /** file name without extension, e.g. 'ch1-case-study' */
  slug: string;
  file: string;
  text: string;
}

export function pages(): Page[] {
  const out: Page[] = [];
  for (const locale of ['', 'en'] as const) {
    const dir = locale ? join(DOCS, locale) : DOCS;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.mdx') && !f.endsWith('.md')) continue;
      const file = join(dir, f);
      out.push({ locale, slug: f.replace(/\.mdx?$/, ''), file, text: readFileSync(file, 'utf8') });
    }
  }
  return out;
}

/** The route of a page, as Starlight builds it: '/', '/ch1-case-study/', '/en/', '/en/lab/'. */
export function route(p: Page): string {
  const base = p.locale ? `/${p.locale}/` : '/';
  return p.slug === 'index' ? base : `${base}${p.slug}/`;
}

/** The page file a route points to, or null. Routes are '/x/' or '/en/x/' (trailing slash optional). */
export function fileForRoute(path: string): string | null {
  const clean = path.replace(/\/+$/, '');
  const parts = clean.split('/').filter(Boolean);
  const locale = parts[0] === 'en' ? 'en' : '';
  const rest = locale ? parts.slice(1) : parts;
  const slug = rest.length === 0 ? 'index' : rest.join('/');
  const dir = locale ? join(DOCS, locale) : DOCS;
  for (const ext of ['.mdx', '.md']) {
    const f = join(dir, slug + ext);
    if (existsSync(f)) return f;
  }
  return null;
}

export function splitFrontmatter(text: string): { frontmatter: string; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  return m ? { frontmatter: m[1], body: text.slice(m[0].length) } : { frontmatter: '', body: text };
}

/**
 * The body with code removed: fenced blocks become blank lines (line numbers are kept) and inline code
 * spans become spaces. What remains is prose, headings and JSX.
 */
export function withoutCode(body: string): string {
  const lines = body.split('\n');
  let fence: string | null = null;
  const out: string[] = [];
  for (const line of lines) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
      out.push('');
      continue;
    }
    if (f) {
      fence = f[1];
      out.push('');
      continue;
    }
    out.push(line.replace(/(`+)[\s\S]*?\1/g, (s) => ' '.repeat(s.length)));
  }
  return out.join('\n');
}

/** Fenced code blocks with their info string ("go", "text", ...). */
export function codeBlocks(body: string): { lang: string; code: string; line: number }[] {
  const lines = body.split('\n');
  const out: { lang: string; code: string; line: number }[] = [];
  let fence: string | null = null;
  let lang = '';
  let start = 0;
  let buf: string[] = [];
  lines.forEach((line, i) => {
    const f = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && !f[2]) {
        out.push({ lang, code: buf.join('\n'), line: start + 1 });
        fence = null;
      } else buf.push(line);
      return;
    }
    if (f) {
      fence = f[1];
      lang = f[2] ?? '';
      start = i;
      buf = [];
    }
  });
  return out;
}

export interface Tag {
  name: string;
  /** attribute name → raw value: a string literal's content, or an expression's source without braces */
  attrs: Record<string, string>;
  /** which attributes were written as {expressions} */
  exprAttrs: Set<string>;
  index: number;
}

/** Every JSX opening tag whose name starts with a capital letter (components), in order. */
export function componentTags(prose: string): Tag[] {
  const out: Tag[] = [];
  const re = /<([A-Z][A-Za-z0-9.]*)(?=[\s/>])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(prose))) {
    const tag = parseTag(prose, m.index + m[0].length, m[1], m.index);
    out.push(tag.tag);
    re.lastIndex = tag.end;
  }
  return out;
}

function parseTag(s: string, i: number, name: string, index: number): { tag: Tag; end: number } {
  const attrs: Record<string, string> = {};
  const exprAttrs = new Set<string>();
  const n = s.length;
  while (i < n) {
    while (i < n && /\s/.test(s[i])) i++;
    if (s[i] === '/' && s[i + 1] === '>') return { tag: { name, attrs, exprAttrs, index }, end: i + 2 };
    if (s[i] === '>') return { tag: { name, attrs, exprAttrs, index }, end: i + 1 };
    const a = /^[A-Za-z_:][-A-Za-z0-9_:.]*/.exec(s.slice(i, i + 200));
    if (!a) throw new Error(`cannot parse <${name}> at offset ${i}: ${JSON.stringify(s.slice(i, i + 40))}`);
    const attr = a[0];
    i += attr.length;
    while (i < n && /\s/.test(s[i])) i++;
    if (s[i] !== '=') {
      attrs[attr] = 'true';
      continue;
    }
    i++;
    while (i < n && /\s/.test(s[i])) i++;
    if (s[i] === '"' || s[i] === "'") {
      const q = s[i];
      const close = s.indexOf(q, i + 1);
      attrs[attr] = s.slice(i + 1, close);
      i = close + 1;
    } else if (s[i] === '{') {
      const close = matchBrace(s, i);
      attrs[attr] = s.slice(i + 1, close);
      exprAttrs.add(attr);
      i = close + 1;
    } else throw new Error(`cannot parse value of ${attr} in <${name}>`);
  }
  throw new Error(`unterminated <${name}>`);
}

/** Index of the brace closing the one at `open`, skipping strings and template literals. */
function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < s.length && s[i] !== c) {
        if (s[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces');
}

/** String values of `key: '...'` (or "...") inside a JS expression, e.g. all hrefs of a sources array. */
export function stringProps(expr: string, key: string): string[] {
  const re = new RegExp(`\\b${key}\\s*:\\s*(['"\`])((?:\\\\.|(?!\\1).)*)\\1`, 'g');
  return [...expr.matchAll(re)].map((m) => m[2]);
}

export interface Heading {
  depth: number;
  text: string;
  line: number;
}

export function headings(prose: string): Heading[] {
  const out: Heading[] = [];
  prose.split('\n').forEach((line, i) => {
    const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) out.push({ depth: m[1].length, text: m[2], line: i + 1 });
  });
  return out;
}

/** Link targets in prose: markdown links and images, autolinks, bare URLs, and href attributes. */
export function linkTargets(prose: string): string[] {
  const out: string[] = [];
  for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]);
  for (const m of prose.matchAll(/<(https?:\/\/[^>\s]+)>/g)) out.push(m[1]);
  for (const m of prose.matchAll(/\bhref\s*[:=]\s*\{?\s*(['"`])([^'"`]+)\1/g)) out.push(m[2]);
  // Bare URLs become links too (GFM autolinks); collect those not already inside a markdown link.
  const stripped = prose.replace(/\]\([^)]*\)/g, '](…)').replace(/href\s*[:=]\s*\{?\s*(['"`])[^'"`]+\1/g, '');
  for (const m of stripped.matchAll(/https?:\/\/[^\s)<>'"`\]]+/g)) out.push(m[0]);
  return out;
}

export const ALLOWED_HOSTS = ['go.dev', 'pkg.go.dev'];

/** External links may only go to go.dev, pkg.go.dev and github.com/golang/…. */
export function isAllowedExternal(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:') return false;
  if (ALLOWED_HOSTS.includes(u.hostname)) return true;
  return u.hostname === 'github.com' && /^\/golang\//.test(u.pathname);
}

/** Frontmatter `link:` values (hero actions on the landing pages). */
export function frontmatterLinks(frontmatter: string): string[] {
  return [...frontmatter.matchAll(/^\s*link:\s*['"]?([^'"\s]+)['"]?\s*$/gm)].map((m) => m[1]);
}
