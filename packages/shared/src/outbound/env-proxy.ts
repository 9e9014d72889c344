/// <reference path="../types/proxy-from-env.d.ts" />
import type http from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import type { Dispatcher } from 'undici';

/** The TLS options a route applies to its upstream (end to end, also through a tunnel). */
export interface UpstreamTls {
  ca?: string | Buffer | Array<string | Buffer>;
  rejectUnauthorized?: boolean;
}

/**
 * Corporate networks: `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (and lower-case forms) decide whether an
 * upstream is reached through a forward proxy, as curl and most tools do. Which proxy, if any, is decided once
 * here (proxy-from-env), so proxied HTTP, WebSockets and the probes agree.
 *
 * HTTP requests (the proxy's forwarder) go through undici's ProxyAgent: https targets through a CONNECT tunnel
 * (TLS stays end to end, so `ca`/`secure` still apply to the upstream), http targets to the proxy in absolute
 * form (`proxyTunnel: false`), as corporate proxies expect plain HTTP.
 *
 * @returns a dispatcher for the proxy, or undefined when the URL is reached directly.
 */
export function envProxyDispatcherFor(
  undici: Pick<typeof import('undici'), 'ProxyAgent'>,
  target: URL,
  tls: UpstreamTls = {},
): Dispatcher | undefined {
  const proxy = envProxyUrlFor(target)?.href;
  if (!proxy) return undefined;
  return new undici.ProxyAgent({
    uri: proxy,
    proxyTunnel: false,
    requestTls: tls,
    // Our own time limit (timeoutMs until the first answer, none once a stream has started) applies instead.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}

/**
 * For node:http clients (WebSocket upgrades through http-proxy-middleware, the audit's WebSocket probe): a CONNECT
 * tunnel through the proxy for ws:// and wss:// alike (https-proxy-agent). An upgrade is a tunnel anyway, and
 * one agent for both keeps http-proxy-agent out of the dependencies now that HTTP requests go through undici.
 *
 * @returns an agent for the proxy, or undefined when the URL is reached directly.
 */
export function envProxyAgentFor(
  target: URL,
  tls: UpstreamTls = {},
  keepAlive = true,
): http.Agent | undefined {
  const proxy = envProxyUrlFor(target)?.href;
  if (!proxy) return undefined;
  return new HttpsProxyAgent(proxy, { keepAlive, ...tls }) as unknown as http.Agent;
}

/**
 * The forward proxy the environment names for `target` (credentials included), or undefined when it is reached
 * directly. The live check's own client (cors/wire-client.ts) speaks to it; the agents above use it too.
 */
export function envProxyUrlFor(target: URL): URL | undefined {
  const proxy = getProxyForUrl(target.href);
  return proxy ? new URL(proxy) : undefined;
}

/** For messages: the proxy an URL goes through, with credentials removed. */
export function envProxyFor(target: URL): string | undefined {
  const url = envProxyUrlFor(target);
  if (!url) return undefined;
  url.username = '';
  url.password = '';
  return url.origin;
}
