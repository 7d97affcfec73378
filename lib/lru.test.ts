import { describe, expect, it } from "vitest";
import { LruCache } from "./lru";

describe("LruCache", () => {
  it("keeps at most its capacity, forgetting the least recently used", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // "a" is now the most recent
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("replaces a value without growing, and remembers falsy values", () => {
    const cache = new LruCache<string, number | null>(2);
    cache.set("a", 1);
    cache.set("a", null);
    expect(cache.size).toBe(1);
    expect(cache.get("a")).toBeNull();
  });

  it("tells onEvict of each entry dropped for room, not of one replaced or deleted", () => {
    const evicted: [string, number][] = [];
    const cache = new LruCache<string, number>(2, (key, value) => evicted.push([key, value]));
    cache.set("a", 1);
    cache.set("a", 2);
    cache.set("b", 3);
    cache.delete("b");
    cache.set("c", 4);
    cache.set("d", 5);
    expect(evicted).toEqual([["a", 2]]);
  });

  it("refuses a capacity that could not hold anything", () => {
    expect(() => new LruCache(0)).toThrow(/capacity/);
  });
});
