import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuseHost } from './host-guard.js';

/**
 * Every path the project itself serves lives under this prefix (the audit today; the event stream, client
 * script and dashboard later), so one guard covers them all, present and future.
 */
export const ownPathPrefix = '/__cors-dev-proxy/';

export function isOwnPath(pathname: string): boolean {
  return pathname.startsWith(ownPathPrefix) || pathname === ownPathPrefix.slice(0, -1);
}

/**
 * Why a request to one of our own endpoints must be refused, or undefined to serve it.
 *
 * They expose what the developer's app sent and where production lives, and some of them act (`?replay=` sends
 * probes), so only the app's own pages may use them:
 * - DNS rebinding: a page at evil.example whose name now resolves to 127.0.0.1 sends its own name in Host. The
 *   Host rule applies here even where the host's own check would run later, or is off for HTTPS.
 * - Cross-site reads and requests: Chromium marks a request from another site with `Sec-Fetch-Site` and a
 *   cross-origin fetch with `Origin`; neither may come from anything but this dev server's own origin. Tools
 *   (curl, scripts) send neither and are served.
 */
export function refuseOwnEndpointRequest(
  req: IncomingMessage,
  isAllowedHost: (hostname: string) => boolean,
): string | undefined {
  const hostRefusal = refuseHost(req, isAllowedHost);
  if (hostRefusal) return hostRefusal;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `the request came from a page on another site (Sec-Fetch-Site: ${site}); only the app's own pages may use ${ownPathPrefix}`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost !== req.headers.host) {
    return `the page at ${origin} is not this dev server (${req.headers.host ?? ''}); only the app's own pages may use ${ownPathPrefix}`;
  }
  return undefined;
}

/**
 * Headers for every answer of our own endpoints: no other origin may read or embed them, whatever middleware
 * ran before ours (an app in middleware mode may have put a permissive `cors()` in front of the dev server).
 */
export function lockDownOwnResponse(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) {
    if (name.startsWith('access-control-')) res.removeHeader(name);
  }
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-store');
}

/** A refused or unknown own-endpoint request: plain text, the reason and nothing of what the endpoint holds. */
export function answerOwnEndpoint(res: ServerResponse, status: 403 | 404 | 405, text: string): void {
  lockDownOwnResponse(res);
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-cors-dev-proxy-error': status === 403 ? 'forbidden' : 'endpoint',
    ...(status === 405 ? { allow: 'GET, HEAD' } : {}),
  });
  res.end(`${status} (cors-dev-proxy): ${text}.\n`);
}
