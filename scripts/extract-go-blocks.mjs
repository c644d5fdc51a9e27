#!/usr/bin/env node
// Copies every complete Go program (a ```go block containing `package main`) from the book's MDX
// (src/content/docs/**/*.mdx) into playground/conformance/book/, one file per block, then runs
// `go vet` on each. The conformance tests (tests/runner/conformance.test.ts) pick the files up
// and run them natively and in the browser runner.
//
//   node scripts/extract-go-blocks.mjs [--no-vet]
//
// File names: <page path with / as ->.<n>.go, n counting the page's Go programs from 1, e.g.
// en-ch2-map-and-gc.3.go. The folder is emptied first, so removed blocks disappear.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const docs = path.join(root, 'src', 'content', 'docs');
const out = path.join(root, 'playground', 'conformance', 'book');

function mdxFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? mdxFiles(p) : e.name.endsWith('.mdx') ? [p] : [];
  });
}

/** The bodies of ```go fences (any info after "go" is allowed, e.g. ```go title="x.go"). */
export function goBlocks(text) {
  const blocks = [];
  const re = /^([ \t]*)(`{3,}|~{3,})go(?:[ \t][^\n]*)?\n([\s\S]*?)^\1\2[ \t]*$/gm;
  for (let m; (m = re.exec(text)); ) {
    const indent = m[1];
    const body = m[3].split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
    blocks.push(body);
  }
  return blocks;
}

/** A complete program: `package main` with a `func main()` (RunHere uses the same rule). */
export const isProgram = (src) => /^package main\b/m.test(src) && /^func main\(\)/m.test(src);

function main() {
  const vet = !process.argv.includes('--no-vet');
  fs.mkdirSync(out, { recursive: true });
  for (const f of fs.readdirSync(out)) if (f.endsWith('.go')) fs.rmSync(path.join(out, f));
  const written = [];
  for (const file of mdxFiles(docs).sort()) {
    const rel = path.relative(docs, file).replace(/\.mdx$/, '').split(path.sep).join('-');
    let n = 0;
    for (const body of goBlocks(fs.readFileSync(file, 'utf8'))) {
      if (!isProgram(body)) continue;
      n++;
      const name = `${rel}.${n}.go`;
      fs.writeFileSync(path.join(out, name), body.endsWith('\n') ? body : body + '\n');
      written.push(name);
    }
  }
  console.error(`[extract-go-blocks] ${written.length} programs written to playground/conformance/book/`);
  if (!vet) return;
  let failed = 0;
  for (const name of written) {
    try {
      execFileSync('go', ['vet', path.join('book', name)], { cwd: path.dirname(out), stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      failed++;
      console.error(`go vet ${name}:\n${e.stderr ?? e.message}`);
    }
  }
  if (failed) {
    console.error(`[extract-go-blocks] go vet failed for ${failed} program(s)`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
