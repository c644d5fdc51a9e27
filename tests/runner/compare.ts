/**
 * How the conformance suite compares a native `go run` with the browser runner.
 *
 * Conformance cases (cases/) must match exactly. The book's programs print measurements (heap sizes,
 * pause times, cycle counts), which differ between any two runs, so for them every number is masked on
 * both sides, and so is the padding that `%7d`-style verbs add around it. What is left must be equal:
 * every word, every line, the order of lines and how many numbers each line has. A program whose text
 * depends on a measurement ("freed: true") still differs, as it should.
 *
 * Masking alone would hide what matters most in this book: whether memory is freed. So heap sizes
 * (numbers with a byte unit) must also move the same way: for each column (the n-th number of a line,
 * after the same word, e.g. "heap 36.3 MiB"), each step from one line to the next is "up", "down" or
 * "flat" (within 25 %), and the steps must agree. A rebuilt map that frees 36 MiB natively but keeps
 * it in the interpreter (liveness, KNOWN_DIFFERENCES.md) is a difference; 36.3 → 0.6 MiB natively and
 * 37.5 → 1.2 MiB in the runner is not.
 */

export interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
  /** The runner's error message (a panic's "panic: …" line, a compile error). */
  message?: string;
}

/** A number: sign, digits with `_`/`,` grouping, a fraction, an exponent; "1e+06", "-3.5", "1,000". */
const NUMBER = /[-+]?\d(?:[\d_]|,(?=\d))*(?:\.\d+)?(?:[eE][-+]?\d+)?/g;
/** A time.Duration as String() prints it: "1.5ms", "2m3.1s", "850µs" (units are part of the value). */
const DURATION = /#(?:h#)?(?:m#)?(?:ns|µs|us|ms|s|m|h)\b/g;

/**
 * Masks every measured number in `s` (see the header): numbers → `#`, durations → `#t`; the spaces
 * around a masked value go (`%7d` pads on either side), other runs of spaces become one.
 */
export function maskMeasurements(s: string): string {
  return s
    .split('\n')
    .map((line) =>
      line
        .replace(NUMBER, '#')
        .replace(DURATION, '#t')
        .replace(/[ \t]*(#t?)[ \t]*/g, '$1')
        .replace(/[ \t]+/g, ' ')
        .trimEnd(),
    )
    .join('\n');
}

/** Steps smaller than this factor are "flat": run-to-run noise, rounding of small values. */
const TREND_FACTOR = 1.25;
/** …and so are steps between values this small (in the printed unit): "0.0 → 0.1 MiB". */
const TREND_FLOOR = 0.15;

/** Heap-size columns: key "n:word:unit" → the values down the output, with the line each came from. */
export function sizeColumns(s: string): Map<string, { v: number; line: string }[]> {
  const cols = new Map<string, { v: number; line: string }[]>();
  for (const line of s.split('\n')) {
    let n = 0;
    for (const m of line.matchAll(NUMBER)) {
      const idx = n++;
      const rest = line.slice(m.index! + m[0].length);
      const unit = /^\s*(B|bytes|KB|KiB|MB|MiB|GB|GiB)\b/.exec(rest)?.[1];
      if (!unit) continue;
      const word = /(\S+)\s*$/.exec(line.slice(0, m.index).replace(NUMBER, '#'))?.[1] ?? '';
      const key = `${idx}:${word}:${unit}`;
      cols.set(key, [...(cols.get(key) ?? []), { v: Number(m[0].replace(/[_,]/g, '')), line: line.trim() }]);
    }
  }
  return cols;
}

function trend(a: number, b: number): 'up' | 'down' | 'flat' {
  if (b > a * TREND_FACTOR + TREND_FLOOR) return 'up';
  if (b < a / TREND_FACTOR - TREND_FLOOR) return 'down';
  return 'flat';
}

/** Heap-size steps that go one way natively and another in the runner. */
export function sizeTrendDifferences(native: string, runner: string): string[] {
  const a = sizeColumns(native);
  const b = sizeColumns(runner);
  const out: string[] = [];
  for (const [key, xs] of a) {
    const ys = b.get(key);
    if (!ys || ys.length !== xs.length) continue; // the masked text comparison reports that
    for (let i = 1; i < xs.length; i++) {
      const tn = trend(xs[i - 1].v, xs[i].v);
      const tr = trend(ys[i - 1].v, ys[i].v);
      if (tn !== tr) out.push(`heap size goes ${tn} natively but ${tr} in the runner: "${xs[i - 1].line}" → "${xs[i].line}" vs "${ys[i - 1].line}" → "${ys[i].line}"`);
    }
  }
  return out;
}

export const panicLine = (s: string) => s.split('\n').find((l) => l.startsWith('panic: ')) ?? '';

/**
 * Lists what differs; empty when the runner behaves like Go. `measured` masks numbers (book programs).
 * Standard output and the exit status must match; for a clean exit standard error too; for a panic the
 * "panic:" line (its message is exact even for measured programs).
 */
export function differences(native: Outcome, runner: Outcome, measured: boolean): string[] {
  const norm = measured ? maskMeasurements : (s: string) => s;
  const d: string[] = [];
  if (norm(native.stdout) !== norm(runner.stdout)) d.push(`stdout:\n--- go\n${native.stdout}--- runner\n${runner.stdout}`);
  else if (measured) d.push(...sizeTrendDifferences(native.stdout, runner.stdout));
  if (native.code !== runner.code) d.push(`exit status: go ${native.code}, runner ${runner.code} ${runner.message ?? ''}`);
  if (native.code === 0 && norm(native.stderr) !== norm(runner.stderr)) d.push(`stderr:\n--- go\n${native.stderr}--- runner\n${runner.stderr}`);
  const p = panicLine(native.stderr);
  if (native.code === 2 && p && p !== runner.message) d.push(`panic: go "${p}", runner "${runner.message ?? ''}"`);
  return d;
}
