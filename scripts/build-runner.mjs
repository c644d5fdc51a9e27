#!/usr/bin/env node
// Builds the browser Go runner and the exact-mode experiments into public/go/.
//
//   node scripts/build-runner.mjs [--force] [--no-compress]
//
// What it writes (public/go/ is gitignored, so every build produces it):
//   runner.<hash>.wasm               yaegi + curated stdlib (playground/cmd/runner), GOOS=js GOARCH=wasm
//   exp-<name>.<hash>.wasm           each playground/experiments/<name>, compiled Go (exact mode)
//   wasm_exec.<hash>.js              Go's JS shim from $(go env GOROOT)/lib/wasm/
//   *.br, *.gz                       precompressed copies for hosts that serve them
//   manifest.json                    file names, sizes, Go and yaegi versions, the input hash, and the
//                                    known-difference lists (toolchainOnly, slow; refreshed every run)
//
// Caching: the input hash covers the Go sources of playground/ (not the
// conformance programs), go.mod/go.sum, `go version` and this script. When
// public/go/manifest.json already has that hash, nothing is done; otherwise
// a finished build is kept in .cache/go-runner/<hash>/ and copied back.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pg = path.join(root, 'playground');
const outDir = path.join(root, 'public', 'go');
const args = new Set(process.argv.slice(2));
const log = (...a) => console.error('[build-runner]', ...a);

function go(argv, opts = {}) {
  return execFileSync('go', argv, { cwd: pg, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts }).trim();
}

function goVersion() {
  try {
    return go(['env', 'GOVERSION']);
  } catch {
    console.error(
      'build-runner: the Go toolchain was not found (`go` is not on PATH).\n' +
        'The browser runner is built from playground/ with GOOS=js GOARCH=wasm and needs Go 1.24 or newer\n' +
        '(Swiss maps; lib/wasm/wasm_exec.js). Install Go and run `npm run build:runner` again.',
    );
    process.exit(1);
  }
}

/** Every Go input of the wasm builds, sorted, relative to playground/. */
function inputFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const rel = path.relative(pg, p);
      if (e.isDirectory()) {
        if (rel === 'conformance') continue; // programs under test, not runner inputs
        walk(p);
      } else if (/\.(go|mod|sum|version)$/.test(e.name)) out.push(rel);
    }
  };
  walk(pg);
  return out.sort();
}

function inputHash(version) {
  const h = createHash('sha256');
  h.update(version + '\0');
  h.update(fs.readFileSync(new URL(import.meta.url)));
  for (const f of inputFiles()) h.update(f + '\0').update(fs.readFileSync(path.join(pg, f)));
  return h.digest('hex').slice(0, 16);
}

const contentHash = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 10);

/** Regenerates the yaegi symbol files when the toolchain's minor version changed. */
function ensureSymbols(version) {
  const have = fs.readFileSync(path.join(pg, 'symbols', 'go.version'), 'utf8').trim();
  const minor = (v) => v.split('.').slice(0, 2).join('.');
  if (minor(have) !== minor(version)) {
    log(`symbols were extracted from ${have}; regenerating for ${version}`);
    go(['generate', './symbols']);
  }
}

function buildWasm(pkg, tmp) {
  const file = path.join(tmp, 'out.wasm');
  go(['build', '-trimpath', '-ldflags=-s -w', '-o', file, pkg], {
    env: { ...process.env, GOOS: 'js', GOARCH: 'wasm', CGO_ENABLED: '0' },
  });
  return fs.readFileSync(file);
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

async function compress(buf) {
  const [br, gz] = await Promise.all([
    brotli(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }),
    gzip(buf, { level: 9 }),
  ]);
  return { br, gz };
}

