/**
 * The package list the playground page prints (build-info.ts, read from the symbol files at build time)
 * is the list the runner enforces (playground/runner Available(), through `yaegirun -packages`), and the
 * experiments' parameter forms (examples.ts) name real flags with the program's defaults.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserPackages } from '../../src/components/playground/build-info';
import { EXACT_EXAMPLES, INTERP_EXAMPLES } from '../../src/components/playground/examples';
import { root } from './node-host';

describe('the browser’s standard library', () => {
  it('the page lists exactly what the runner allows', () => {
    const fromGo = execFileSync('go', ['run', './cmd/yaegirun', '-packages'], { cwd: path.join(root, 'playground'), encoding: 'utf8' }).trim().split('\n');
    expect(browserPackages(root)).toEqual(fromGo);
    expect(fromGo).toContain('flag');
  });
});

/** Evaluates the default argument of a flag call: numbers (with `_` and `a<<b`), strings, booleans. */
function goValue(expr: string): string | number | boolean {
  const e = expr.trim();
  if (e === 'true' || e === 'false') return e === 'true';
  if (/^"/.test(e)) return JSON.parse(e) as string;
  const shift = /^(\d+)\s*<<\s*(\d+)$/.exec(e);
  if (shift) return Number(shift[1]) * 2 ** Number(shift[2]);
  return Number(e.replace(/_/g, ''));
}

describe('experiment parameters match the programs’ flags', () => {
  for (const ex of EXACT_EXAMPLES) {
    it(`${ex.experiment}: every parameter is a flag with the same default, and every flag has a parameter`, () => {
      const src = readFileSync(path.join(root, 'playground', 'experiments', ex.experiment, 'main.go'), 'utf8');
      const flags = new Map(
        [...src.matchAll(/flag\.(Int|Float64|String|Bool)\("(\w+)",\s*([^,]+),/g)].map((m) => [m[2], { kind: m[1], value: goValue(m[3]) }]),
      );
      expect([...flags.keys()].sort()).toEqual(ex.params.map((p) => p.name).sort());
      for (const p of ex.params) {
        const f = flags.get(p.name)!;
        expect(p.default, `${ex.experiment} -${p.name}`).toBe(f.value);
        const want = { int: 'Int', float: 'Float64', bool: 'Bool', choice: 'String', string: 'String' }[p.type];
        expect(f.kind, `${ex.experiment} -${p.name} type`).toBe(want);
      }
    });
  }

  it('every interpreted example exists among the conformance programs', () => {
    for (const e of INTERP_EXAMPLES) expect(() => readFileSync(path.join(root, 'playground', 'conformance', 'examples', e.file))).not.toThrow();
  });
});
