import type { ExchangeRecord } from './request-ring.js';

/** One flush to the dashboard pages: what changed since the last one. */
export interface FeedBatch {
  readonly records: readonly ExchangeRecord[];
  /** Changed records left out of this batch (a burst): the page reloads the table instead. */
  readonly dropped: number;
  readonly routesChanged: boolean;
  readonly productionChanged: boolean;
}

export interface DashboardFeed {
  /** A record was added or changed. Without an open dashboard page this is one size check. */
  changed(record: ExchangeRecord): void;
  routesChanged(): void;
  productionChanged(): void;
  /** Listens for batches; returns the function that stops listening. */
  subscribe(listener: (batch: FeedBatch) => void): () => void;
}

export interface FeedLimits {
  /** At most one batch per interval. @default 150 (about 7 a second) */
  readonly intervalMs?: number;
  /** At most this many records per batch, the newest. @default 200 */
  readonly maxRecords?: number;
}

/**
 * Changes to the dashboard's pages, throttled: a burst of thousands of requests a second becomes a few batches
 * a second of at most `maxRecords` records each, so neither the proxy (one Set insertion per change) nor the
 * page (a few DOM updates a second) is flooded. Nothing is collected while no page listens.
 */
export function createDashboardFeed(limits: FeedLimits = {}): DashboardFeed {
  const intervalMs = limits.intervalMs ?? 150;
  const maxRecords = limits.maxRecords ?? 200;
  const listeners = new Set<(batch: FeedBatch) => void>();
  let dirty = new Set<ExchangeRecord>();
  let routes = false;
  let production = false;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    const changed = [...dirty];
    dirty = new Set();
    // Newest first; ids grow with arrival.
    changed.sort((a, b) => b.id - a.id);
    const batch: FeedBatch = {
      records: changed.slice(0, maxRecords),
      dropped: Math.max(0, changed.length - maxRecords),
      routesChanged: routes,
      productionChanged: production,
    };
    routes = false;
    production = false;
    for (const listener of listeners) listener(batch);
  };
  const schedule = () => {
    timer ??= setTimeout(flush, intervalMs);
  };
  return {
    changed(record) {
      if (listeners.size === 0) return;
      dirty.add(record);
      schedule();
    },
    routesChanged() {
      if (listeners.size === 0) return;
      routes = true;
      schedule();
    },
    productionChanged() {
      if (listeners.size === 0) return;
      production = true;
      schedule();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearTimeout(timer);
          timer = undefined;
          dirty = new Set();
        }
      };
    },
  };
}
