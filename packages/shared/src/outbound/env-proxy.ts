/// <reference path="../types/proxy-from-env.d.ts" />
import type http from 'node:http';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/**
 * Corporate networks: `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (and lower-case forms) decide whether an
 * upstream is reached through a forward proxy, as curl and most tools do. https targets go through a CONNECT
 * tunnel (TLS stays end to end, so `ca`/`secure` still apply to the upstream); http targets are sent to the
 * proxy in absolute form. Delegated to the maintained proxy-from-env and http(s)-proxy-agent packages.
 *
 * @returns an agent for the proxy, or undefined when the URL is reached directly.
 */
export function envProxyAgentFor(
  target: URL,
  tls: { ca?: string | Buffer | Array<string | Buffer>; rejectUnauthorized?: boolean } = {},
  keepAlive = true,
): http.Agent | undefined {
  const proxy = envProxyUrlFor(target)?.href;
  if (!proxy) return undefined;
  if (target.protocol === 'https:') {
    return new HttpsProxyAgent(proxy, { keepAlive, ...tls }) as unknown as http.Agent;
  }
  return new HttpProxyAgent(proxy, { keepAlive }) as unknown as http.Agent;
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
