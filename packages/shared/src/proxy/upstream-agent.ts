import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { ResolvedRoute } from '../config/options.js';
import { envProxyAgentFor } from '../outbound/env-proxy.js';
import type { UpstreamReachability } from './upstream-reachability.js';

type ConnectionCallback = (error: Error | null, socket?: Duplex) => void;
type CreateConnection = (options: object, callback: ConnectionCallback) => Duplex | undefined;

/**
 * The route's retry window on a Node agent: its createConnection answers through its callback (Node's Agent
 * accepts an asynchronous one), after upstream-reachability.ts has waited for a starting backend.
 */
function withConnectRetry(
  agent: http.Agent,
  secure: boolean,
  reachability: UpstreamReachability,
): http.Agent {
  const target = agent as unknown as { createConnection: CreateConnection };
  const connect = target.createConnection.bind(agent);
  target.createConnection = (options, callback) => {
    reachability.connect<Duplex>((done) => {
      const socket = connect(options, () => undefined) as Duplex;
      const onError = (error: Error) => {
        socket.destroy();
        done(error);
      };
      socket.once('error', onError);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        socket.removeListener('error', onError);
        done(null, socket);
      });
    }, callback);
    return undefined;
  };
  return agent;
}

/**
 * One keep-alive agent per route for its WebSocket upgrades, which stay on http-proxy-middleware (HTTP requests
 * go through the route's undici pool, upstream-pool.ts). Through a corporate proxy when the environment says so
 * (env-proxy.ts); otherwise directly, waiting for a backend that is still starting, in the same window as the
 * route's HTTP requests.
 */
export function createUpstreamAgent(route: ResolvedRoute, reachability: UpstreamReachability): http.Agent {
  const tls = { rejectUnauthorized: route.secure, ...(route.ca ? { ca: route.ca } : {}) };
  const proxied = envProxyAgentFor(route.target, tls);
  if (proxied) return proxied;
  const common = { keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo' as const };
  const secure = route.target.protocol === 'https:';
  const agent = secure ? new https.Agent({ ...common, ...tls }) : new http.Agent(common);
  return withConnectRetry(agent, secure, reachability);
}
