/**
 * Test helpers: a GoRunner whose worker is a Node worker thread running the same RunnerHost as the
 * browser worker, on the files that scripts/build-runner.mjs put in public/go/.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { GoRunner, type WorkerLike } from '../../src/lib/go-runner/client';
import type { Limits, PageToWorker, WorkerToPage } from '../../src/lib/go-runner/protocol';

export const root = path.resolve(import.meta.dirname, '../..');
const pub = path.join(root, 'public', 'go');

export interface Manifest {
  go: string;
  yaegi: string;
  runner: { file: string; bytes: number; br?: number };
  wasmExec: { file: string };
  experiments: Record<string, { file: string }>;
  toolchainOnly: string[];
}

/** Builds the runner if its inputs changed (cached: a no-op when they did not). */
export function buildRunner(): Manifest {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-runner.mjs')], { stdio: 'inherit' });
  return JSON.parse(readFileSync(path.join(pub, 'manifest.json'), 'utf8')) as Manifest;
}

class NodeWorker implements WorkerLike {
  onmessage: ((e: { data: WorkerToPage }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  private w = new Worker(path.join(import.meta.dirname, 'node-worker.ts'), { execArgv: ['--import', 'tsx'] });
  constructor() {
    this.w.on('message', (data: WorkerToPage) => this.onmessage?.({ data }));
    this.w.on('error', (e) => this.onerror?.(e));
  }
  postMessage(m: PageToWorker) {
    this.w.postMessage(m);
  }
  terminate() {
    void this.w.terminate();
  }
}

export function nodeRunner(m: Manifest, limits?: Partial<Limits>) {
  return new GoRunner({
    files: { runner: path.join(pub, m.runner.file), wasmExec: path.join(pub, m.wasmExec.file) },
    spawn: () => new NodeWorker(),
    limits,
  });
}

export const experimentPath = (m: Manifest, name: string) => path.join(pub, m.experiments[name]!.file);
