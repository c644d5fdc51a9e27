/**
 * Runs the Go program in ./swissbytes (measures built-in map bytes on the installed Go) when a Go
 * toolchain with Swiss maps (>= 1.24) is on PATH. Returns null, with the reason, when it cannot.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface GoRow {
  kind: 'make' | 'grow' | 'churn';
  type: string;
  n: number;
  live?: number;
  bytes: number;
}

export function goVersion(): string | null {
  try {
    return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch {
    return null;
  }
}

export function hasSwissGo(): boolean {
  const m = /^go1\.(\d+)/.exec(goVersion() ?? '');
  return m !== null && Number(m[1]) >= 24;
}

export function measureSwissBytes(): { go: string; rows: GoRow[] } {
  const dir = fileURLToPath(new URL('./swissbytes/', import.meta.url));
  const out = execFileSync('go', ['run', '.'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, GOFLAGS: '-mod=mod' } });
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  return { go: lines[0].go as string, rows: lines.slice(1) as GoRow[] };
}
