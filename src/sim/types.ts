/**
 * Go types as the map implementations see them: size, alignment, pointer data, and the heap objects a
 * value owns. From a key and an elem type this module derives both map layouts: the classic bucket
 * (Go <= 1.23) and the Swiss group (Go >= 1.24).
 *
 * Glossary
 *   ptrdata      bytes of a value up to and including its last pointer word; 0 = no pointers (noscan).
 *   K′, E′       the key/elem as stored in a slot: the type itself, or an 8-byte pointer to an
 *                out-of-line copy when it is larger than 128 bytes ("indirect").
 *   bucket       classic bmap: tophash [8]uint8, keys [8]K′, elems [8]E′, overflow pointer.
 *   slot, group  Swiss: a slot is struct{key K′; elem E′}; a group is a ctrl uint64 plus [8]slot.
 *   owned object a heap object one value points to and that is created per value: the bytes of a
 *                string, the target of a *T. The workload allocates and drops these, not the map.
 *
 * Layout rules (cited as "types rule N")
 *   1. Keys/elems above 128 bytes are stored indirectly (go1.19 runtime/map.go maxKeySize/maxElemSize;
 *      go1.26 abi.MapMaxKeyBytes/MapMaxElemBytes).
 *   2. Classic bucket = 8 + 8·K′ + 8·E′ + 8 bytes. The overflow field is a pointer only if K′ or E′ has
 *      pointers, else a uintptr, so a pointer-free bucket is noscan; a bucket with pointers is scanned up
 *      to its end because the overflow pointer is its last word (go1.19
 *      cmd/compile/internal/reflectdata/reflect.go MapBucketType).
 *   3. Swiss slot = struct{key K′; elem E′} laid out by the compiler's struct rules (field alignment,
 *      a trailing zero-size field gets one byte of padding, size rounded to the struct's alignment);
 *      group = struct{ctrl uint64; slots [8]slot} (go1.26 cmd/compile/internal/reflectdata/map.go
 *      MapGroupType, cmd/compile/internal/types/size.go).
 *   4. The compiler routes map operations to fast paths by key kind when the elem is at most 128 bytes:
 *      4-byte and 8-byte memory keys (fast32/fast64, or fast64ptr for pointer keys) and strings
 *      (faststr); everything else takes the generic path (go1.26 cmd/compile/internal/walk/walk.go
 *      mapfast). In go1.26 only fast32/fast64/faststr call table.pruneTombstones.
 */

/** A heap object that one value of a type owns (allocated per value, dropped with the value). */
export interface OwnedObject {
  /** What it is, for labels: "string data", "*T target". */
  readonly what: string;
  readonly size: number;
  readonly scan: boolean;
  readonly scanBytes: number;
}

/** Key kinds the compiler distinguishes when it picks a map fast path (types rule 4). */
export type KeyAlg = 'mem32' | 'mem64' | 'ptr' | 'string' | 'other';

export interface GoType {
  /** Go spelling, e.g. `string`, `*T256`, `struct{[64]byte}`. */
  readonly name: string;
  /** The scenario name it came from (`string16`, `ptr256`, ...), if any. */
  readonly id: string;
  readonly size: number;
  readonly align: number;
  /** Bytes up to the end of the last pointer word; 0 if the type has no pointers. */
  readonly ptrdata: number;
  readonly alg: KeyAlg;
  /** Objects each value owns (string bytes, pointer target). */
  readonly owns: readonly OwnedObject[];
  /** Objects shared by all values (e.g. the one target of `ptrshared`), allocated once by the workload. */
  readonly shared: readonly OwnedObject[];
}

const PTR_SIZE = 8;
/** Largest key or elem kept inline in a slot (types rule 1). */
export const MAX_KEY_SIZE = 128;
export const MAX_ELEM_SIZE = 128;
/** Slots per classic bucket (`bucketCnt`) and per Swiss group (`abi.MapGroupSlots`). */
export const SLOTS = 8;

function obj(what: string, size: number, ptrdata: number): OwnedObject {
  return { what, size, scan: ptrdata > 0, scanBytes: ptrdata };
}

