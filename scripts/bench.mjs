// `npm run bench`: every performance figure of DESIGN.md §7, measured on this machine against the
// production build, printed as a table with pass/fail and written to bench/results.json.
// Not part of `npm test` (timings are not tests). Build first: `npm run build`.
//
// Each part is a script that, given --figures, prints one JSON object on its last stdout line:
//   { "figures": [ { "name", "value", "unit", "budget"?, "pass"?, "runs"?, "spread"?, "detail"? } ] }
// A part that is missing or fails is reported as such; the run goes on.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { machine } from './bench/lib.mjs';

const parts = [
  { name: 'page weight', script: 'scripts/bench/page-weight.mjs' },
  { name: 'simulator vs real Go', script: 'scripts/sim-bench.mjs' },
  { name: 'lab latency', script: 'scripts/bench-lab.mjs' },
  { name: 'Go runner', script: 'scripts/bench-runner.mjs' },
];

if (!existsSync('dist/index.html')) {
  console.error('bench: no production build in dist/; run `npm run build` first');
  process.exit(2);
}

const figures = [];
const problems = [];
for (const part of parts) {
  if (!existsSync(part.script)) {
    problems.push(`${part.name}: ${part.script} not present`);
    continue;
  }
  console.error(`bench: ${part.name} (${part.script})…`);
  // tsx lets a part import the simulator's TypeScript directly; --figures asks for the JSON line.
  const r = spawnSync(process.execPath, ['--import', 'tsx', part.script, '--figures'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    if (r.status !== 0) throw new Error(`exit ${r.status}`);
    for (const f of JSON.parse(last).figures) figures.push({ part: part.name, ...f });
  } catch (e) {
    problems.push(`${part.name}: ${e instanceof Error ? e.message : e}`);
  }
}

const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v ?? ''));
const rows = figures.map((f) => [
  f.pass === true ? 'pass' : f.pass === false ? 'FAIL' : '-',
  f.name,
  `${fmt(f.value)} ${f.unit ?? ''}`.trim(),
  f.budget != null ? `${fmt(f.budget)} ${f.unit ?? ''}`.trim() : '',
  f.spread ?? '',
  f.runs ?? '',
]);
const head = ['', 'figure', 'value', 'budget', 'spread', 'runs'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
const m = machine();
console.log(`machine: ${m.cores} cores, ${m.cpu}, ${m.memGiB} GiB, ${m.os}, node ${m.node}, load average ${m.load}`);
console.log(line(head));
for (const r of rows) console.log(line(r));
for (const p of problems) console.log(`missing: ${p}`);

mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/results.json',
  JSON.stringify({ date: new Date().toISOString(), machine: m, figures, problems }, null, 2) + '\n',
);
console.log('written: bench/results.json');
