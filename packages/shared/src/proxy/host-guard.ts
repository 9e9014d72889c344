import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Host names a dev server answers without configuration: localhost, *.localhost and IP literals (the same
 * default as Vite's `server.allowedHosts`). A DNS-rebinding page (evil.test resolving to 127.0.0.1) arrives
 * with its own name in Host and is refused.
 */
export function isDefaultAllowedHost(hostname: string): boolean {
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0;
}

export function hostnameOf(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
}

/** Where a user of a host without a named setting adds a host name. */
export const defaultAllowedHostsSetting = "the dev server's allowed hosts";

/**
 * Why a request must be refused for its Host, or undefined to accept it: a DNS-rebinding page arrives with its
 * own name in Host. `setting` is where this host's users allow a name of theirs (`server.allowedHosts in
 * vite.config`), for the fix in the message.
 */
export function refuseHost(
  req: IncomingMessage,
  isAllowedHost: (hostname: string) => boolean,
  setting = defaultAllowedHostsSetting,
): string | undefined {
  const host = req.headers.host ?? '';
  if (host && isAllowedHost(hostnameOf(host))) return undefined;
  return `the Host "${host}" is not one this dev server accepts (if the name is yours, add it to ${setting})`;
}

/**
 * Why a WebSocket upgrade must be refused, or undefined to accept it. Browsers let any page open a WebSocket
 * to any host and send its cookies (cross-site WebSocket hijacking); they always send `Origin`, so an upgrade
 * is accepted only from the dev server's own origin, on a host the dev server accepts. Clients without an
 * Origin (CLI tools, tests) are not browsers and are let through.
 */
export function refuseUpgrade(
  req: IncomingMessage,
  isAllowedHost: (hostname: string) => boolean,
  setting?: string,
): string | undefined {
  const hostRefusal = refuseHost(req, isAllowedHost, setting);
  if (hostRefusal) return hostRefusal;
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `the Origin "${origin}" is not a valid origin`;
  }
  if (originHost !== host) {
    return `the page at ${origin} is not this dev server (${host}); only the app's own pages may open proxied WebSockets`;
  }
  return undefined;
}
