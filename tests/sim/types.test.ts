import { describe, expect, it } from 'vitest';
import { mapTypeOf, mapTypeName, parseGoType, structT } from '../../src/sim/types';

describe('Go types', () => {
  it('parses the scenario names of calibration/FORMAT.md', () => {
    const sizes = ['int64', 'string16', 'struct64', 'string32', 'ptr64', 'ptr256', 'ptr1024', 'ptrshared'].map((id) => {
      const t = parseGoType(id);
      return [id, t.size, t.ptrdata, t.owns.map((o) => `${o.size}${o.scan ? 's' : ''}`).join(), t.shared.length];
    });
    expect(sizes).toEqual([
      ['int64', 8, 0, '', 0],
      ['string16', 16, 8, '16', 0], // header + 16 bytes of string data, allocated per key
      ['struct64', 64, 0, '', 0],
      ['string32', 16, 8, '32', 0],
      ['ptr64', 8, 8, '64', 0], // *T pointing at a pointer-free 64-byte object
      ['ptr256', 8, 8, '256', 0],
      ['ptr1024', 8, 8, '1024', 0],
      ['ptrshared', 8, 8, '', 1], // every value points at one shared object
    ]);
  });

  it('rejects unknown names with a message listing the forms', () => {
    expect(() => parseGoType('float64')).toThrow(/unknown Go type: "float64" \(expected int64/);
    expect(() => parseGoType('ptr0')).toThrow(/unknown Go type/);
  });

  it('inline structs with pointers are aligned to 8 and scanned up to their last pointer', () => {
    const t = structT(20, 1);
    expect([t.size, t.align, t.ptrdata]).toEqual([24, 8, 8]);
    expect(parseGoType('structp32').ptrdata).toBe(8);
  });
});

describe('classic bucket layout (go1.19 MapBucketType; fact sheet §1.3, measured)', () => {
  const row = (k: string, v: string) => {
    const t = mapTypeOf(k, v);
    return [mapTypeName(t), t.k.size, t.e.size, t.bucketSize, t.bucketPtrdata, t.k.indirect, t.e.indirect];
  };
  it('matches the measured bucket sizes and pointer data', () => {
    expect([
      row('string16', 'ptr64'),
      row('int64', 'int64'),
      row('string16', 'string16'),
      row('int64', 'struct64'),
      row('int64', 'struct200'),
      row('struct200', 'int64'),
      row('int64', 'empty'),
    ]).toEqual([
      ['map[string]*T64', 16, 8, 208, 208, false, false],
      ['map[int64]int64', 8, 8, 144, 0, false, false],
      ['map[string]string', 16, 16, 272, 272, false, false],
      ['map[int64]struct{[64]byte}', 8, 64, 592, 0, false, false],
      ['map[int64]struct{[200]byte}', 8, 8, 144, 144, false, true], // out-of-line elem makes buckets scannable
      ['map[struct{[200]byte}]int64', 8, 8, 144, 144, true, false],
      ['map[int64]struct{}', 8, 0, 80, 0, false, false],
    ]);
  });

  it('picks the compiler fast paths by key kind (go1.26 walk.go mapfast)', () => {
    expect(mapTypeOf('int64', 'int64').fastPath).toBe('fast64');
    expect(mapTypeOf('int32', 'int64').fastPath).toBe('fast32');
    expect(mapTypeOf('string16', 'ptr64').fastPath).toBe('faststr');
    expect(mapTypeOf('ptr64', 'int64').fastPath).toBe('fast64ptr');
    expect(mapTypeOf('struct64', 'int64').fastPath).toBe('slow');
    expect(mapTypeOf('int64', 'struct200').fastPath).toBe('slow'); // elem > 128 B
  });
});
