/**
 * The page's one Go runner, shared by the playground and every RunHere of a page. Loaded with dynamic
 * `import()` on the first Run, so a page that never runs anything fetches neither this module, the
 * worker, nor the wasm.
 *
 * Files come from /go/manifest.json (scripts/build-runner.mjs): hashed names, so they can be cached
 * forever. A failed start (network, a missing file) drops the runner, and the next Run tries again from
 * the beginning; the reader's code is never touched by any of this.
 */
import { GoRunner, DEFAULT_LIMITS, DEFAULT_TIMEOUT_MS, type RunEvent, type RunOptions, type WorkerLike } from '../../lib/go-runner/client';
import type { VersionInfo } from '../../lib/go-runner/protocol';

export { DEFAULT_LIMITS, DEFAULT_TIMEOUT_MS, type RunEvent, type VersionInfo };

export interface Manifest {
  go: string;
  yaegi: string;
  runner: { file: string; bytes: number; br?: number };
  wasmExec: { file: string };
  experiments: Record<string, { file: string; bytes: number; br?: number }>;
  toolchainOnly: string[];
  slow: Record<string, number>;
}

const base = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}go/`;

let manifestPromise: Promise<Manifest> | null = null;
export function manifest(): Promise<Manifest> {
  manifestPromise ??= fetch(base + 'manifest.json').then(async (r) => {
    if (!r.ok) throw new Error(`${base}manifest.json: HTTP ${r.status}`);
    return (await r.json()) as Manifest;
  });
  manifestPromise.catch(() => (manifestPromise = null));
  return manifestPromise;
}

let runner: GoRunner | null = null;

export function getRunner(): GoRunner {
  runner ??= new GoRunner({
    files: async () => {
      const m = await manifest();
      return { runner: base + m.runner.file, wasmExec: base + m.wasmExec.file };
    },
    // A DOM Worker has the members WorkerLike names; its event type is wider than WorkerLike's.
    spawn: () => new Worker(new URL('../../worker/go-runner.worker.ts', import.meta.url), { type: 'module', name: 'go-runner' }) as unknown as WorkerLike,
  });
  return runner;
}

/** After a run that failed to start the runner: forget it, so the next run starts from scratch. */
function dropIfBroken(ev: RunEvent) {
  if (ev.kind === 'exit' && ev.reason === 'worker' && runner) {
    runner.dispose();
    runner = null;
  }
}

async function* watched(events: AsyncIterable<RunEvent>): AsyncIterable<RunEvent> {
  for await (const ev of events) {
    dropIfBroken(ev);
    yield ev;
  }
}

export function run(code: string, o: RunOptions): AsyncIterable<RunEvent> {
  return watched(getRunner().run(code, o));
}

export async function runExperiment(name: string, o: RunOptions): Promise<AsyncIterable<RunEvent>> {
  const m = await manifest();
  const exp = m.experiments[name];
  if (!exp) throw new Error(`no experiment “${name}” in this build`);
  return watched(getRunner().runExact(base + exp.file, o));
}

export function stop() {
  runner?.stop();
}

/** Starts the runner (fetch and compile the wasm on the first call) and resolves with its versions. */
export async function ready(): Promise<VersionInfo> {
  const r = getRunner();
  try {
    return await r.start();
  } catch (e) {
    if (runner === r) {
      r.dispose();
      runner = null;
    }
    throw e;
  }
}

/** gofmt in the runner (go/format), so Format also loads the runner on first use. */
export async function format(code: string): Promise<string> {
  await ready();
  return getRunner().format(code);
}
