import type { Client } from '../domain/client';
import type { Release } from '../domain/release';
import type { Staff } from '../domain/staff';
import type { ClientStore, Clock, ReleaseStore, StaffStore } from '../usecases/ports';

/**
 * Clients, staff and releases change rarely and are read on every chat message and card click
 * (who is this, which client, which release). Each list is kept for `ttlInMs` and dropped at
 * once by this process's own writes; another process's edits show within the TTL.
 */
class CachedList<T> {
  private cached?: { at: number; items: Promise<T[]> };

  constructor(
    private readonly load: () => Promise<T[]>,
    private readonly clock: Clock,
    private readonly ttlInMs: number,
  ) {}

  list(): Promise<T[]> {
    const now = this.clock.now().getTime();
    if (!this.cached || now - this.cached.at > this.ttlInMs || now < this.cached.at) {
      const items = this.load();
      this.cached = { at: now, items };
      items.catch(() => (this.cached = undefined));
    }
    return this.cached.items.then((items) => [...items]);
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

export interface CachedDirectoryOptions {
  ttlInMs?: number;
  /** Real time, not the app's (tests move the app's clock by days). */
  clock?: Clock;
}

const realClock: Clock = { now: () => new Date() };

export function cachedClients(store: ClientStore, options: CachedDirectoryOptions = {}): ClientStore {
  const cache = new CachedList(() => store.list(), options.clock ?? realClock, options.ttlInMs ?? 10_000);
  return {
    list: () => cache.list(),
    get: async (id) => (await cache.list()).find((c: Client) => c.id === id),
    upsert: async (client) => {
      await store.upsert(client);
      cache.invalidate();
    },
  };
}

export function cachedStaff(store: StaffStore, options: CachedDirectoryOptions = {}): StaffStore {
  const cache = new CachedList(() => store.list(), options.clock ?? realClock, options.ttlInMs ?? 10_000);
  return {
    list: () => cache.list(),
    get: async (id) => (await cache.list()).find((s: Staff) => s.aadObjectId === id),
    upsert: async (staff) => {
      await store.upsert(staff);
      cache.invalidate();
    },
  };
}

export function cachedReleases(store: ReleaseStore, options: CachedDirectoryOptions = {}): ReleaseStore {
  const cache = new CachedList(() => store.list(), options.clock ?? realClock, options.ttlInMs ?? 10_000);
  return {
    list: () => cache.list(),
    get: async (version) => (await cache.list()).find((r: Release) => r.version === version),
    create: async (release, createOptions) => {
      try {
        return await store.create(release, createOptions);
      } finally {
        cache.invalidate();
      }
    },
  };
}