async function build(version, hash, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(dir, '.tmp-'));
  const files = [];
  const add = (logical, base, ext, buf) => {
    const name = `${base}.${contentHash(buf)}${ext}`;
    fs.writeFileSync(path.join(dir, name), buf);
    files.push({ logical, name, bytes: buf.length, buf });
    return name;
  };
  const t0 = Date.now();
  add('runner', 'runner', '.wasm', buildWasm('./cmd/runner', tmp));
  log(`runner built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const experiments = fs
    .readdirSync(path.join(pg, 'experiments'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(pg, 'experiments', e.name, 'main.go')))
    .map((e) => e.name)
    .sort();
  for (const name of experiments) add(`exp:${name}`, `exp-${name}`, '.wasm', buildWasm(`./experiments/${name}`, tmp));
  log(`${experiments.length} experiments built`);
  const goroot = go(['env', 'GOROOT']);
  add('wasm_exec', 'wasm_exec', '.js', fs.readFileSync(path.join(goroot, 'lib', 'wasm', 'wasm_exec.js')));
  fs.rmSync(tmp, { recursive: true, force: true });

  const manifestFiles = {};
  const experimentsOut = {};
  for (const f of files) {
    const entry = { file: f.name, bytes: f.bytes };
    if (!args.has('--no-compress')) {
      const { br, gz } = await compress(f.buf);
      fs.writeFileSync(path.join(dir, f.name + '.br'), br);
      fs.writeFileSync(path.join(dir, f.name + '.gz'), gz);
      Object.assign(entry, { br: br.length, gz: gz.length });
    }
    if (f.logical.startsWith('exp:')) experimentsOut[f.logical.slice(4)] = entry;
    else manifestFiles[f.logical] = entry;
  }
  const yaegi = /github\.com\/traefik\/yaegi (v\S+)/.exec(fs.readFileSync(path.join(pg, 'go.mod'), 'utf8'))?.[1] ?? 'unknown';
  const manifest = {
    version: 1,
    inputHash: hash,
    go: version,
    yaegi,
    runner: manifestFiles.runner,
    wasmExec: manifestFiles.wasm_exec,
    experiments: experimentsOut,
    ...knownLists(),
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return manifest;
}

/**
 * The interpreter's known failures, for the UI: `toolchainOnly` is the SHA-256 of the normalised source of
 * every program listed as a known difference (the book's by hash, the conformance cases by reading the
 * file), and `slow` maps a slow-tier program's hash to its measured interpreter time. The page hashes a
 * code block the same way (src/lib/go-runner/known.ts) and offers the full toolchain instead of "Run
 * here" on a match. Read from playground/conformance/known-differences.json on every run, because that
 * file is not a wasm input (it changes without a rebuild).
 */
function knownLists() {
  const known = JSON.parse(fs.readFileSync(path.join(pg, 'conformance', 'known-differences.json'), 'utf8'));
  const cases = Object.keys(known.cases)
    .map((rel) => path.join(pg, 'conformance', rel))
    .filter((p) => fs.existsSync(p))
    .map((p) => hashSource(fs.readFileSync(p, 'utf8')));
  const slow = Object.fromEntries(Object.entries(known.slow ?? {}).map(([h, v]) => [h, v.interpreterMs]));
  return { toolchainOnly: [...new Set([...cases, ...Object.keys(known.book ?? {})])].sort(), slow };
}

/** Same as src/lib/go-runner/known.ts: trailing spaces and blank edges do not count. */
export function normaliseSource(s) {
  return s.replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd()).join('\n').trim() + '\n';
}

export const hashSource = (s) => createHash('sha256').update(normaliseSource(s)).digest('hex');

/** Writes the current known lists into a manifest file when they changed. */
function refreshLists(file) {
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  const lists = knownLists();
  if (JSON.stringify([m.toolchainOnly, m.slow]) === JSON.stringify([lists.toolchainOnly, lists.slow])) return;
  fs.writeFileSync(file, JSON.stringify({ ...m, ...lists }, null, 2) + '\n');
  log(`known lists updated: ${lists.toolchainOnly.length} toolchain-only, ${Object.keys(lists.slow).length} slow`);
}

function copyDir(from, to) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from)) if (!f.startsWith('.')) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

async function main() {
  const version = goVersion();
  ensureSymbols(version);
  const hash = inputHash(version);
  const current = path.join(outDir, 'manifest.json');
  if (!args.has('--force') && fs.existsSync(current)) {
    const m = JSON.parse(fs.readFileSync(current, 'utf8'));
    const want = [m.runner, m.wasmExec, ...Object.values(m.experiments ?? {})];
    if (m.inputHash === hash && want.every((f) => f && fs.existsSync(path.join(outDir, f.file)))) {
      log(`up to date (${hash}, ${version})`);
      refreshLists(current);
      return;
    }
  }
  const cached = path.join(root, '.cache', 'go-runner', hash);
  if (!args.has('--force') && fs.existsSync(path.join(cached, 'manifest.json'))) {
    copyDir(cached, outDir);
    log(`restored from .cache/go-runner/${hash}`);
    refreshLists(current);
    return;
  }
  log(`building ${hash} with ${version}`);
  const manifest = await build(version, hash, cached);
  copyDir(cached, outDir);
  const r = manifest.runner;
  log(`runner ${r.file}: ${r.bytes} B raw, ${r.br ?? '-'} B brotli, ${r.gz ?? '-'} B gzip`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error('build-runner:', e.message ?? e);
    process.exit(1);
  });
}
