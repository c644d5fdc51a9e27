/**
 * Naming a crash from Go's stderr (`classifyCrash` in src/worker/go-runner-core.ts). Go prints the line that
 * says what happened first and the goroutine tracebacks after; a stack overflow prints 100 frames of every
 * goroutine, far more than the 4 KB tail the worker keeps, so the worker keeps the report's first lines
 * apart and passes them first. The real programs run in tests/e2e/playground-hostile.spec.ts.
 */
import { expect, it } from 'vitest';
import { CALL_STACK_MESSAGE, classifyCrash } from '../../src/worker/go-runner-core';

const frames = (n: number) =>
  Array.from({ length: n }, (_, i) => `github.com/traefik/yaegi/interp.call.func9(0x${(0x1234000 + i).toString(16)})\n\t/yaegi/interp/run.go:1306 +0x${i.toString(16)}`).join('\n');

it('names a stack overflow whose report is longer than the tail', () => {
  const head = ['runtime: goroutine stack exceeds 268435456-byte limit', 'fatal error: stack overflow'];
  const tail = frames(200).slice(-4096);
  expect(tail).not.toContain('stack');
  expect(classifyCrash([...head, tail].join('\n'))).toEqual({ reason: 'stack-overflow', message: 'runtime: goroutine stack exceeds 268435456-byte limit' });
});

it('takes the last panic line: a program may print such text itself before it crashes', () => {
  const text = ['panic: only a log line the program wrote', 'panic: worker 7 failed', frames(3)].join('\n');
  expect(classifyCrash(text)).toEqual({ reason: 'crash', message: 'panic: worker 7 failed' });
});

it('falls back to a neutral message when nothing in stderr says what happened', () => {
  expect(classifyCrash(frames(2))).toEqual({ reason: 'crash', message: 'the Go process ended unexpectedly' });
});

it('names a program that overflowed the browser’s call stack (a RangeError out of the wasm) a stack overflow', () => {
  expect(classifyCrash(frames(2), new RangeError('Maximum call stack size exceeded'))).toEqual({ reason: 'stack-overflow', message: CALL_STACK_MESSAGE });
});

it('drops the interpreter’s "[recovered, repanicked]" from a goroutine panic, and keeps it for compiled programs', () => {
  const text = `panic: worker 7 failed [recovered, repanicked]\n\n${frames(3)}`;
  expect(classifyCrash(text, undefined, true).message).toBe('panic: worker 7 failed');
  expect(classifyCrash(text).message).toBe('panic: worker 7 failed [recovered, repanicked]');
});
