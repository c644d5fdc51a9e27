/**
 * Maintenance command for playground/conformance/known-differences.json:
 *
 *   npx tsx tests/runner/conformance-cli.ts [--update] [--slow-ms=5000] [substring ...]
 *
 * Runs every conformance program (or those whose path contains one of the substrings) natively and in
 * the browser runner, one after the other so the times are not disturbed, and prints for each: match or
 * differs, both wall times, the source hash and the differences. With --update it rewrites the `book`
 * and `slow` sections from what it saw: a book program that differs is listed by hash (an existing
 * explanation, English and Chinese, is kept; a new one says "differs: …" until a person explains it), and a program that
 * takes more than --slow-ms in the interpreter, matching or not, goes to the slow tier with its measured time.
 * The `cases` section is written by hand.
 */
import { writeFileSync } from 'node:fs';
import type { KnownDifferences } from '../../src/lib/go-runner/known';
import { differences } from './compare';
import { buildRunner, nodeRunner } from './node-host';
import { inRunner, knownFile, listPrograms, native, readKnown } from './programs';

const argv = process.argv.slice(2);
const update = argv.includes('--update');
const slowMs = Number(argv.find((a) => a.startsWith('--slow-ms='))?.split('=')[1] ?? 5000);
const filters = argv.filter((a) => !a.startsWith('--'));

const programs = (await listPrograms()).filter((p) => filters.length === 0 || filters.some((f) => p.rel.includes(f)));
const known = readKnown();
const runner = nodeRunner(buildRunner());
await runner.start();

const seenDiff = new Map<string, { what: string; zh?: string; files: string[] }>();
const seenSlow = new Map<string, { interpreterMs: number; files: string[] }>();
const ran = new Map<string, { d: string[]; ms: number }>();
for (const p of programs) {
  const file = p.rel.replace(/^book\//, '');
  const again = ran.get(p.hash);
  if (again) {
    // The same program in the other locale: same result, run once.
    console.log(`${again.d.length ? 'DIFFERS' : 'match  '} ${p.rel}  (same source as above)`);
    if (p.rel.startsWith('book/')) for (const m of [seenDiff, seenSlow]) m.get(p.hash)?.files.push(file);
    continue;
  }
  const n = await native(p.rel);
  const w = await inRunner(runner, p.source, 180_000);
  const d = differences(n, w, p.measured);
  ran.set(p.hash, { d, ms: w.ms });
  console.log(`${d.length ? 'DIFFERS' : 'match  '} ${p.rel}  go ${Math.round(n.ms)} ms, runner ${Math.round(w.ms)} ms  sha256 ${p.hash.slice(0, 12)}`);
  for (const x of d) console.log(x.replace(/^/gm, '    '));
  if (!p.rel.startsWith('book/')) continue;
  if (d.length) {
    const what = known.book[p.hash]?.what ?? `differs: ${d.map((x) => x.split(/[:\n]/)[0]).join(', ')}`;
    seenDiff.set(p.hash, { what, zh: known.book[p.hash]?.zh, files: [file] });
  }
  // Slow whether it matches or not: the suite then runs it natively only (CONFORMANCE_SLOW=1 for all).
  if (w.ms > slowMs) seenSlow.set(p.hash, { interpreterMs: Math.round(w.ms), files: [file] });
}
runner.dispose();

if (update) {
  const filtered = filters.length > 0;
  // With a filter, entries of programs that were not run are kept.
  const next: KnownDifferences = {
    about: known.about,
    cases: known.cases,
    book: { ...(filtered ? known.book : {}), ...Object.fromEntries(seenDiff) },
    slow: { ...(filtered ? known.slow : {}), ...Object.fromEntries(seenSlow) },
  };
  writeFileSync(knownFile, JSON.stringify(next, null, 2) + '\n');
  console.log(`updated ${knownFile}: ${seenDiff.size} differing, ${seenSlow.size} slow`);
}
process.exit(0);
