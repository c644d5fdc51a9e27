import { afterAll, beforeAll, expect, it } from 'vitest';
import { collect, type GoRunner } from '../../src/lib/go-runner/client';
import { buildRunner, nodeRunner } from './node-host';

let runner: GoRunner;
beforeAll(() => {
  runner = nodeRunner(buildRunner());
}, 170_000);
afterAll(() => runner?.dispose());

it('runs hello', async () => {
  const v = await runner.version();
  console.log(v, runner.lastStartMs);
  const r = await collect(runner.run('package main\nimport "fmt"\nfunc main() { fmt.Println("hello") }\n'));
  console.log(r);
  expect(r.stdout).toBe('hello\n');
});
