import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { ResolvedRoute } from '../config/options.js';
import { envProxyAgentFor } from './env-proxy.js';

export interface UpstreamAgentHooks {
  /** The upstream refused a connection and the agent keeps trying (called once per outage). */
  onWaiting(): void;
  /** A connection succeeded after waiting. */
  onUp(): void;
}

type ConnectionCallback = (error: Error | null, socket?: Duplex) => void;
type CreateConnection = (options: object, callback: ConnectionCallback) => Duplex | undefined;

function isRefused(error: NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }): boolean {
  // Happy eyeballs (Node 20+) wraps one error per address family in an AggregateError.
  return (
    error.code === 'ECONNREFUSED' ||
    Boolean(error.errors?.length && error.errors.every((inner) => inner.code === 'ECONNREFUSED'))
  );
}

/**
 * Makes an agent wait for a backend that is not up yet: a refused connection is retried with a short backoff
 * until `retryConnectMs` has passed, and only then fails. The request waits in the agent's queue meanwhile,
 * so nothing is sent twice and request bodies stay intact. (Node's Agent accepts an asynchronous
 * createConnection that answers through its callback.)
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
  let waiting = false;
  target.createConnection = (options, callback) => {
    const deadline = Date.now() + retryConnectMs;
    let delay = 50;
    const attempt = () => {
      const socket = connect(options, () => undefined) as Duplex;
      const onError = (error: NodeJS.ErrnoException) => {
        socket.destroy();
        if (isRefused(error) && Date.now() + delay < deadline) {
          if (!waiting) {
            waiting = true;
            hooks.onWaiting();
          }
          setTimeout(attempt, delay);
          delay = Math.min(delay * 2, 500);
          return;
        }
        callback(error);
      };
      socket.once('error', onError);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        socket.removeListener('error', onError);
        if (waiting) {
          waiting = false;
          hooks.onUp();
        }
        callback(null, socket);
      });
    };
    attempt();
    return undefined;
  };
  return agent;
}

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