export const int64T: GoType = { name: 'int64', id: 'int64', size: 8, align: 8, ptrdata: 0, alg: 'mem64', owns: [], shared: [] };
export const int32T: GoType = { name: 'int32', id: 'int32', size: 4, align: 4, ptrdata: 0, alg: 'mem32', owns: [], shared: [] };
export const emptyStructT: GoType = { name: 'struct{}', id: 'empty', size: 0, align: 1, ptrdata: 0, alg: 'other', owns: [], shared: [] };

/**
 * An interface value (`any`, an eface): two words, a type pointer and a data pointer; both count as pointers
 * for the GC (ptrdata 16). Hashing an interface key takes the generic map path (types rule 4). What the data
 * word points to (a boxed copy of a non-pointer value, or the pointer itself) is the owner's business: sync.Map
 * models box keys and values themselves (src/sim/syncmap), so the type owns nothing here.
 */
export const anyT: GoType = { name: 'any', id: 'any', size: 16, align: 8, ptrdata: 16, alg: 'other', owns: [], shared: [] };

/** A string whose `dataBytes` bytes are allocated separately (16-byte header: data pointer, length). */
export function stringT(dataBytes: number): GoType {
  return {
    name: 'string',
    id: `string${dataBytes}`,
    size: 16,
    align: 8,
    ptrdata: 8,
    alg: 'string',
    owns: dataBytes > 0 ? [obj('string data', dataBytes, 0)] : [],
    shared: [],
  };
}

/**
 * A pointer to a struct of `targetBytes` bytes. `targetPtrdata` > 0 if the struct itself has pointers.
 * With `shared`, every value points at one object, so values own nothing.
 */
export function pointerT(targetBytes: number, opts: { targetPtrdata?: number; shared?: boolean } = {}): GoType {
  const target = obj('*T target', targetBytes, opts.targetPtrdata ?? 0);
  return {
    name: `*T${targetBytes}`,
    id: opts.shared ? 'ptrshared' : `ptr${targetBytes}`,
    size: PTR_SIZE,
    align: PTR_SIZE,
    ptrdata: PTR_SIZE,
    alg: 'ptr',
    owns: opts.shared ? [] : [target],
    shared: opts.shared ? [target] : [],
  };
}

/**
 * An inline struct of `size` bytes. Without pointers it is `struct{[size]byte}` (alignment 1, as in the
 * calibration's `struct64`); with `pointerWords` > 0 its first words are pointers (alignment 8).
 */
export function structT(size: number, pointerWords = 0): GoType {
  if (pointerWords * PTR_SIZE > size) throw new RangeError(`struct of ${size} B cannot hold ${pointerWords} pointers`);
  const align = pointerWords > 0 ? 8 : 1;
  const padded = Math.ceil(size / align) * align;
  return {
    name: pointerWords > 0 ? `struct{p [${pointerWords}]*byte; [${padded - pointerWords * 8}]byte}` : `struct{[${size}]byte}`,
    id: pointerWords > 0 ? `structp${padded}` : `struct${size}`,
    size: padded,
    align,
    ptrdata: pointerWords * PTR_SIZE,
    alg: 'other',
    owns: [],
    shared: [],
  };
}

/**
 * Parses a type name: the scenario names of calibration/FORMAT.md (`int64`, `string16`, `string32`,
 * `struct64`, `ptr64`, `ptr256`, `ptr1024`, `ptrshared`) and the general forms `int32`, `empty`, `any`,
 * `string<N>`, `ptr<S>`, `struct<S>` (no pointers), `structp<S>` (first word a pointer).
 */
export function parseGoType(id: string): GoType {
  if (id === 'int64') return int64T;
  if (id === 'int32') return int32T;
  if (id === 'empty') return emptyStructT;
  if (id === 'any') return anyT;
  if (id === 'ptrshared') return pointerT(64, { shared: true });
  const m = /^(string|ptr|structp|struct)(\d+)$/.exec(id);
  if (m) {
    const n = Number(m[2]);
    if (n > 1 << 20) throw new RangeError(`type size too large: ${id}`);
    if (m[1] === 'string') return stringT(n);
    if (m[1] === 'ptr' && n > 0) return pointerT(n);
    if (m[1] === 'struct') return structT(n);
    if (m[1] === 'structp' && n >= 8) return structT(n, 1);
  }
  throw new RangeError(`unknown Go type: ${JSON.stringify(id)} (expected int64, int32, empty, any, string<N>, ptr<S>, ptrshared, struct<S>, structp<S>)`);
}

