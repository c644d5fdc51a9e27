// The CLI contract of calibration/FORMAT.md: JSON only on stdout, JSON Lines for arrays, exit 2 naming the field.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIELD_DOCS } from '../../src/sim/scenario';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');

function sim(args: string[], input?: string) {
  const r = spawnSync(tsx, [join(root, 'src/sim/cli.ts'), ...args], { cwd: root, encoding: 'utf8', input, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run sim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));

  it('prints one JSON result for one scenario, and JSON Lines for an array', () => {
    const one = join(dir, 'one.json');
    writeFileSync(one, JSON.stringify({ n: 2000, deleteRatio: 0.5, forcedGcRuns: 1 }));
    const r1 = sim(['--scenario', one]);
    expect(r1.status).toBe(0);
    const out = JSON.parse(r1.stdout);
    expect(out.phases.map((p: { phase: string }) => p.phase)).toEqual(['start', 'insert', 'delete', 'gc']);
    expect(out.source).toMatch(/^sim /);

    const many = join(dir, 'many.json');
    writeFileSync(many, JSON.stringify([{ n: 1000 }, { n: 500, impl: 'swiss' }]));
    const r2 = sim(['--scenario', many, '--forcedGcRuns', '0']);
    expect(r2.status).toBe(0);
    const lines = r2.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.scenario.n, l.scenario.impl, l.scenario.forcedGcRuns])).toEqual([
      [1000, 'classic', 0],
      [500, 'swiss', 0],
    ]);
  });

  it('prints the tts block of a harness tts scenario (mode tts)', () => {
    const r = sim(['--mode', 'tts', '--tts.op', 'clear', '--tts.hint', '1e5', '--tts.gcs', '2', '--quiet']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.phases).toEqual([]);
    expect(out.tts.gcWallNs.length).toBe(2);
    expect(out.tts.pauseNs.length).toBeGreaterThanOrEqual(2);
  });

  it('builds the scenario from flags, nested ones included, and reads stdin', () => {
    const r = sim(['--n', '1e3', '--rebuild.threshold', '0', '--rebuild.hint', 'half', '--forcedGcRuns', '0']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).scenario.rebuild).toEqual({ threshold: 0, hint: 'half' });
    const s = sim(['--scenario', '-'], '{"n": 100, "forcedGcRuns": 0}');
    expect(JSON.parse(s.stdout).scenario.n).toBe(100);
  });

  it('exits 2 with a message naming the field, and prints nothing on stdout', () => {
    const r = sim(['--n', '1e4', '--deleteRatio', '1.7']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('deleteRatio: 1.7 is out of range (expected 0..1)');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[{"n": 10}, {"impl": "hashmap"}]');
    const r2 = sim(['--scenario', bad]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain('scenario [1]: impl: "hashmap" is not one of "classic", "swiss"');
  });

  it('documents every field in --help', () => {
    const r = sim(['--help']);
    expect(r.status).toBe(0);
    for (const [field] of FIELD_DOCS) expect(r.stdout).toContain(`  ${field}`);
  });
});
