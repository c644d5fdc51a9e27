/**
 * Conformance: every program under playground/conformance/cases/ and .../book/ (the latter copied from
 * the chapters' ```go blocks by scripts/extract-go-blocks.mjs) runs natively (`go build`, Go 1.26) and in
 * the browser runner (the same wasm and worker code as the browser, in a Node worker thread), and the
 * two are compared (compare.ts: exact for cases, numbers masked for the book's measurement programs).
 *
 * playground/conformance/known-differences.json keeps the suite honest both ways: a listed program must
 * still differ (remove it when it starts to match) and every other program must match. Book programs are
 * listed by source hash, so the same program in both locales is one entry and is run once.
 *
 * Slow tier: book programs listed under `slow` took more than 4 s in the interpreter (measured by
 * conformance-cli.ts), whether they match or not. They are run natively only (they must build and exit
 * 0), which keeps this suite near a minute; CONFORMANCE_SLOW=1 compares them with the runner too (and
 * checks that the listed ones still differ).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoRunner } from '../../src/lib/go-runner/client';
import { differences } from './compare';
import { buildRunner, nodeRunner } from './node-host';
import { inRunner, listing, listPrograms, native, readKnown, type Program } from './programs';

const known = readKnown();
const programs = await listPrograms();
const runSlow = process.env.CONFORMANCE_SLOW === '1';

/** One test per distinct program: the locales often share a program byte for byte. */
const groups = new Map<string, Program[]>();
for (const p of programs) {
  const key = p.measured ? p.hash : p.rel;
  groups.set(key, [...(groups.get(key) ?? []), p]);
}

let runner: GoRunner;
beforeAll(async () => {
  runner = nodeRunner(buildRunner());
  await runner.start();
}, 170_000);
afterAll(() => runner?.dispose());

describe('conformance: go run vs the browser runner', () => {
  it('has programs to compare: cases, examples and book', () => {
    expect(programs.filter((p) => p.rel.startsWith('cases/')).length).toBeGreaterThan(10);
    expect(programs.filter((p) => p.rel.startsWith('examples/')).length).toBeGreaterThanOrEqual(3);
    expect(programs.filter((p) => p.rel.startsWith('book/')).length).toBeGreaterThan(10);
  });

  it('known-differences.json names only programs that exist (stale hashes are reported)', () => {
    const hashes = new Set(programs.map((p) => p.hash));
    const stale = [...Object.keys(known.book), ...Object.keys(known.slow)].filter((h) => !hashes.has(h));
    // A chapter edit changes a program's hash; its old entry is then harmless but stale. Say so, do not fail:
    // the new hash is checked below like any other program.
    if (stale.length) console.warn(`known-differences.json: ${stale.length} stale hash(es), run tests/runner/conformance-cli.ts --update: ${stale.join(', ')}`);
    for (const rel of Object.keys(known.cases)) expect(programs.some((p) => p.rel === rel), rel).toBe(true);
  });

  for (const group of groups.values()) {
    const p = group[0];
    const { differs, slowMs } = listing(p, known);
    const names = group.map((q) => q.rel).join(' = ');
    if (slowMs !== null && !runSlow) {
      it(`${names} (slow tier, ${(slowMs / 1000).toFixed(0)} s in the interpreter: native only${differs ? '; known difference' : ''})`, async () => {
        const n = await native(p.rel);
        expect(n.code, n.stderr).toBe(0);
        expect(n.stdout.length).toBeGreaterThan(0);
      }, 60_000);
      continue;
    }
    it(`${names}${differs ? ' (known difference)' : ''}`, async () => {
      const [n, w] = await Promise.all([native(p.rel), inRunner(runner, p.source)]);
      const d = differences(n, w, p.measured);
      if (differs) expect(d, `listed in known-differences.json but now matches: remove it`).not.toEqual([]);
      else expect(d, d.join('\n')).toEqual([]);
    }, 120_000);
  }
});
