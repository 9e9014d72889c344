import { UpstreamStillRefusedError } from './diagnose-upstream-error.js';

export interface UpstreamReachabilityHooks {
  /** The upstream refused a connection and requests keep trying (called once per outage). */
  onWaiting(): void;
  /** A connection succeeded after waiting, or after the upstream was found down. */
  onUp(): void;
}

/** One connection attempt: `done(null, socket)` once connected (TLS included), `done(error)` when it failed. */
export type ConnectOnce<Socket> = (done: (error: Error | null, socket?: Socket) => void) => void;

/** What one route knows about its upstream, shared by its HTTP pool and its WebSocket agent. */
export interface UpstreamReachability {
  /**
   * Connects through `connectOnce`, retrying a refused connection while the backend may still be starting;
   * answers `callback` once, with the socket or the error to fail the request with.
   */
  connect<Socket extends object>(
    connectOnce: ConnectOnce<Socket>,
    callback: (error: Error | null, socket?: Socket) => void,
  ): void;
  /** When the last connection came up (`performance.now()`), for the dashboard's connect time. */
  readonly lastConnectedAt: number;
  /** Fails every request waiting for its next attempt (the route is closing), rather than leave their timers. */
  cancel(): void;
}

type Phase =
  | { readonly phase: 'up' }
  /** Refused since the first request found it so: every request retries until `until` (one window). */
  | { readonly phase: 'waiting'; readonly until: number }
  /** A whole window passed refused, at `since`: a request tries once and fails at once. */
  | { readonly phase: 'down'; readonly since: number };

function isRefused(error: NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }): boolean {
  // Happy eyeballs (Node 20+) wraps one error per address family in an AggregateError.
  return (
    error.code === 'ECONNREFUSED' ||
    Boolean(error.errors?.length && error.errors.every((inner) => inner.code === 'ECONNREFUSED'))
  );
}

/**
 * Waits for a backend that is not up yet: a refused connection is retried with a short backoff until
 * `retryConnectMs` has passed since the outage began, and only then fails. The request waits in its
 * connection pool's queue meanwhile, so nothing is sent twice and request bodies stay intact.
 *
 * Requests that arrive during that window wait in the same window. Once it has passed refused, the backend
 * is not starting but stopped: later requests try one connection (it costs nothing, and the backend may be
 * back) and, refused, fail at once instead of each waiting the window again (issue 10). The first connection
 * that succeeds ends the outage, so a backend that stops later gets the whole window again.
 *
 * Engine-free (a connect function in, a socket out) so the HTTP pool (undici) and the WebSocket agent
 * (node:http, for http-proxy-middleware) share one state per route: an outage seen by one is seen by both.
 */
export function createUpstreamReachability(
  retryConnectMs: number,
  hooks: UpstreamReachabilityHooks,
): UpstreamReachability {
  let reachability: Phase = { phase: 'up' };
  /** Requests waiting for their next attempt. */
  const retrying = new Set<() => void>();
  const self = {
    lastConnectedAt: Number.NEGATIVE_INFINITY,
    connect<Socket extends object>(
      connectOnce: ConnectOnce<Socket>,
      callback: (error: Error | null, socket?: Socket) => void,
    ): void {
      let delay = 50;
      /** This request waited in a window: its failure is the plain one, not "did not wait". */
      let inWindow = false;
      const attempt = () =>
        connectOnce((error, socket) => {
          if (!error) {
            self.lastConnectedAt = performance.now();
            if (reachability.phase !== 'up') {
              reachability = { phase: 'up' };
              hooks.onUp();
            }
            callback(null, socket);
            return;
          }
          if (retryConnectMs <= 0 || !isRefused(error)) {
            callback(error);
            return;
          }
          const now = Date.now();
          if (reachability.phase === 'up') {
            reachability = { phase: 'waiting', until: now + retryConnectMs };
            hooks.onWaiting();
          }
          if (reachability.phase === 'waiting') {
            inWindow = true;
            if (now + delay < reachability.until) {
              const timer = setTimeout(() => {
                retrying.delete(cancel);
                attempt();
              }, delay);
              // The pending request keeps the server busy; the retry itself must not keep a process alive.
              timer.unref();
              const cancel = () => {
                clearTimeout(timer);
                callback(error);
              };
              retrying.add(cancel);
              delay = Math.min(delay * 2, 500);
              return;
            }
            reachability = { phase: 'down', since: now };
          }
          callback(
            inWindow ? error : new UpstreamStillRefusedError(error, retryConnectMs, reachability.since),
          );
        });
      attempt();
    },
    cancel(): void {
      for (const cancel of retrying) cancel();
      retrying.clear();
    },
  };
  return self;
}

/**
 * The retry window never outlasts the request's own time limit: a backend that stays down must end as
 * "nothing is listening" (502, with the loopback hint), not as a timeout.
 */
export function connectRetryWindow(route: {
  readonly retryConnectMs: number;
  readonly timeoutMs: number;
}): number {
  return Math.min(route.retryConnectMs, Math.floor(route.timeoutMs * 0.8));
}
