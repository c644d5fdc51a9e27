/**
 * The Go runner's Web Worker (a module worker). It only wires the browser to RunnerHost
 * (go-runner-core.ts): Go's wasm_exec.js is loaded with a dynamic import (it is a plain script
 * that sets globalThis.Go; module workers have no importScripts), and modules are compiled with
 * compileStreaming so the browser can cache the compiled code.
 */
import { RunnerHost } from './go-runner-core';
import type { PageToWorker, WorkerToPage } from '../lib/go-runner/protocol';

const scope = self as unknown as {
  postMessage(m: WorkerToPage): void;
  onmessage: ((e: MessageEvent<PageToWorker>) => void) | null;
  addEventListener(t: 'error' | 'unhandledrejection', f: (e: Event) => void): void;
};

const host = new RunnerHost({
  post: (m) => scope.postMessage(m),
  loadShim: async (url) => {
    await import(/* @vite-ignore */ url);
  },
  compile: async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
    return WebAssembly.compileStreaming(res);
  },
});

// Messages are handled one after another: a run's `await`s must not let the next message start.
let queue = Promise.resolve();
scope.onmessage = (e) => {
  queue = queue.then(() => host.handle(e.data));
};

// A throw from inside Go's event loop lands here: the memory-limit check unwinds the wasm stack there
// (the page has already been told through a `limit` message), and so does a program whose recursion
// overflowed the browser's call stack while Go was resumed by a timer (the host ends that run).
scope.addEventListener('error', (e) => {
  e.preventDefault();
  host.uncaught((e as ErrorEvent).error ?? new Error((e as ErrorEvent).message));
});
scope.addEventListener('unhandledrejection', (e) => e.preventDefault());
