import type { IncomingHttpHeaders } from 'node:http';

/** What a proxied exchange is: a plain request, a server-sent event stream, or a WebSocket. */
export type ExchangeKind = 'http' | 'event-stream' | 'websocket';

/** Why the upstream failed, as the proxy diagnosed it (proxy/diagnose-upstream-error.ts). */
export interface FailureDiagnosis {
  readonly kind: string;
  readonly code: string;
  readonly cause: string;
  readonly hint: string;
}

/** One cookie the proxy rewrote (proxy/cookies.ts): what it changed, or why the browser cannot store it. */
export interface CookieNote {
  readonly name: string;
  readonly rewrite: { readonly notes: readonly string[]; readonly unusable?: string | undefined };
}

/**
 * One proxied request as the dashboard shows it. Recorded from the forwarder by reference (the header objects
 * are the proxy's own, not copies) and filled in as the exchange goes on; redacted only when a page asks for
 * it (dashboard-data.ts), so a proxy nobody watches pays for an object and a few assignments per request.
 */
export interface ExchangeRecord {
  readonly id: number;
  /** Epoch ms when the request arrived. */
  readonly time: number;
  /** `performance.now()` when it arrived: the timings below are offsets from it. */
  readonly startedAt: number;
  readonly method: string;
  /** The path (and query, redacted when shown) the page asked for. */
  readonly localUrl: string;
  readonly route: string;
  /** The route's target origin and the upstream path: the upstream URL, joined only when shown. */
  readonly upstreamOrigin: string;
  readonly upstreamPath: string;
  /**
   * As the browser sent them; undefined once the record is older than the newest `detailCapacity` (the
   * headers of the four objects are what a record weighs).
   */
  browserHeaders: IncomingHttpHeaders | undefined;
  /** As sent upstream (Host, Origin, Referer rewritten; the route's `headers` added). */
  upstreamHeaders: IncomingHttpHeaders | undefined;
  kind: ExchangeKind;
  /** HTTP status, or a word when none reached the browser (`aborted`, `blocked (enforce)`); undefined while pending. */
  status: number | string | undefined;
  /** The upstream's response headers before our rewrites (the same object as `sentHeaders` when nothing was rewritten). */
  receivedHeaders: IncomingHttpHeaders | undefined;
  /** As sent to the browser. */
  sentHeaders: IncomingHttpHeaders | undefined;
  cookies: readonly CookieNote[] | undefined;
  /** ms until a new upstream connection was up, or `reused` for a pooled one. */
  connectMs: number | 'reused' | undefined;
  /** ms until the upstream's status line and headers. */
  firstByteMs: number | undefined;
  /** ms until the browser's response closed. */
  totalMs: number | undefined;
  /** Body bytes sent to the browser. */
  bytes: number;
  failure: FailureDiagnosis | undefined;
  /** A stream (event stream, WebSocket) still open. */
  open: boolean;
}

export interface RequestRing {
  readonly capacity: number;
  /** How many of the newest records keep their headers. */
  readonly detailCapacity: number;
  add(record: ExchangeRecord): void;
  get(id: number): ExchangeRecord | undefined;
  /** Newest first. */
  list(): ExchangeRecord[];
  /** The next record's id. */
  nextId(): number;
}

/**
 * The last `capacity` exchanges, oldest overwritten: a fixed array and an index, so recording never allocates
 * beyond the record itself and memory stays bounded however long the dev server runs. Only the newest
 * `detailCapacity` keep their header objects: a busy proxy's headers then die young, as they would without
 * the dashboard (config/defaults.ts, `dashboardDetailSize`).
 */
export function createRequestRing(capacity: number, detailCapacity = capacity): RequestRing {
  const slots: (ExchangeRecord | undefined)[] = new Array(capacity);
  let count = 0;
  return {
    capacity,
    detailCapacity,
    add(record) {
      slots[count % capacity] = record;
      count++;
      if (count > detailCapacity) {
        const aged = slots[(count - 1 - detailCapacity) % capacity];
        if (aged) {
          aged.browserHeaders = undefined;
          aged.upstreamHeaders = undefined;
          aged.receivedHeaders = undefined;
          aged.sentHeaders = undefined;
        }
      }
    },
    get(id) {
      // Ids are handed out in order from 1, so a record's slot follows from its id.
      if (!Number.isInteger(id) || id < 1 || id > count || id <= count - capacity) return undefined;
      const record = slots[(id - 1) % capacity];
      return record?.id === id ? record : undefined;
    },
    list() {
      const out: ExchangeRecord[] = [];
      for (let index = count - 1; index >= Math.max(0, count - capacity); index--) {
        const record = slots[index % capacity];
        if (record) out.push(record);
      }
      return out;
    },
    nextId: () => count + 1,
  };
}
