// A small read-through cache for rows that every request reads and that rarely change (clients, services,
// persons). Entries live `ttlMs` at most, so a change made by another process shows within that time; a change
// made through this process's repositories drops the entry at once.
export interface ReadCache<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
  delete(key: string): void;
  clear(): void;
}

export function createReadCache<V>({ ttlMs, maxEntries }: { ttlMs: number; maxEntries: number }): ReadCache<V> {
  const entries = new Map<string, { value: Promise<V>; until: number }>();
  return {
    get(key, load) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.until > now) return hit.value;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      const value = load();
      entries.set(key, { value, until: now + ttlMs });
      // A failed load is not remembered.
      value.catch(() => entries.delete(key));
      return value;
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}

/** How long cached rows may be stale in another process: short enough for "the next request" in practice. */
export const READ_CACHE_TTL_MS = 2000;

const perDatabase = new WeakMap<object, Map<string, ReadCache<unknown>>>();

/**
 * The cache `name` of this database, shared by every repository made for it, so that a write through any of them
 * drops what the others would read.
 */
export function sharedReadCache<V>(db: object, name: string, maxEntries: number): ReadCache<V> {
  let caches = perDatabase.get(db);
  if (!caches) perDatabase.set(db, (caches = new Map()));
  let cache = caches.get(name);
  if (!cache) caches.set(name, (cache = createReadCache<unknown>({ ttlMs: READ_CACHE_TTL_MS, maxEntries })));
  return cache as ReadCache<V>;
}
