/**
 * Build-time facts for the Astro components (Node only): the Go and yaegi versions of the runner, from
 * public/go/manifest.json (scripts/build-runner.mjs runs before `astro build`), or, in a dev server
 * without a runner build, from the toolchain the stdlib symbols were made with and playground/go.mod.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function runnerVersions(root = process.cwd()): { go: string; yaegi: string } {
  const manifestFile = path.join(root, 'public', 'go', 'manifest.json');
  const m = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as { go?: string; yaegi?: string }) : {};
  const go = m.go ?? readFileSync(path.join(root, 'playground', 'symbols', 'go.version'), 'utf8').trim();
  const yaegi = m.yaegi ?? /github\.com\/traefik\/yaegi (v\S+)/.exec(readFileSync(path.join(root, 'playground', 'go.mod'), 'utf8'))?.[1] ?? 'unknown';
  return { go: go.replace(/^go/, ''), yaegi };
}

/**
 * The import paths a program may use in the browser, as playground/runner's Available() computes them:
 * every package of the extracted symbol files (`Symbols["path/name"]`), yaegi's own generic sources (cmp,
 * maps, slices), and unsafe, weak and unique. tests/runner/packages.test.ts holds the two lists together.
 */
export function browserPackages(root = process.cwd()): string[] {
  const dir = path.join(root, 'playground', 'symbols');
  const seen = new Set(['unsafe', 'weak', 'unique', 'cmp', 'maps', 'slices']);
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.go')) continue;
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/Symbols\["([^"]+)\/[^"/]+"\] = /g)) seen.add(m[1]);
  }
  return [...seen].filter((p) => !p.startsWith('gomapgclab/')).sort();
}
