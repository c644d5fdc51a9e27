/**
 * Command line of the simulator (calibration/FORMAT.md, "The simulator's command line").
 *
 *   npm run --silent sim -- --scenario FILE        one scenario → one JSON object; an array → JSON Lines
 *   npm run --silent sim -- --n 1e6 --deleteRatio 0.9 --rebuild.threshold 0.3
 *   npm run --silent sim -- --help
 *
 * Rules:
 *   1. stdout carries only JSON; messages (warnings, progress) go to stderr.
 *   2. An invalid scenario exits with status 2 and one line per problem, naming the field; other failures
 *      exit with status 1.
 *   3. Flags override fields of the file; nested fields use dots (`--churn.ttlMs 333`); `--rebuild off`
 *      switches a block off. Values are read by the same schema as every other input (scenario.ts).
 */
import { readFileSync } from 'node:fs';
import { FIELD_DOCS, parseScenario, type Scenario } from './scenario';
import { simulate, SIM_VERSION, type SimResult } from './run';

const HELP = `Go map/GC simulator ${SIM_VERSION}: runs a scenario and prints the result as JSON (calibration/FORMAT.md).

Usage:
  npm run --silent sim -- --scenario FILE      FILE holds one scenario object, or an array (JSON Lines out)
  npm run --silent sim -- --scenario -         read the scenario from stdin
  npm run --silent sim -- [--field value ...]  build the scenario from flags (defaults fill the rest)

Options:
  --scenario FILE   scenario JSON (flags given as well override its fields, for every scenario in an array)
  --series          include the time series ("series") in each result
  --trace           include the event trace ("trace") in each result
  --quiet           no warnings on stderr
  --help            this text

Scenario fields (flags: --field value; nested: --rebuild.threshold 0.3, --churn.ttlMs 333; off: --rebuild off):
${FIELD_DOCS.map(([f, accepted, meaning]) => `  ${f.padEnd(16)}${accepted}\n  ${''.padEnd(16)}${meaning}`).join('\n')}

Output: one object per scenario: {scenario, source, phases, cycles, summary, warnings, costs}, plus tts
(mode tts: the harness's tts fields, pauses and time to stop per cycle). Sizes are bytes, times nanoseconds of
simulated time. Exit status: 0 ok, 2 invalid scenario, 1 other error.
`;

class UsageError extends Error {}

interface Args {
  file: string | null;
  fields: Record<string, unknown>;
  series: boolean;
  trace: boolean;
  quiet: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { file: null, fields: {}, series: false, trace: false, quiet: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') a.help = true;
    else if (arg === '--series') a.series = true;
    else if (arg === '--trace') a.trace = true;
    else if (arg === '--quiet') a.quiet = true;
    else if (arg.startsWith('--')) {
      let name = arg.slice(2);
      let value: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.slice(eq + 1);
        name = name.slice(0, eq);
      } else {
        value = argv[++i];
      }
      if (value === undefined) throw new UsageError(`${arg}: missing value`);
      if (name === 'scenario') {
        a.file = value;
        continue;
      }
      setPath(a.fields, name.split('.'), value);
    } else {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (see --help)`);
    }
  }
  return a;
}

function setPath(obj: Record<string, unknown>, path: string[], value: string): void {
  let o = obj;
  for (const p of path.slice(0, -1)) {
    if (o[p] === null || typeof o[p] !== 'object') o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  // `true`/`false` only for the boolean field; the schema reads numbers from text (scenario rule 3).
  o[last] = value === 'true' ? true : value === 'false' ? false : value;
}

/** Flags over file fields, block by block. */
function merge(base: unknown, over: Record<string, unknown>): unknown {
  if (base === null || typeof base !== 'object' || Array.isArray(base)) return { ...over };
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v !== null && typeof v === 'object' && b !== null && typeof b === 'object' ? { ...b, ...v } : v;
  }
  return out;
}

function output(r: SimResult, a: Args): Record<string, unknown> {
  const o: Record<string, unknown> = {
    scenario: r.scenario,
    source: r.source,
    phases: r.phases,
    cycles: r.cycles,
    summary: r.summary,
    warnings: r.warnings,
    costs: r.costs,
  };
  if (r.tts) o.tts = r.tts;
  if (a.series) o.series = r.series;
  if (a.trace) {
    o.trace = r.trace;
    o.traceDropped = r.traceDropped;
  }
  return o;
}

function main(argv: string[]): number {
  let a: Args;
  try {
    a = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`sim: ${(e as Error).message}\n`);
    return 2;
  }
  if (a.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let inputs: unknown[] = [{}];
  let many = false;
  if (a.file !== null) {
    let text: string;
    try {
      text = readFileSync(a.file === '-' ? 0 : a.file, 'utf8');
    } catch (e) {
      process.stderr.write(`sim: cannot read ${a.file}: ${(e as Error).message}\n`);
      return 1;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      process.stderr.write(`sim: ${a.file}: not valid JSON (${(e as Error).message})\n`);
      return 2;
    }
    many = Array.isArray(parsed);
    inputs = many ? (parsed as unknown[]) : [parsed];
  }
  const scenarios: Scenario[] = [];
  let bad = false;
  inputs.forEach((input, i) => {
    const r = parseScenario(merge(input, a.fields));
    const where = many ? `scenario [${i}]: ` : '';
    if (!r.ok) {
      bad = true;
      for (const e of r.errors) process.stderr.write(`sim: invalid ${where}${e}\n`);
      return;
    }
    if (!a.quiet) for (const w of r.warnings) process.stderr.write(`sim: warning: ${where}${w}\n`);
    scenarios.push(r.scenario);
  });
  if (bad) return 2;
  for (const s of scenarios) {
    const r = simulate(s);
    if (!a.quiet) for (const w of r.warnings) process.stderr.write(`sim: warning: ${w}\n`);
    const o = output(r, a);
    process.stdout.write(many ? `${JSON.stringify(o)}\n` : `${JSON.stringify(o, null, 2)}\n`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`sim: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
}
