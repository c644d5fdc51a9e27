/**
 * Messages between the page (src/lib/go-runner/client.ts) and the Go runner worker
 * (src/worker/go-runner.worker.ts, logic in src/worker/go-runner-core.ts). docs/go-runner.md
 * describes each one and the order they come in.
 */
import type { GcCycle } from '../gctrace';

/** Where the worker finds the runner files (from public/go/manifest.json). */
export interface RunnerFiles {
  /** URL of the interpreter wasm (runner.<hash>.wasm). */
  runner: string;
  /** URL of Go's wasm_exec.js. */
  wasmExec: string;
}

export interface Limits {
  /** Bytes of program output (stdout + stderr, not gctrace) before the run is stopped. */
  outputBytes: number;
  /** Bytes of wasm linear memory before the run is stopped (Go's heap lives there). */
  memoryBytes: number;
}

export type PageToWorker =
  | { type: 'init'; files: RunnerFiles; limits: Limits }
  | { type: 'run'; id: number; code: string; env: Record<string, string>; args: string[] }
  | { type: 'exact'; id: number; url: string; env: Record<string, string>; args: string[] }
  | { type: 'format'; id: number; code: string };

/** runtime.MemStats fields the runner reports around an interpreted run. */
export interface MemStatsLite {
  heapAlloc: number;
  heapInuse: number;
  heapObjects: number;
  heapSys: number;
  sys: number;
  nextGC: number;
  totalAlloc: number;
  numGC: number;
  numForcedGC: number;
  pauseTotalNs: number;
}

export interface VersionInfo {
  go: string;
  yaegi: string;
  arch: string;
}

/** Why a run ended abnormally. */
export type StopReason =
  | 'compile' // the program did not compile
  | 'panic' // a panic reached main (or the interpreter panicked)
  | 'unavailable-package' // it imports a package the runner lacks
  | 'exit' // os.Exit with a non-zero status
  | 'crash' // the Go process died: panic in a goroutine, fatal error
  | 'out-of-memory' // the Go runtime ran out of memory, or the memory limit was hit
  | 'stack-overflow' // goroutine stack exceeded its limit (deep recursion)
  | 'deadlock' // every goroutine is blocked and nothing can wake them
  | 'output-limit' // too much output
  | 'timeout' // the page's watchdog stopped the worker
  | 'stopped' // the reader pressed Stop
  | 'worker'; // the worker itself failed (load error, ...)

export type WorkerToPage =
  | { type: 'ready'; version: VersionInfo; startMs: number }
  | { type: 'started'; id: number; memstats?: MemStatsLite }
  | { type: 'out'; id: number; fd: 1 | 2; text: string }
  | { type: 'gc'; id: number; cycle: GcCycle; line: string; sinceRunStartNs: number }
  | {
      type: 'exit';
      id: number;
      exitCode: number;
      reason?: StopReason;
      message?: string;
      leakedGoroutines?: number;
      memstats?: MemStatsLite;
      compileMs?: number;
      wallMs: number;
      memoryBytes: number;
    }
  | { type: 'limit'; id: number; reason: 'output-limit' | 'out-of-memory'; message: string }
  | { type: 'format-result'; id: number; code?: string; error?: string }
  | { type: 'fatal'; message: string };
