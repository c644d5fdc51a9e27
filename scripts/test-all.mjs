// `npm test`: every test of the project, in order, with a summary line. Stops at nothing: each step
// runs, and the exit code is non-zero if any failed. Steps whose folder does not exist yet are skipped
// and say so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  { name: 'types: src/sim (no DOM)', cmd: 'npx tsc -p src/sim/tsconfig.json' },
  { name: 'unit, property and comparison tests (vitest)', cmd: 'npx vitest run' },
  { name: 'calibration subset on real Go', cmd: 'calibration/ci.sh', needs: 'calibration/ci.sh' },
  { name: 'production build', cmd: 'npm run build' },
  { name: 'browser tests (Playwright + Chromium)', cmd: 'npx playwright test' },
];

const results = [];
for (const step of steps) {
  if (step.needs && !existsSync(step.needs)) {
    console.log(`\n=== ${step.name}: skipped (${step.needs} not present)`);
    results.push({ ...step, status: 'skipped', seconds: 0 });
    continue;
  }
  console.log(`\n=== ${step.name}: ${step.cmd}`);
  const t0 = performance.now();
  const r = spawnSync(step.cmd, { shell: true, stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  const seconds = (performance.now() - t0) / 1000;
  results.push({ ...step, status: r.status === 0 ? 'passed' : 'failed', seconds });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.status.padEnd(7)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}`);
const failed = results.filter((r) => r.status === 'failed').length;
const passed = results.filter((r) => r.status === 'passed').length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
