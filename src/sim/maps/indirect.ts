/**
 * Out-of-line keys and elems (types rule 1): a key or elem larger than 128 bytes lives in its own heap
 * object and the slot holds a pointer to it. Both map models keep those objects here, by key id: the
 * insert of a new key allocates them (classic map.go:678, Swiss table.go PutSlot), delete and clear drop
 * them, and growth only moves the pointers, so it leaves them alone.
 */
import type { AllocRequest, Allocator, HeapObject } from '../contracts';
import type { MapType } from '../types';

export class IndirectObjects {
  private readonly objs = new Map<number, [HeapObject | null, HeapObject | null]>();
  /** One request per kind, made once and frozen, so that a tape keeps it as it is (tape.ts MapRecorder.alloc). */
  private readonly keyReq: AllocRequest | null;
  private readonly elemReq: AllocRequest | null;

  constructor(
    private readonly alloc: Allocator,
    type: MapType,
  ) {
    const { key, elem } = type;
    this.keyReq = type.k.indirect ? Object.freeze({ size: key.size, scan: key.ptrdata > 0, scanBytes: key.ptrdata, tag: 'indirectKey' }) : null;
    this.elemReq = type.e.indirect ? Object.freeze({ size: elem.size, scan: elem.ptrdata > 0, scanBytes: elem.ptrdata, tag: 'indirectElem' }) : null;
  }

  /** True if this map type stores anything out of line. */
  static needed(t: MapType): boolean {
    return t.k.indirect || t.e.indirect;
  }

  get size(): number {
    return this.objs.size;
  }

  add(key: number): void {
    const k = this.keyReq ? this.alloc.alloc(this.keyReq) : null;
    const e = this.elemReq ? this.alloc.alloc(this.elemReq) : null;
    this.objs.set(key, [k, e]);
  }

  drop(key: number): void {
    const o = this.objs.get(key);
    if (o === undefined) return;
    if (o[0]) this.alloc.drop(o[0]);
    if (o[1]) this.alloc.drop(o[1]);
    this.objs.delete(key);
  }

  dropAll(): void {
    for (const key of [...this.objs.keys()]) this.drop(key);
  }
}
