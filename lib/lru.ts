/**
 * A map that holds at most `capacity` entries and forgets the least recently used first: the one
 * cache shape Opinio uses for derived values (rendered HTML, decoded session cookies, a page's
 * newest version), so no cache can grow without bound.
 */
export class LruCache<K, V> {
  // A Map iterates in insertion order: re-inserting on each use keeps the oldest use first.
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`an LRU cache needs a capacity of at least 1, not ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
