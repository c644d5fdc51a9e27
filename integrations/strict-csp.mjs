// @ts-check
/**
 * Strict Content-Security-Policy for the static build.
 *
 * Astro and Starlight put small bootstrap scripts inline (the theme picker, island loader, search shell).
 * A CSP that forbids inline scripts would block them, and hashing them is brittle. So after the build this
 * integration moves every inline <script> into an external file under /_csp/ named by its content hash
 * (same type, same position, so execution order and blocking behaviour are unchanged), and adds the
 * policy as a <meta http-equiv> tag at the top of <head>. docs/security.md gives the same policy as HTTP
 * headers, including frame-ancestors (which a meta tag cannot carry).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The policy, one directive per entry. Styles stay 'unsafe-inline': Plot and Starlight set style attributes. */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

const INLINE_SCRIPT = /<script((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*>([\s\S]*?)<\/script>/g;

/**
 * Moves inline scripts out of one HTML document; returns the new HTML and the files to write.
 * @param {string} html
 */
export function externalizeScripts(html) {
  /** @type {Map<string, string>} */
  const files = new Map();
  const out = html.replace(INLINE_SCRIPT, (/** @type {string} */ whole, /** @type {string} */ attrs, /** @type {string} */ body) => {
    if (/\ssrc=/.test(attrs) || body.trim() === '') return whole;
    if (/\stype="(?!module|text\/javascript)[^"]*"/.test(attrs)) return whole; // JSON data blocks etc.
    const name = `${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
    files.set(name, body);
    return `<script${attrs} src="/_csp/${name}"></script>`;
  });
  const meta = `<meta http-equiv="Content-Security-Policy" content="${CSP_DIRECTIVES.join('; ')}">`;
  return { html: out.replace(/<head>/, `<head>${meta}`), files };
}

/**
 * @param {string} dir
 * @returns {AsyncGenerator<string>}
 */
async function* htmlFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(p);
    else if (entry.name.endsWith('.html')) yield p;
  }
}

/** @returns {import('astro').AstroIntegration} */
export default function strictCsp() {
  return {
    name: 'strict-csp',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const outDir = join(root, '_csp');
        await mkdir(outDir, { recursive: true });
        let pages = 0;
        const written = new Set();
        for await (const file of htmlFiles(root)) {
          const { html, files } = externalizeScripts(await readFile(file, 'utf8'));
          for (const [name, body] of files) {
            if (!written.has(name)) await writeFile(join(outDir, name), body);
            written.add(name);
          }
          await writeFile(file, html);
          pages++;
        }
        logger.info(`${pages} pages: inline scripts moved to ${written.size} files in /_csp/, CSP meta added`);
      },
    },
  };
}
