import cors from 'cors';
import type { CorsAllowlist } from '../config/production-options.js';
import type { HeaderLine, ObservedResponse } from '../cors/types.js';

/** The request a browser sends to a server guarded by the allowlist (only what the `cors` package reads). */
export interface SimulatedRequest {
  /** The `Origin` header, e.g. `https://app.example.com` or `null`. */
  readonly origin: string;
  /** The method the page uses: the preflight carries it as `Access-Control-Request-Method`. */
  readonly method: string;
  /** The preflight's `Access-Control-Request-Headers`, e.g. `content-type,x-request-id`. */
  readonly accessControlRequestHeaders?: string;
}

/**
 * The status an app answers with once the `cors` middleware calls `next()`. We do not know the app's routes, so
 * we assume the route exists and succeeds; CORS only looks at the headers, which are all `cors`'s. A preflight
 * only reaches the app when `cors` refused the origin outright (`origin: false` or a function saying no); an
 * Express app then answers OPTIONS itself (200 with `Allow`), still without any CORS header.
 */
const appStatus = 200;

/** What `cors` accepts as a decided origin (its `StaticOrigin`, which @types/cors does not export). */
type StaticOrigin = Exclude<NonNullable<cors.CorsOptions['origin']>, (...args: never) => unknown>;

/**
 * Our declared shape → the `cors` package's options. The function form differs: ours is synchronous
 * `(origin) => boolean`, theirs takes a callback. Keys left out stay out: `cors` copies an explicit
 * `origin: undefined` over its `'*'` default (and then sends no CORS header at all), while a declared allowlist
 * that omits `origin` means the package default.
 */
function toCorsOptions(allowlist: CorsAllowlist): cors.CorsOptions {
  const options: cors.CorsOptions = {};
  const { origin } = allowlist;
  if (typeof origin === 'function') {
    options.origin = (requestOrigin, callback) => {
      let allowed: unknown;
      try {
        allowed = origin(requestOrigin);
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      // A Promise is truthy: handed to `cors` it would admit every origin. Refuse rather than simulate that.
      if (typeof (allowed as PromiseLike<unknown> | null)?.then === 'function') {
        throw new Error(
          `[cors-dev-proxy] the allowlist's origin function returned a Promise for origin "${requestOrigin}"; the audit needs a synchronous answer. Declare it as, e.g., origin: (origin) => origin === 'https://app.example.com'.`,
        );
      }
      callback(null, allowed as StaticOrigin);
    };
  } else if (origin !== undefined) {
    options.origin = origin satisfies StaticOrigin;
  }
  if (allowlist.methods !== undefined) options.methods = allowlist.methods;
  if (allowlist.allowedHeaders !== undefined) options.allowedHeaders = allowlist.allowedHeaders;
  if (allowlist.exposedHeaders !== undefined) options.exposedHeaders = allowlist.exposedHeaders;
  if (allowlist.credentials !== undefined) options.credentials = allowlist.credentials;
  if (allowlist.maxAge !== undefined) options.maxAge = allowlist.maxAge;
  if (allowlist.optionsSuccessStatus !== undefined)
    options.optionsSuccessStatus = allowlist.optionsSuccessStatus;
  return options;
}

/** The smallest `res` the middleware (and `vary`, which it calls) needs: it records what it is told. */
function createRecordingResponse() {
  const headers = new Map<string, { name: string; value: string }>();
  const response = {
    statusCode: appStatus,
    ended: false,
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), {
        name,
        value: Array.isArray(value) ? value.join(', ') : String(value),
      });
      return response;
    },
    getHeader(name: string): string | undefined {
      return headers.get(name.toLowerCase())?.value;
    },
    end() {
      response.ended = true;
      return response;
    },
  };
  const lines = (): HeaderLine[] => [...headers.values()].map(({ name, value }) => [name, value] as const);
  return { response, lines };
}

/**
 * What a server using the `cors` package with `allowlist` answers to one request: the preflight (`OPTIONS`
 * with `Access-Control-Request-Method`/`-Headers`) or the actual request.
 *
 * We run the real `cors` middleware rather than re-implementing it, so the simulation is exact by construction:
 * its quirks are the production server's quirks — `origin: '*'` with `credentials: true` sends both headers
 * (which browsers refuse), a non-matching array still answers the preflight with 204 and
 * `Access-Control-Allow-Methods`, `allowedHeaders` left out reflects whatever the browser asked for, and an
 * origin function answering `false` skips CORS entirely. A hand-written model would drift from the package on
 * every such detail, and the verdict built on it would be wrong exactly where the audit matters.
 *
 * Synchronous: `cors` calls its callbacks synchronously when the origin is static or our synchronous function.
 */
export function simulateAllowlist(
  allowlist: CorsAllowlist,
  request: SimulatedRequest,
  kind: 'preflight' | 'actual',
): ObservedResponse {
  const req = {
    method: kind === 'preflight' ? 'OPTIONS' : request.method,
    headers: {
      origin: request.origin,
      // Browsers send these on the preflight only.
      ...(kind === 'preflight' ? { 'access-control-request-method': request.method } : {}),
      ...(kind === 'preflight' && request.accessControlRequestHeaders !== undefined
        ? { 'access-control-request-headers': request.accessControlRequestHeaders }
        : {}),
    },
  };
  const { response, lines } = createRecordingResponse();
  let passedToApp = false;
  let failure: unknown;
  cors(toCorsOptions(allowlist))(req, response, (error?: unknown) => {
    passedToApp = true;
    failure = error;
  });
  if (failure !== undefined && failure !== null) {
    throw new Error(
      `[cors-dev-proxy] the allowlist's origin check failed for origin "${request.origin}": ${String(failure)}. Make the allowlist's origin function return true or false without throwing.`,
    );
  }
  if (!passedToApp && !response.ended) {
    // Only an asynchronous origin check leaves the middleware unfinished; our type does not allow one, but a
    // JavaScript config can still pass a function that answers later.
    throw new Error(
      `[cors-dev-proxy] the allowlist's origin check did not answer synchronously for origin "${request.origin}". Declare origin as a synchronous function, e.g. origin: (origin) => origin === 'https://app.example.com'.`,
    );
  }
  // Passed through: the app answers the request itself, with the headers cors set before.
  return { status: response.ended ? response.statusCode : appStatus, headers: lines() };
}
