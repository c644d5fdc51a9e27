/**
 * A test allocator: rounds sizes with alloc.ts, keeps every live object, and fails loudly on a double
 * drop or a drop of an unknown object. Not a stand-in for the runtime's heap (heap.ts owns that).
 */
import type { AllocRequest, Allocator, AllocTag, HeapObject } from '../../../src/sim/contracts';
import { allocBytes, type MallocRules } from '../../../src/sim/alloc';

export class FakeAllocator implements Allocator {
  private nextId = 1;
  readonly live = new Map<number, HeapObject>();
  liveBytes = 0;
  allocated = 0;
  dropped = 0;
  memclrCalls: { bytes: number; scan: boolean }[] = [];

  constructor(private readonly rules: MallocRules = 'go1.19') {}

  alloc(req: AllocRequest): HeapObject {
    if (!(req.size >= 0) || !Number.isInteger(req.size)) throw new Error(`bad size ${req.size}`);
    if (req.scan !== req.scanBytes > 0) throw new Error(`scan ${req.scan} but scanBytes ${req.scanBytes} (${req.tag})`);
    const bytes = allocBytes(req.size, req.scan, this.rules);
    if (req.scanBytes > bytes) throw new Error(`scanBytes ${req.scanBytes} > bytes ${bytes} (${req.tag})`);
    const obj: HeapObject = { id: this.nextId++, bytes, scan: req.scan, scanBytes: req.scanBytes, tag: req.tag };
    this.live.set(obj.id, obj);
    this.liveBytes += bytes;
    this.allocated++;
    return obj;
  }

  drop(obj: HeapObject): void {
    if (!this.live.delete(obj.id)) throw new Error(`drop of object ${obj.id} (${obj.tag}) that is not live`);
    this.liveBytes -= obj.bytes;
    this.dropped++;
  }

  memclr(bytes: number, scan: boolean): void {
    this.memclrCalls.push({ bytes, scan });
  }

  bytesByTag(): Partial<Record<AllocTag, number>> {
    const out: Partial<Record<AllocTag, number>> = {};
    for (const o of this.live.values()) out[o.tag] = (out[o.tag] ?? 0) + o.bytes;
    return out;
  }

  countByTag(tag: AllocTag): number {
    let n = 0;
    for (const o of this.live.values()) if (o.tag === tag) n++;
    return n;
  }
}
