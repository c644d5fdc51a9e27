import { describe, expect, it } from 'vitest';
import { LineSplitter, looksLikeGcLine, parseGcLine } from '../../src/lib/gctrace';

// Real lines. go1.19.8: a forced GC of a small program run with /usr/lib/go-1.19/bin/go, and a
// js/wasm line from the feasibility study (shared/research/feasibility.md, B.5).
// go1.26.8: `GODEBUG=gctrace=1 go run ./experiments/casestudy` on linux/amd64, and the runner in
// js/wasm (1 P).
const go119Forced =
  'gc 4 @0.010s 2%: 0.010+0.16+0.002 ms clock, 0.021+0/0.18/0.099+0.005 ms cpu, 31->31->31 MB, 35 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)';
const go119Wasm =
  'gc 8 @4.916s 4%: 0.080+100+0.030 ms clock, 0.080+8.0/24/28+0.030 ms cpu, 68->70->58 MB, 79 MB goal, 0 MB stacks, 0 MB globals, 1 P';
const go126 =
  'gc 2 @0.026s 3%: 1.1+0.14+0.003 ms clock, 2.3+0.84/0.097/0+0.006 ms cpu, 3->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P';

describe('parseGcLine', () => {
  it('reads a go1.26 line into FORMAT.md cycle fields', () => {
    const c = parseGcLine(go126);
    expect(c).toMatchObject({
      n: 2,
      startNs: 26_000_000,
      stw1Ns: 1_100_000,
      markNs: 140_000,
      stw2Ns: 3_000,
      assistCpuNs: 840_000,
      bgCpuNs: 97_000,
      idleCpuNs: 0,
      heapStart: 3 << 20,
      heapEnd: 4 << 20,
      heapLive: 1 << 20,
      heapGoal: 4 << 20,
      scanWork: null,
      forced: false,
      utilPct: 3,
      stw1CpuNs: 2_300_000,
      stw2CpuNs: 6_000,
      procs: 2,
      leakCheck: false,
    });
  });

  it('reads go1.19 lines, forced and from js/wasm', () => {
    const f = parseGcLine(go119Forced);
    expect(f?.forced).toBe(true);
    expect(f?.heapStart).toBe(31 << 20);
    expect(f?.heapLive).toBe(31 << 20);
    expect(f?.heapGoal).toBe(35 << 20);
    expect(f?.markNs).toBe(160_000);
    expect(f?.idleCpuNs).toBe(99_000);
    const w = parseGcLine(go119Wasm);
    expect(w?.procs).toBe(1);
    expect(w?.markNs).toBe(100_000_000);
    expect(w?.startNs).toBe(4_916_000_000);
  });

  it("accepts go1.26's goroutine-leak marker (format from runtime/mgc.go)", () => {
    const line = go126.replace('3%:', '3% (checking for goroutine leaks):');
    expect(parseGcLine(line)?.leakCheck).toBe(true);
  });

  it('rejects other output', () => {
    for (const s of ['gc is fun', 'hello', '', 'scvg: 0 MB released', go126.replace('ms clock', 'us clock')]) {
      expect(parseGcLine(s)).toBeNull();
    }
    expect(looksLikeGcLine(go126)).toBe(true);
    expect(looksLikeGcLine('panic: boom')).toBe(false);
  });
});

describe('LineSplitter', () => {
  it('joins writes that split a line, keeps a trailing partial line', () => {
    const s = new LineSplitter();
    expect(s.push('gc 1 @0.1s')).toEqual([]);
    expect(s.push(' 1%: x\nnext\npar')).toEqual(['gc 1 @0.1s 1%: x', 'next']);
    expect(s.flush()).toEqual(['par']);
    expect(s.flush()).toEqual([]);
  });
});
