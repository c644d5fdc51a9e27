/**
 * Out-of-line keys and elems (types rule 1): a key or elem larger than 128 bytes lives in its own heap
 * object and the slot holds a pointer to it. Both map models keep those objects here, by key id: the
 * insert of a new key allocates them (classic map.go:678, Swiss table.go PutSlot), delete and clear drop
 * them, and growth only moves the pointers, so it leaves them alone.
 */
import type { Allocator, HeapObject } from '../contracts';
import type { MapType } from '../types';

export class IndirectObjects {
  private readonly objs = new Map<number, [HeapObject | null, HeapObject | null]>();

  constructor(
    private readonly alloc: Allocator,
    private readonly type: MapType,
  ) {}

  /** True if this map type stores anything out of line. */
  static needed(t: MapType): boolean {
    return t.k.indirect || t.e.indirect;
  }

  get size(): number {
    return this.objs.size;
  }

  add(key: number): void {
    const t = this.type;
    const k = t.k.indirect
      ? this.alloc.alloc({ size: t.key.size, scan: t.key.ptrdata > 0, scanBytes: t.key.ptrdata, tag: 'indirectKey' })
      : null;
    const e = t.e.indirect
      ? this.alloc.alloc({ size: t.elem.size, scan: t.elem.ptrdata > 0, scanBytes: t.elem.ptrdata, tag: 'indirectElem' })
      : null;
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
