import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { ResolvedRoute } from '../config/options.js';
import { envProxyAgentFor } from '../outbound/env-proxy.js';
import { UpstreamStillRefusedError } from './diagnose-upstream-error.js';

export interface UpstreamAgentHooks {
  /** The upstream refused a connection and the agent keeps trying (called once per outage). */
  onWaiting(): void;
  /** A connection succeeded after waiting, or after the upstream was found down. */
  onUp(): void;
}

type ConnectionCallback = (error: Error | null, socket?: Duplex) => void;
type CreateConnection = (options: object, callback: ConnectionCallback) => Duplex | undefined;

/** What one route's agent knows about its upstream; shared by all of its requests. */
type Reachability =
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
 * Makes an agent wait for a backend that is not up yet: a refused connection is retried with a short backoff
 * until `retryConnectMs` has passed since the outage began, and only then fails. The request waits in the
 * agent's queue meanwhile, so nothing is sent twice and request bodies stay intact. (Node's Agent accepts an
 * asynchronous createConnection that answers through its callback.)
 *
 * Requests that arrive during that window wait in the same window. Once it has passed refused, the backend
 * is not starting but stopped: later requests try one connection (it costs nothing, and the backend may be
 * back) and, refused, fail at once instead of each waiting the window again (issue 10). The first connection
 * that succeeds ends the outage, so a backend that stops later gets the whole window again.
 */
function withConnectRetry(
  agent: http.Agent,
  secure: boolean,
  retryConnectMs: number,
  hooks: UpstreamAgentHooks,
): http.Agent {
  if (retryConnectMs <= 0) return agent;
  const target = agent as unknown as { createConnection: CreateConnection };
  const connect = target.createConnection.bind(agent);
  let reachability: Reachability = { phase: 'up' };
  /** Requests waiting for their next attempt; agent.destroy() fails them rather than leaving their timers. */
  const retrying = new Set<() => void>();
  target.createConnection = (options, callback) => {
    let delay = 50;
    /** This request waited in a window: its failure is the plain one, not "did not wait". */
    let inWindow = false;
    const attempt = () => {
      const socket = connect(options, () => undefined) as Duplex;
      const onError = (error: NodeJS.ErrnoException) => {
        socket.destroy();
        if (!isRefused(error)) {
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
        callback(inWindow ? error : new UpstreamStillRefusedError(error, retryConnectMs, reachability.since));
      };
      socket.once('error', onError);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        socket.removeListener('error', onError);
        (socket as Duplex & { [connectedAt]?: number })[connectedAt] = performance.now();
        if (reachability.phase !== 'up') {
          reachability = { phase: 'up' };
          hooks.onUp();
        }
        callback(null, socket);
      });
    };
    attempt();
    return undefined;
  };
  const destroy = agent.destroy.bind(agent);
  agent.destroy = () => {
    for (const cancel of retrying) cancel();
    retrying.clear();
    destroy();
  };
  return agent;
}

/**
 * When a pooled connection came up (`performance.now()`), on the socket itself: the dashboard's connect time
 * for the request that opened it, with no listener per request.
 */
export const connectedAt = Symbol('cors-dev-proxy connected at');

/**
 * The retry window never outlasts the request's own time limit: a backend that stays down must end as
 * "nothing is listening" (502, with the loopback hint), not as a timeout.
 */
export function connectRetryWindow(route: ResolvedRoute): number {
  return Math.min(route.retryConnectMs, Math.floor(route.timeoutMs * 0.8));
}

/**
 * One keep-alive agent per route. Reusing upstream connections is the single biggest speed difference to
 * Vite's `server.proxy`, which opens a new TCP (and TLS) connection for every request. Through a corporate
 * proxy when the environment says so (env-proxy.ts); otherwise directly, waiting for a backend that is
 * still starting.
 */
export function createUpstreamAgent(route: ResolvedRoute, hooks: UpstreamAgentHooks): http.Agent {
  const tls = { rejectUnauthorized: route.secure, ...(route.ca ? { ca: route.ca } : {}) };
  const proxied = envProxyAgentFor(route.target, tls);
  if (proxied) return proxied;
  const common = { keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo' as const };
  const secure = route.target.protocol === 'https:';
  const agent = secure ? new https.Agent({ ...common, ...tls }) : new http.Agent(common);
  return withConnectRetry(agent, secure, connectRetryWindow(route), hooks);
}