/** What a slot holds for a key/elem (types rule 1): the type, or a pointer to an out-of-line copy. */
export interface SlotField {
  readonly type: GoType;
  readonly indirect: boolean;
  /** Bytes in the slot (K′ / E′). */
  readonly size: number;
  readonly align: number;
  readonly ptrdata: number;
}

function slotField(t: GoType, max: number): SlotField {
  if (t.size > max) return { type: t, indirect: true, size: PTR_SIZE, align: PTR_SIZE, ptrdata: PTR_SIZE };
  return { type: t, indirect: false, size: t.size, align: t.align, ptrdata: t.ptrdata };
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** Map fast path the compiler selects (types rule 4). */
export type MapFastPath = 'fast32' | 'fast64' | 'fast64ptr' | 'faststr' | 'slow';

/** Everything the map implementations need to know about `map[K]E`. */
export interface MapType {
  readonly key: GoType;
  readonly elem: GoType;
  readonly k: SlotField;
  readonly e: SlotField;
  readonly fastPath: MapFastPath;
  // Classic (types rule 2).
  readonly bucketSize: number;
  readonly bucketPtrdata: number;
  // Swiss (types rule 3).
  readonly slotSize: number;
  readonly elemOff: number;
  readonly groupSize: number;
  readonly groupPtrdata: number;
}

/** Derives both layouts of `map[key]elem`. */
export function mapType(key: GoType, elem: GoType): MapType {
  const k = slotField(key, MAX_KEY_SIZE);
  const e = slotField(elem, MAX_ELEM_SIZE);

  const bucketSize = 8 + SLOTS * k.size + SLOTS * e.size + PTR_SIZE;
  const bucketPtrdata = k.ptrdata > 0 || e.ptrdata > 0 ? bucketSize : 0;

  // Swiss slot: struct{key; elem} with the compiler's struct layout.
  const slotAlign = Math.max(k.align, e.align, 1);
  const elemOff = alignUp(k.size, e.align);
  let slotEnd = elemOff + e.size;
  if (slotEnd > 0 && e.size === 0) slotEnd += 1; // trailing zero-size field padding
  const slotSize = alignUp(slotEnd, slotAlign);
  const slotPtrdata = e.ptrdata > 0 ? elemOff + e.ptrdata : k.ptrdata;
  // group: struct{ctrl uint64; slots [8]slot}; a zero-size slot array at the end also gets padding.
  const groupSize = slotSize === 0 ? 16 : 8 + SLOTS * slotSize;
  const groupPtrdata = slotPtrdata > 0 ? 8 + (SLOTS - 1) * slotSize + slotPtrdata : 0;

  let fastPath: MapFastPath = 'slow';
  if (elem.size <= MAX_ELEM_SIZE) {
    if (key.alg === 'mem32') fastPath = 'fast32';
    else if (key.alg === 'mem64') fastPath = 'fast64';
    else if (key.alg === 'ptr') fastPath = 'fast64ptr';
    else if (key.alg === 'string') fastPath = 'faststr';
  }
  return { key, elem, k, e, fastPath, bucketSize, bucketPtrdata, slotSize, elemOff, groupSize, groupPtrdata };
}

/** `mapType` from scenario names, e.g. `mapTypeOf('string16', 'ptr64')`. */
export function mapTypeOf(key: string, elem: string): MapType {
  return mapType(parseGoType(key), parseGoType(elem));
}

/** Go spelling of the map type, e.g. `map[string]*T64`. */
export function mapTypeName(t: MapType): string {
  return `map[${t.key.name}]${t.elem.name}`;
}

/** Scan bytes of an array of `n` elements of `elemSize` bytes whose last pointer ends at `elemPtrdata`. */
export function arrayScanBytes(n: number, elemSize: number, elemPtrdata: number): number {
  return n === 0 || elemPtrdata === 0 ? 0 : (n - 1) * elemSize + elemPtrdata;
}
