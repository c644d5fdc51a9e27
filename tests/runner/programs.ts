/**
 * The conformance programs and the two ways to run them: natively (`go build` with the machine's Go,
 * then the binary) and in the browser runner (GoRunner over a Node worker thread). Shared by
 * conformance.test.ts and the maintenance command conformance-cli.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collect, type GoRunner } from '../../src/lib/go-runner/client';
import { sourceHash, type KnownDifferences } from '../../src/lib/go-runner/known';
import type { Outcome } from './compare';
import { root } from './node-host';

export const conf = path.join(root, 'playground', 'conformance');
export const knownFile = path.join(conf, 'known-differences.json');

export const readKnown = () => JSON.parse(readFileSync(knownFile, 'utf8')) as KnownDifferences;

export interface Program {
  /** cases/x.go or book/y.go, relative to playground/conformance. */
  rel: string;
  source: string;
  hash: string;
  /** Book programs and the playground's examples print measurements: their numbers are masked when compared. */
  measured: boolean;
}

/**
 * Copies the chapters' programs to book/ (scripts/extract-go-blocks.mjs), then lists every program:
 * cases/ (the interpreter's language and runtime behaviour), examples/ (the playground's examples) and
 * book/.
 */
export async function listPrograms(extract = true): Promise<Program[]> {
  if (extract) execFileSync(process.execPath, [path.join(root, 'scripts', 'extract-go-blocks.mjs'), '--no-vet'], { stdio: 'inherit' });
  const rels = ['cases', 'examples', 'book'].flatMap((dir) =>
    readdirSync(path.join(conf, dir))
      .filter((f) => f.endsWith('.go'))
      .sort()
      .map((f) => `${dir}/${f}`),
  );
  return Promise.all(
    rels.map(async (rel) => {
      const source = readFileSync(path.join(conf, rel), 'utf8');
      return { rel, source, hash: await sourceHash(source), measured: !rel.startsWith('cases/') };
    }),
  );
}

const bin = mkdtempSync(path.join(tmpdir(), 'conformance-'));

/**
 * Builds and runs one program natively (asynchronously, so a runner can work meanwhile), with
 * GOMAXPROCS=1: js/wasm Go has one P, and the suite compares the interpreter with compiled Go on the same
 * runtime configuration. (With more Ps some book programs print one of two answers at random, e.g.
 * whether sync.Pool finds its object after one GC.)
 */
export function native(rel: string, timeoutMs = 120_000): Promise<Outcome & { ms: number }> {
  const exe = path.join(bin, rel.replace(/[/.]/g, '_'));
  execFileSync('go', ['build', '-o', exe, rel], { cwd: conf, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(exe, { timeout: timeoutMs, env: { ...process.env, GOMAXPROCS: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    p.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    p.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1, ms: performance.now() - t0 }));
  });
}

export async function inRunner(runner: GoRunner, source: string, timeoutMs = 90_000): Promise<Outcome & { ms: number }> {
  const t0 = performance.now();
  const r = await collect(runner.run(source, { timeoutMs }));
  return {
    stdout: r.stdout,
    stderr: r.stderr,
    code: r.exit?.exitCode ?? -1,
    message: r.error?.message ?? '',
    ms: performance.now() - t0,
  };
}

/** Where a program stands in known-differences.json. */
export function listing(p: Program, known: KnownDifferences): { differs: string | null; slowMs: number | null } {
  const differs = p.rel.startsWith('cases/') ? known.cases[p.rel]?.what : known.book[p.hash]?.what;
  return { differs: differs ?? null, slowMs: known.slow[p.hash]?.interpreterMs ?? null };
}
