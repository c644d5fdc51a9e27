// The time-to-stop experiment (run.ts run rule 10, gc.ts rules 2 and 10) against the calibration harness's tts
// runs (calibration/data/go1.X.Y/tts.jsonl). docs/sim-accuracy.md lists every case; this test holds the
// mechanism to what the runs show:
//   - on go1.19 with 2 Ps, a pointerful bucket array's section (mapclear under the write barrier, or a make's
//     zeroing and heap bitmap) is waited for by the pause; a noscan map's is shorter or preemptible; with 1 P
//     nothing is waited for;
//   - on go1.26 nothing in a Swiss map makes a stop wait for more than a preemption;
//   - where the measured pause is that wait (go1.19 clears, 2 Ps), its median is within 2×.
// The clear-pointerful case calibrates the barrier cost (scripts/sim-derive-tts.mjs), so its agreement is
// by construction; the noscan clear, the make and one-P cases are independent of it.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/run';
import { factor, loadTts, ttsDataDirs, ttsSim, type TtsCase } from './compare/tts';

const dirs = ttsDataDirs();

describe.skipIf(dirs.length === 0)('time to stop vs the harness tts runs', () => {
  const all = dirs.flatMap((d) => loadTts(d));
  // Each case simulated once, with the harness's own constants (its host conditions).
  const sims = new Map(all.map((c) => [c, ttsSim(simulate(c.scenario, { costProfile: 'harness' }))]));
  const find = (go: string, op: string, scan: boolean, procs = 2): TtsCase => {
    const c = all.find((x) => x.goVersion.startsWith(go) && x.op === op && x.scan === scan && x.procs === procs);
    if (!c) throw new Error(`no ${go} ${op} ${scan ? 'pointerful' : 'noscan'} P${procs} case`);
    return c;
  };
  const sim = (c: TtsCase) => sims.get(c)!;
  const haveGo119 = all.some((c) => c.goVersion.startsWith('go1.19'));
  const haveGo126 = all.some((c) => c.goVersion.startsWith('go1.26'));

  it.skipIf(!haveGo119)('go1.19, 2 Ps: a pointerful section is waited for, a pointer-free one much less', () => {
    const makeP = sim(find('go1.19', 'make', true));
    const makeN = sim(find('go1.19', 'make', false));
    const clearP = sim(find('go1.19', 'clear', true));
    const clearN = sim(find('go1.19', 'clear', false));
    expect(makeP.pauseMedianNs).toBeGreaterThan(10 * makeN.pauseMedianNs);
    expect(clearP.pauseMedianNs).toBeGreaterThan(10 * clearN.pauseMedianNs);
    // A make's section (zeroing + heap bitmap of a 232 MB array) is milliseconds; the noscan make is chunked.
    expect(makeP.stopMedianNs).toBeGreaterThan(100_000);
    expect(makeN.stopMedianNs).toBeLessThan(100_000);
  });

  it.skipIf(!haveGo119)('go1.19: with one P nothing is waited for, and the pause is far shorter than with two', () => {
    const p1 = find('go1.19', 'make', true, 1);
    const p2 = find('go1.19', 'make', true, 2);
    expect(sim(p1).stopMedianNs).toBe(0);
    expect(sim(p1).pauseMedianNs * 10).toBeLessThan(sim(p2).pauseMedianNs);
    // The measured runs show the same difference.
    expect(p1.pauseMedianNs * 10).toBeLessThan(p2.pauseMedianNs);
  });

  it.skipIf(!haveGo119)('go1.19 clears, 2 Ps: the pause median is within 2× of the measured one, and so is the ordering', () => {
    for (const c of [find('go1.19', 'clear', true), find('go1.19', 'clear', false)]) {
      expect(factor(sim(c).pauseMedianNs, c.pauseMedianNs), c.id).toBeLessThanOrEqual(2);
    }
    expect(find('go1.19', 'clear', true).pauseMedianNs).toBeGreaterThan(10 * find('go1.19', 'clear', false).pauseMedianNs);
  });

  it.skipIf(!haveGo126)('go1.26: no stop waits for a section; the measured stopping times agree', () => {
    for (const c of all.filter((x) => x.goVersion.startsWith('go1.26'))) {
      const s = sim(c);
      expect(s.stopMedianNs, c.id).toBeLessThan(100_000);
      // The harness's /sched/pauses/stopping/gc:seconds median (bucket bound) is tens of µs at most.
      if (c.stoppingP50Ns !== null) expect(c.stoppingP50Ns, c.id).toBeLessThan(100_000);
    }
    // The same clear that stops go1.19 for ~40 ms costs go1.26 a preemption.
    if (haveGo119) expect(sim(find('go1.26', 'clear', true)).pauseMedianNs * 20).toBeLessThan(sim(find('go1.19', 'clear', true)).pauseMedianNs);
  });
});
