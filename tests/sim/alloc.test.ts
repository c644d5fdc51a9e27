import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CLASS_TO_SIZE, allocBytes, growsliceCap, isTiny, roundupsize, sizeClassSize } from '../../src/sim/alloc';

/** Reads `var <name> = [...]uint..{...}` from a Go sizeclasses.go. */
function goTable(src: string, name: string): number[] {
  const m = new RegExp(`var ${name} = \\[[^\\]]*\\]uint\\d+\\{([^}]*)\\}`).exec(src);
  if (!m) throw new Error(`no ${name}`);
  return m[1].split(',').map((x) => Number(x.trim()));
}

const go119 = '/usr/lib/go-1.19/src/runtime/sizeclasses.go';
let go126: string | null = null;
try {
  const root = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', timeout: 20_000 }).trim();
  if (existsSync(`${root}/src/internal/runtime/gc/sizeclasses.go`)) go126 = `${root}/src/internal/runtime/gc/sizeclasses.go`;
} catch {
  go126 = null;
}

describe('size classes', () => {
  it.skipIf(!existsSync(go119))('equal Go 1.19 runtime/sizeclasses.go, for every size 1..32767', () => {
    const src = readFileSync(go119, 'utf8');
    expect(CLASS_TO_SIZE).toEqual(goTable(src, 'class_to_size'));
    const c8 = goTable(src, 'size_to_class8');
    const c128 = goTable(src, 'size_to_class128');
    const cls = goTable(src, 'class_to_size');
    for (let size = 1; size < 32768; size++) {
      const c = size <= 1024 - 8 ? c8[Math.ceil(size / 8)] : c128[Math.ceil((size - 1024) / 128)];
      if (sizeClassSize(size) !== cls[c]) throw new Error(`size ${size}: ${sizeClassSize(size)} != ${cls[c]}`);
    }
  });

  it.skipIf(go126 === null)('equal the installed Go internal/runtime/gc/sizeclasses.go (1.26)', () => {
    const src = readFileSync(go126!, 'utf8');
    expect(CLASS_TO_SIZE).toEqual(goTable(src, 'SizeClassToSize'));
  });

  it('round a few known sizes (bucket arrays of the Go 1.19 measurements)', () => {
    expect(sizeClassSize(208)).toBe(208);
    expect(sizeClassSize(656)).toBe(704); // map[string]struct64 bucket → 704-byte class
    expect(roundupsize(275 * 208, false, 'go1.19')).toBe(57344);
    expect(roundupsize(32768, true, 'go1.19')).toBe(32768);
    expect(roundupsize(32769, true, 'go1.19')).toBe(40960);
  });
});

describe('allocation headers (Go 1.22+)', () => {
  it('a scan object over 512 B pays 8 bytes inside its size class; noscan and small scan objects do not', () => {
    expect(allocBytes(512, true, 'go1.26')).toBe(512);
    expect(allocBytes(513, true, 'go1.26')).toBe(576);
    expect(allocBytes(3200, true, 'go1.26')).toBe(3456); // 16 groups of map[string]*T
    expect(allocBytes(3200, false, 'go1.26')).toBe(3200);
    expect(allocBytes(3200, true, 'go1.19')).toBe(3200);
    expect(roundupsize(3200, false, 'go1.26')).toBe(3448); // usable bytes exclude the header
    expect(allocBytes(16384, true, 'go1.26')).toBe(18432); // a 2048-entry directory
  });

  it('objects above 32760 B are large in Go 1.26 and are page-rounded without a header', () => {
    expect(allocBytes(32760, true, 'go1.26')).toBe(32768);
    expect(allocBytes(32761, true, 'go1.26')).toBe(32768); // 4 pages, no header
    expect(allocBytes(32769, true, 'go1.26')).toBe(40960);
    expect(allocBytes(32769, false, 'go1.26')).toBe(40960);
    expect(allocBytes(32768, false, 'go1.19')).toBe(32768);
    expect(allocBytes(100000, true, 'go1.19')).toBe(106496);
  });

  it('tiny allocator: noscan objects under 16 B', () => {
    expect(isTiny(8, false)).toBe(true);
    expect(isTiny(16, false)).toBe(false);
    expect(isTiny(8, true)).toBe(false);
  });
});

describe('append growth', () => {
  // Capacities printed by go1.19.8 and go1.26.8 appending nil to a []*int one element at a time
  // (go1.26 starts from a 4-element stack buffer, so its sequence begins at 8).
  const seq = (start: number, n: number, rules: 'go1.19' | 'go1.26') => {
    const out: number[] = [];
    let cap = start;
    while (out.length < n) {
      cap = growsliceCap(cap, cap + 1, 8, false, rules);
      out.push(cap);
    }
    return out;
  };
  it('matches Go 1.19', () => {
    expect(seq(0, 16, 'go1.19')).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560, 3408, 5120]);
  });
  it('matches Go 1.26 (malloc headers change the rounding)', () => {
    expect(seq(4, 13, 'go1.26')).toEqual([8, 16, 32, 64, 143, 287, 607, 1023, 1535, 2303, 3071, 4095, 6144]);
  });
});
