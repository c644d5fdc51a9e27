/**
 * A bounded map that forgets the least recently used key first. The simulator's stores (Checkpoints, Tapes)
 * and the lab worker's result cache keep their entries in one.
 */
export class Lru<V> {
  /** Insertion order is recency order: the first key is the least recently used. */
  private readonly items = new Map<string, V>();

  /** `onEvict` sees each value dropped to make room (not values replaced or deleted by the caller). */
  constructor(
    private readonly capacity: number,
    private readonly onEvict?: (value: V) => void,
  ) {}

  get size(): number {
    return this.items.size;
  }

  /** The value for `key`, if kept; the key becomes the most recently used. */
  get(key: string): V | undefined {
    const v = this.items.get(key);
    if (v === undefined) return undefined;
    this.items.delete(key);
    this.items.set(key, v);
    return v;
  }

  /** The value for `key` without touching its recency. */
  peek(key: string): V | undefined {
    return this.items.get(key);
  }

  /** Keeps `value` as the most recently used, then drops the least recently used beyond the capacity. */
  set(key: string, value: V): void {
    this.items.delete(key);
    this.items.set(key, value);
    while (this.items.size > this.capacity) {
      const [oldest, v] = this.items.entries().next().value!;
      this.items.delete(oldest);
      this.onEvict?.(v);
    }
  }

  delete(key: string): void {
    this.items.delete(key);
  }

  values(): IterableIterator<V> {
    return this.items.values();
  }
}
