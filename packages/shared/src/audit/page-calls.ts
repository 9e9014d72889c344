import { normalizeMethod } from '../cors/request-rules.js';
import type { CredentialsMode, Initiator } from '../cors/types.js';

/**
 * One `fetch`/XHR call as the page's own script saw it (page-call-reporter.ts): what only the page knows, its
 * credentials mode and request mode, plus enough to find the request the proxy saw (method, path, header
 * names). Never values: no query, no header values, no body.
 */
export interface PageCall {
  readonly initiator: Initiator;
  /** As the code wrote it (`patch` stays lower-case). */
  readonly method: string;
  /** The URL's path on the dev server's origin (same-origin calls only). */
  readonly path: string;
  readonly credentials: CredentialsMode;
  /** `cors`, `no-cors`, `same-origin`, `navigate`. */
  readonly mode: string;
  /** Header names the code set, lower-cased, sorted. */
  readonly headers: readonly string[];
}

const credentialsModes: readonly string[] = ['omit', 'same-origin', 'include'];
const requestModes: readonly string[] = ['cors', 'no-cors', 'same-origin', 'navigate'];
const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

/**
 * A report from a page, validated: anything the page script would not send (another client on the dev
 * server's channel, a broken extension) is dropped rather than trusted.
 */
export function parsePageCall(data: unknown): PageCall | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const call = data as Record<string, unknown>;
  const { initiator, method, path, credentials, mode, headers } = call;
  if (initiator !== 'fetch' && initiator !== 'xhr') return undefined;
  if (typeof method !== 'string' || !token.test(method)) return undefined;
  if (typeof path !== 'string' || !path.startsWith('/') || path.length > 2048) return undefined;
  if (typeof credentials !== 'string' || !credentialsModes.includes(credentials)) return undefined;
  if (typeof mode !== 'string' || !requestModes.includes(mode)) return undefined;
  if (!Array.isArray(headers) || headers.length > 64) return undefined;
  if (!headers.every((name): name is string => typeof name === 'string' && token.test(name)))
    return undefined;
  return {
    initiator,
    method,
    path,
    credentials: credentials as CredentialsMode,
    mode,
    headers: headers.map((name) => name.toLowerCase()).sort(),
  };
}

/** Distinct calls remembered: an app's API surface, with room for ids in paths. */
const maxCalls = 2000;

/**
 * How long the audit waits for a page's report before judging a new shape on the request alone. The page
 * sends its report before it calls the real `fetch`, on a connection that is already open, so it nearly
 * always arrives first; the wait covers the rare overtaking.
 */
export const pageCallWaitMs = 300;

export interface PageCallBook {
  /** A page with the reporting script is connected: new shapes wait briefly for its report. */
  notePage(): void;
  note(call: PageCall): void;
  /**
   * The page's call behind a request the proxy saw (method as sent on the wire, path without query), preferring
   * one that set the request's CORS-unsafe headers; waits up to `pageCallWaitMs` when a page is connected and
   * none came yet.
   */
  find(request: {
    method: string;
    path: string;
    unsafeHeaders: readonly string[];
  }): Promise<PageCall | undefined>;
}

export function createPageCallBook(waitMs = pageCallWaitMs): PageCallBook {
  const calls = new Map<string, PageCall[]>();
  let stored = 0;
  let pages = false;
  const waiters = new Map<string, Set<() => void>>();
  const keyOf = (method: string, path: string) => `${normalizeMethod(method)} ${path}`;

  // The proxy sees headers the browser added too (Accept…), so a call matches when it set every CORS-unsafe
  // header the request carried; the latest call stands in otherwise.
  const pick = (key: string, unsafeHeaders: readonly string[]) => {
    const candidates = calls.get(key);
    if (!candidates) return undefined;
    return (
      candidates.find((call) => unsafeHeaders.every((name) => call.headers.includes(name))) ??
      candidates.at(-1)
    );
  };

  return {
    notePage() {
      pages = true;
    },
    note(call) {
      const key = keyOf(call.method, call.path);
      if (stored >= maxCalls) {
        calls.clear();
        stored = 0;
      }
      const list = calls.get(key) ?? [];
      list.push(call);
      calls.set(key, list);
      stored++;
      for (const wake of waiters.get(key) ?? []) wake();
    },
    async find({ method, path, unsafeHeaders }) {
      const key = keyOf(method, path);
      const known = pick(key, unsafeHeaders);
      if (known || !pages) return known;
      await new Promise<void>((resolve) => {
        const set = waiters.get(key) ?? new Set();
        waiters.set(key, set);
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0) waiters.delete(key);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        timer.unref();
        set.add(done);
      });
      return pick(key, unsafeHeaders);
    },
  };
}
