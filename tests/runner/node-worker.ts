/**
 * The Node twin of src/worker/go-runner.worker.ts: the same RunnerHost in a worker thread, so the
 * tests drive the real runner wasm, the real wasm_exec.js and the real client without a browser.
 * Paths are file paths instead of URLs.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { RunnerHost } from '../../src/worker/go-runner-core';
import type { PageToWorker } from '../../src/lib/go-runner/protocol';

const port = parentPort!;
const host = new RunnerHost({
  post: (m) => port.postMessage(m),
  loadShim: async (file) => {
    await import(pathToFileURL(file).href);
  },
  compile: async (file) => WebAssembly.compile(await readFile(file)),
});

let queue = Promise.resolve();
port.on('message', (m: PageToWorker) => {
  queue = queue.then(() => host.handle(m));
});
process.on('uncaughtException', (e) => void host.uncaught(e)); // see go-runner.worker.ts
process.on('unhandledRejection', () => {});
