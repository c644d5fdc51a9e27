/**
 * Hostile programs end with a clear message, and the next run works: the watchdog kills an
 * infinite loop, the memory and output limits stop runaway programs, a panic in a goroutine is
 * reported, and format() is gofmt. Limits are small here to keep the tests fast.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collect, type GoRunner } from '../../src/lib/go-runner/client';
import { buildRunner, nodeRunner } from './node-host';

let runner: GoRunner;
beforeAll(async () => {
  runner = nodeRunner(buildRunner(), { outputBytes: 64 << 10, memoryBytes: 256 << 20 });
  await runner.start();
}, 170_000);
afterAll(() => runner?.dispose());

const prog = (body: string, imports = '"fmt"') => `package main\nimport (${imports})\nfunc main() {\n${body}\n}\n`;
const hello = prog('fmt.Println("hello")');

async function expectHealthy() {
  const r = await collect(runner.run(hello));
  expect(r.stdout).toBe('hello\n');
  expect(r.exit?.exitCode).toBe(0);
}

it('streams output before the run ends', async () => {
  const seen: string[] = [];
  for await (const ev of runner.run(prog('fmt.Println("first")\ntime.Sleep(300 * time.Millisecond)\nfmt.Println("second")', '"fmt"; "time"'))) {
    if (ev.kind === 'stdout') seen.push(ev.text);
  }
  expect(seen).toEqual(['first\n', 'second\n']);
});

it('stops an infinite loop with the watchdog, then runs again', async () => {
  const r = await collect(runner.run(prog('n := 0\nfor {\nn++\n}', ''), { timeoutMs: 1500 }));
  expect(r.error).toMatchObject({ reason: 'timeout', message: 'stopped after 1.5 s' });
  await expectHealthy();
}, 30_000);

it('stops runaway allocation at the memory limit, then runs again', async () => {
  const r = await collect(runner.run(prog('var keep [][]byte\nfor {\nkeep = append(keep, make([]byte, 8<<20))\n}', ''), { timeoutMs: 20_000 }));
  expect(r.error?.reason).toBe('out-of-memory');
  expect(r.error?.message).toMatch(/more than 256 MiB/);
  await expectHealthy();
}, 40_000);

it('stops an output flood at the output limit, then runs again', async () => {
  const r = await collect(runner.run(prog('for {\nfmt.Println("flood flood flood flood")\n}'), { timeoutMs: 20_000 }));
  expect(r.error?.reason).toBe('output-limit');
  expect(r.stdout.length).toBeLessThanOrEqual(64 << 10);
  expect(r.stdout.length).toBeGreaterThan(1000);
  await expectHealthy();
}, 40_000);

it('reports a panic in a goroutine as a crash with Go’s message, then runs again', async () => {
  const r = await collect(runner.run(prog('go func() { panic("boom") }()\ntime.Sleep(time.Second)\nfmt.Println("not reached")', '"fmt"; "time"')));
  expect(r.stdout).not.toContain('not reached');
  expect(r.error?.message).toContain('panic: boom');
  expect(r.exit?.exitCode).toBe(2);
  await expectHealthy();
}, 30_000);

it('ends deep recursion as a stack overflow, then runs again in a fresh process', async () => {
  // Go's calls are WebAssembly calls: the host's own call stack overflows (RangeError) long before Go's
  // 256 MiB goroutine stack limit would.
  const r = await collect(runner.run(`${prog('fmt.Println(depth(0))')}\nfunc depth(n int) int { return depth(n+1) + 1 }\n`));
  expect(r.error?.reason).toBe('stack-overflow');
  expect(r.error?.message).toMatch(/call stack|goroutine stack exceeds/);
  await expectHealthy();
}, 30_000);

it('reports a panic in main with exit status 2', async () => {
  const r = await collect(runner.run(prog('panic("bad input")', '')));
  expect(r.error).toMatchObject({ reason: 'panic', message: 'panic: bad input' });
  expect(r.exit?.exitCode).toBe(2);
});

it('names a package the runner lacks', async () => {
  const r = await collect(runner.run(prog('http.Get("x")', '"net/http"')));
  expect(r.error?.reason).toBe('unavailable-package');
  expect(r.error?.message).toMatch(/package net\/http is not available in the browser runner.*go\.dev\/play/);
});

it('ends leaked goroutines at exit like Go, then runs again', async () => {
  const r = await collect(runner.run(prog('go func() { time.Sleep(time.Hour) }()\nfmt.Println("main done")', '"fmt"; "time"')));
  expect(r.exit?.leakedGoroutines).toBe(1);
  expect(r.stderr).toBe(''); // Go prints nothing for them; the page says it (diagnostics.ts leakedLine)
  await expectHealthy();
}, 30_000);

it('emits gctrace cycles as gc events', async () => {
  const r = await collect(runner.run(prog('runtime.GC()\nruntime.GC()', '"runtime"')));
  expect(r.gc.length).toBeGreaterThanOrEqual(2);
  expect(r.gc.at(-1)?.forced).toBe(true);
  expect(r.gc.at(-1)?.procs).toBe(1); // js/wasm has one P
});

it('formats with go/format and reports syntax errors', async () => {
  expect(await runner.format('package main\nfunc main(){x:=1\n_ = x}\n')).toBe('package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n');
  await expect(runner.format('package main\nfunc main() {')).rejects.toThrow(/expected/);
});

it('reports the Go and yaegi versions', async () => {
  const v = await runner.version();
  expect(v.go).toMatch(/^go1\.2[4-9]/);
  expect(v.yaegi).toBe('v0.16.1');
  expect(v.arch).toBe('js/wasm');
});
