/**
 * Go's allocation size rules: size classes, page rounding, allocation headers, the tiny allocator and
 * slice growth. Pure functions; the heap accounting that uses them lives in heap.ts.
 *
 * Glossary
 *   size class   one of 67 fixed object sizes (8 B … 32 KiB) a small object is rounded up to; every
 *                span holds objects of one class (go1.19 runtime/sizeclasses.go, identical in go1.26
 *                internal/runtime/gc/sizeclasses.go).
 *   large object an object above maxSmallSize; it gets its own span, rounded up to 8 KiB pages.
 *   malloc header since Go 1.22 (allocation headers), a pointerful ("scan") object larger than 512 B
 *                carries an 8-byte type pointer in front of it, inside its size class slot
 *                (go1.26 runtime/msize.go roundupsize, internal/runtime/gc MinSizeForMallocHeader).
 *   noscan       an object whose type has no pointers; the GC never reads it.
 *   tiny alloc   noscan objects under 16 B are packed together into 16-byte blocks (runtime/malloc.go).
 *
 * Rules (cited as "alloc rule N")
 *   1. A small object of `size` bytes occupies the smallest size class >= size.
 *   2. Go 1.19: "small" means size < 32768 in roundupsize (32768 itself is page-rounded to 32768, the same).
 *   3. Go 1.22+: a scan object with 512 < size <= 32760 needs size + 8 bytes (header) before rounding;
 *      `roundupsize` returns the usable bytes (class size - 8); the heap still uses the full class slot.
 *      Objects above 32760 B are large and have no inline header.
 *   4. A large object occupies ceil(size / 8192) pages.
 *   5. A noscan object under 16 B goes to the tiny allocator (shares a 16-byte block).
 *   6. append grows a slice's capacity: double below 256 elements, then by (cap + 768) / 4 per step,
 *      and the new array's bytes are rounded by rule 1/3/4 (go1.19 runtime/slice.go growslice; the
 *      formula is unchanged through go1.26 nextslicecap).
 */

/** Which runtime's rounding rules to apply. 'go1.26' stands for every version with allocation headers (1.22+). */
export type MallocRules = 'go1.19' | 'go1.26';

/** Bytes per heap page (`_PageSize`, 1 << 13). */
export const PAGE_SIZE = 8192;
/** Largest small object (`maxSmallSize`). */
export const MAX_SMALL_SIZE = 32768;
/** Size of the inline type header of a scan object with allocation headers (`mallocHeaderSize`). */
export const MALLOC_HEADER_SIZE = 8;
/** Scan objects up to this size keep their pointer bitmap in the span, no header (`minSizeForMallocHeader` = 8·64). */
export const MIN_SIZE_FOR_MALLOC_HEADER = 512;
/** Noscan objects smaller than this use the tiny allocator (`maxTinySize`). */
export const TINY_SIZE = 16;

/**
 * Object sizes of the 67 size classes, class 0 unused (go1.19 runtime/sizeclasses.go `class_to_size`;
 * the same list in go1.26 internal/runtime/gc/sizeclasses.go `SizeClassToSize`).
 */
export const CLASS_TO_SIZE: readonly number[] = [
  0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384,
  416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072,
  3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568,
  14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
];

// Every class size is a multiple of 8 (and of 128 above 1024), so "smallest class >= size" equals the
// runtime's two-table lookup (size_to_class8 by 8-byte steps, size_to_class128 by 128-byte steps).
// This table maps ceil(size / 8) to that class's size.
const classSizeBy8 = (() => {
  const t = new Uint16Array(MAX_SMALL_SIZE / 8 + 1);
  let c = 1;
  for (let i = 1; i < t.length; i++) {
    while (CLASS_TO_SIZE[c] < i * 8) c++;
    t[i] = CLASS_TO_SIZE[c];
  }
  return t;
})();

/** Size class slot for a small object (alloc rule 1). `size` must be in 1..32768. */
export function sizeClassSize(size: number): number {
  if (size <= 0 || size > MAX_SMALL_SIZE) throw new RangeError(`not a small object size: ${size}`);
  return classSizeBy8[(size + 7) >>> 3];
}

/** True if the runtime's `mallocgc` treats this object as large (own span, page-rounded). */
export function isLarge(size: number, scan: boolean, rules: MallocRules): boolean {
  if (rules === 'go1.19') return size > MAX_SMALL_SIZE;
  // go1.26 mallocgc: small iff size <= maxSmallSize - mallocHeaderSize, for scan and noscan alike.
  void scan;
  return size > MAX_SMALL_SIZE - MALLOC_HEADER_SIZE;
}

/** True if the object carries an inline malloc header (alloc rule 3). */
export function hasMallocHeader(size: number, scan: boolean, rules: MallocRules): boolean {
  return rules !== 'go1.19' && scan && size > MIN_SIZE_FOR_MALLOC_HEADER && !isLarge(size, scan, rules);
}

/** Rounds up to whole 8 KiB pages (alloc rule 4). */
export function pageRound(size: number): number {
  return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
}

/**
 * The runtime's `roundupsize`: the usable bytes `mallocgc` returns for a request of `size` bytes.
 * With allocation headers this excludes the 8-byte header (go1.26 runtime/msize.go).
 */
export function roundupsize(size: number, noscan: boolean, rules: MallocRules): number {
  if (size === 0) return 0;
  if (rules === 'go1.19') {
    // go1.19 msize.go: `if size < _MaxSmallSize` -> class, else page-align.
    return size < MAX_SMALL_SIZE ? sizeClassSize(size) : pageRound(size);
  }
  if (size <= MAX_SMALL_SIZE - MALLOC_HEADER_SIZE) {
    const header = !noscan && size > MIN_SIZE_FOR_MALLOC_HEADER ? MALLOC_HEADER_SIZE : 0;
    return sizeClassSize(size + header) - header;
  }
  return pageRound(size);
}

/**
 * Bytes of heap an object of `size` bytes occupies (what HeapAlloc grows by): its size class slot,
 * header included, or its pages. Tiny objects are reported at their size class here (16 B); packing
 * several into one block is the heap's business (see {@link isTiny}).
 */
export function allocBytes(size: number, scan: boolean, rules: MallocRules): number {
  if (size === 0) return 0;
  if (isLarge(size, scan, rules)) return pageRound(size);
  return sizeClassSize(size + (hasMallocHeader(size, scan, rules) ? MALLOC_HEADER_SIZE : 0));
}

/** Alloc rule 5: the runtime would place this object in a shared 16-byte tiny block. */
export function isTiny(size: number, scan: boolean): boolean {
  return !scan && size > 0 && size < TINY_SIZE;
}

/**
 * Capacity `append` gives a slice that must hold `newLen` elements of `elemSize` bytes and currently has
 * `oldCap` (alloc rule 6; go1.19 runtime/slice.go growslice, go1.26 nextslicecap + roundupsize).
 */
export function growsliceCap(oldCap: number, newLen: number, elemSize: number, noscan: boolean, rules: MallocRules): number {
  const threshold = 256;
  let newcap = oldCap;
  const doublecap = newcap + newcap;
  if (newLen > doublecap) newcap = newLen;
  else if (oldCap < threshold) newcap = doublecap;
  else {
    while (newcap < newLen) newcap += Math.floor((newcap + 3 * threshold) / 4);
  }
  if (elemSize === 0) return newcap;
  const mem = roundupsize(newcap * elemSize, noscan, rules);
  return Math.floor(mem / elemSize);
}
