/**
 * A map that holds at most `capacity` entries and forgets the least recently used first: the one
 * cache shape Opinio uses for derived values (rendered HTML, decoded session cookies, a page's
 * newest version, shared page documents, prepared statements), so no cache can grow without bound.
 * `onEvict` is told of each entry dropped for room (not of one replaced or deleted by the caller),
 * for values that hold resources.
 */
export class LruCache<K, V> {
  // A Map iterates in insertion order: re-inserting on each use keeps the oldest use first.
  private readonly entries = new Map<K, V>();

  constructor(
    private readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
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
    if (this.entries.size <= this.capacity) return;
    const [oldestKey, oldestValue] = this.entries.entries().next().value!;
    this.entries.delete(oldestKey);
    this.onEvict?.(oldestKey, oldestValue);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
