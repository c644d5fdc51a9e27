/** The conformance comparison masks measurements and nothing else; known.ts hashes what build-runner.mjs hashes. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseSource, sourceHash, timeoutFor, verdictFor } from '../../src/lib/go-runner/known';
import { differences, maskMeasurements, sizeTrendDifferences } from './compare';
import { root } from './node-host';

describe('maskMeasurements', () => {
  it('masks numbers, durations and the padding of width verbs', () => {
    expect(maskMeasurements('len=  10000  live heap  36.3 MiB')).toBe(maskMeasurements('len=1000000  live heap   0.6 MiB'));
    expect(maskMeasurements('max ≤ 2.87e-05 s')).toBe(maskMeasurements('max ≤ 0.000131 s'));
    expect(maskMeasurements('took 1.5ms')).toBe(maskMeasurements('took 2m3.25s'));
    expect(maskMeasurements('-3 and +4, 1,000')).toBe('#and#,#');
  });

  it('keeps words, lines and how many numbers a line has', () => {
    expect(maskMeasurements('freed: true 12')).not.toBe(maskMeasurements('freed: false 12'));
    expect(maskMeasurements('a 1\nb 2')).not.toBe(maskMeasurements('b 2\na 1'));
    expect(maskMeasurements('heap 1 2 MiB')).not.toBe(maskMeasurements('heap 1 MiB'));
    expect(maskMeasurements('x\n')).not.toBe(maskMeasurements('x\n\n'));
  });

  it('differences(): exact for cases, masked for measured programs, exit status always', () => {
    const go = { stdout: 'n=  5\n', stderr: '', code: 0 };
    const wasm = { stdout: 'n= 17\n', stderr: '', code: 0 };
    expect(differences(go, wasm, false)).toHaveLength(1);
    expect(differences(go, wasm, true)).toEqual([]);
    expect(differences(go, { ...wasm, code: 1 }, true)).toHaveLength(1);
    const panic = { stdout: '', stderr: 'panic: boom\n\ngoroutine 1', code: 2 };
    expect(differences(panic, { stdout: '', stderr: '', code: 2, message: 'panic: boom' }, true)).toEqual([]);
    expect(differences(panic, { stdout: '', stderr: '', code: 2, message: 'panic: bang' }, true)).toHaveLength(1);
  });
});

describe('heap sizes must move the same way', () => {
  // ch2's program: natively (first) and in the interpreter before its map was a global (second).
  const go = 'full    len=1000000  live heap  58.9 MiB  scannable  56.1 MiB\ndeleted len=  10000  live heap  36.3 MiB  scannable  36.2 MiB\nrebuilt len=  10000  live heap   0.6 MiB  scannable   0.6 MiB\n';
  it('a heap that is freed natively but kept in the runner is a difference', () => {
    const kept = 'full    len=1000000  live heap  60.2 MiB  scannable  44.8 MiB\ndeleted len=  10000  live heap  37.5 MiB  scannable  37.2 MiB\nrebuilt len=  10000  live heap  37.8 MiB  scannable  37.5 MiB\n';
    const d = sizeTrendDifferences(go, kept);
    expect(d).toHaveLength(3); // live heap after the rebuild; scannable after the delete and after the rebuild
    expect(d[0]).toMatch(/goes down natively but flat in the runner/);
    expect(differences({ stdout: go, stderr: '', code: 0 }, { stdout: kept, stderr: '', code: 0 }, true)).toHaveLength(3);
  });
  it('different amounts in the same direction are not', () => {
    const alsoFreed = 'full    len=1000000  live heap  71.0 MiB  scannable  50.1 MiB\ndeleted len=  10000  live heap  40.3 MiB  scannable  38.0 MiB\nrebuilt len=  10000  live heap   1.9 MiB  scannable   1.2 MiB\n';
    expect(sizeTrendDifferences(go, alsoFreed)).toEqual([]);
    expect(sizeTrendDifferences('a 0.0 MiB\nb 0.1 MiB\n', 'a 0.1 MiB\nb 0.0 MiB\n')).toEqual([]); // below the floor
    expect(sizeTrendDifferences('took 3 ms\ntook 90 ms\n', 'took 90 ms\ntook 3 ms\n')).toEqual([]); // times are not sizes
  });
});

describe('known.ts', () => {
  it('normalises line ends, trailing spaces and blank edges only', () => {
    expect(normaliseSource('\n\npackage main  \r\nfunc main() {}\t\n\n')).toBe('package main\nfunc main() {}\n');
    expect(normaliseSource('a\n\tb')).toBe('a\n\tb\n');
  });

  it('hashes like scripts/build-runner.mjs (the manifest and RunHere must agree)', async () => {
    const src = readFileSync(path.join(root, 'playground/conformance/cases/maps.go'), 'utf8');
    const fromScript = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import { hashSource } from ${JSON.stringify(path.join(root, 'scripts/build-runner.mjs'))}; process.stdout.write(hashSource(process.argv[1]))`, src + '  \n\n'],
      { encoding: 'utf8' },
    );
    expect(fromScript).toBe(await sourceHash(src));
    expect(await sourceHash(src)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives slow programs a longer watchdog and toolchain-only programs their reason', () => {
    const known = { book: { a: { what: 'crashes' } }, slow: { b: { interpreterMs: 12_300 } } };
    expect(verdictFor('a', known)).toMatchObject({ toolchainOnly: true, what: 'crashes' });
    expect(timeoutFor(verdictFor('b', known), 20_000)).toBe(37_000);
    expect(timeoutFor(verdictFor('c', known), 20_000)).toBe(20_000);
  });
});
