/**
 * Conformance: every program under playground/conformance/cases/ and .../book/ (the latter filled
 * from the chapters' ```go blocks by scripts/extract-go-blocks.mjs) runs natively (`go build`, Go
 * 1.26) and in the browser runner (the same wasm and worker code as the browser, in a Node worker
 * thread). Standard output and the exit status must match; for a clean exit standard error too;
 * for a panic the "panic:" line. Book programs print measurements, so there digits are masked
 * before comparing. Cases listed in playground/conformance/known-differences.json must differ
 * (so the list stays true) and all others must match.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type GoRunner } from '../../src/lib/go-runner/client';
import { buildRunner, nodeRunner, root } from './node-host';

const conf = path.join(root, 'playground', 'conformance');
const known = JSON.parse(readFileSync(path.join(conf, 'known-differences.json'), 'utf8')) as { cases: Record<string, { what: string }> };

execFileSync(process.execPath, [path.join(root, 'scripts', 'extract-go-blocks.mjs'), '--no-vet'], { stdio: 'inherit' });
const programs = ['cases', 'book'].flatMap((dir) =>
  readdirSync(path.join(conf, dir))
    .filter((f) => f.endsWith('.go'))
    .sort()
    .map((f) => `${dir}/${f}`),
);

let runner: GoRunner;
const bin = mkdtempSync(path.join(tmpdir(), 'conformance-'));
beforeAll(async () => {
  runner = nodeRunner(buildRunner());
  await runner.start();
}, 170_000);
afterAll(() => runner?.dispose());

interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
}

function native(rel: string): Outcome {
  const exe = path.join(bin, rel.replace(/[/.]/g, '_'));
  execFileSync('go', ['build', '-o', exe, rel], { cwd: conf, stdio: ['ignore', 'pipe', 'pipe'] });
  const r = spawnSync(exe, { encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

async function inRunner(rel: string): Promise<Outcome & { message: string }> {
  const r = await collect(runner.run(readFileSync(path.join(conf, rel), 'utf8'), { timeoutMs: 60_000 }));
  return { stdout: r.stdout, stderr: r.stderr, code: r.exit?.exitCode ?? -1, message: r.error?.message ?? '' };
}

const mask = (s: string) => s.replace(/\d+(\.\d+)?/g, '#');
const panicLine = (s: string) => s.split('\n').find((l) => l.startsWith('panic: ')) ?? '';

/** Lists what differs; empty when the runner behaves like Go. */
function differences(rel: string, n: Outcome, w: Outcome & { message: string }): string[] {
  const norm = rel.startsWith('book/') ? mask : (s: string) => s;
  const d: string[] = [];
  if (norm(n.stdout) !== norm(w.stdout)) d.push(`stdout:\n--- go\n${n.stdout}--- runner\n${w.stdout}`);
  if (n.code !== w.code) d.push(`exit status: go ${n.code}, runner ${w.code} ${w.message}`);
  if (n.code === 0 && norm(n.stderr) !== norm(w.stderr)) d.push(`stderr:\n--- go\n${n.stderr}--- runner\n${w.stderr}`);
  if (n.code === 2 && panicLine(n.stderr) && panicLine(n.stderr) !== w.message) {
    d.push(`panic: go "${panicLine(n.stderr)}", runner "${w.message}"`);
  }
  return d;
}

describe('conformance: go run vs the browser runner', () => {
  it('has programs to compare', () => expect(programs.length).toBeGreaterThan(10));
  for (const rel of programs) {
    const listed = known.cases[rel];
    it(`${rel}${listed ? ' (known difference)' : ''}`, async () => {
      const n = native(rel);
      const w = await inRunner(rel);
      const d = differences(rel, n, w);
      if (listed) expect(d, `listed in known-differences.json but now matches: remove it`).not.toEqual([]);
      else expect(d, d.join('\n')).toEqual([]);
    }, 90_000);
  }
});
