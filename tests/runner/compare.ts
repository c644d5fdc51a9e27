/**
 * How the conformance suite compares a native `go run` with the browser runner.
 *
 * Conformance cases (cases/) must match exactly. The book's programs print measurements (heap sizes,
 * pause times, cycle counts), which differ between any two runs, so for them every number is masked on
 * both sides, and so is the padding that `%7d`-style verbs add around it. What is left must be equal:
 * every word, every line, the order of lines and how many numbers each line has. A program whose text
 * depends on a measurement ("freed: true") still differs, as it should.
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
  if (native.code !== runner.code) d.push(`exit status: go ${native.code}, runner ${runner.code} ${runner.message ?? ''}`);
  if (native.code === 0 && norm(native.stderr) !== norm(runner.stderr)) d.push(`stderr:\n--- go\n${native.stderr}--- runner\n${runner.stderr}`);
  const p = panicLine(native.stderr);
  if (native.code === 2 && p && p !== runner.message) d.push(`panic: go "${p}", runner "${runner.message ?? ''}"`);
  return d;
}
