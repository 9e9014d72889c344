import type { IncomingMessage, ServerResponse } from 'node:http';

type RequestListener = (this: unknown, req: IncomingMessage, res: ServerResponse) => void;

/** A Node HTTP(S) server, as far as taking its requests goes (`http.Server` fits). */
export interface RequestEmitter {
  listeners(event: 'request'): readonly unknown[];
  removeListener(event: 'request', listener: RequestListener): unknown;
  on(event: 'request', listener: RequestListener): unknown;
}

/**
 * Puts the proxy in front of the host's whole middleware stack on the host's own HTTP server: a request under
 * a route goes from the server straight to the proxy, everything else to the host's app as before.
 *
 * Why: every middleware a host runs first (Vite's `#` check, `server.cors`, the host check) costs CPU on each
 * proxied request (BENCHMARKS.md, "where the CPU goes"), and a host's CORS middleware answers OPTIONS and adds
 * its own Access-Control-* headers to API responses, which would hide the upstream's real CORS behaviour. The
 * host check is not lost: the core repeats the host's allowed-hosts rule (`guardHttpHosts`).
 *
 * Returns false, changing nothing, when the server does not have exactly one request listener (the host's
 * app): then something else owns the server and the adapter stays a plain middleware.
 */
export function takeRequestsFirst(
  server: RequestEmitter,
  handleRequest: (req: IncomingMessage, res: ServerResponse) => boolean,
): boolean {
  const listeners = server.listeners('request');
  const hostApp = listeners[0] as RequestListener | undefined;
  if (listeners.length !== 1 || typeof hostApp !== 'function') return false;
  server.removeListener('request', hostApp);
  server.on('request', function proxyFirst(this: unknown, req, res) {
    if (!handleRequest(req, res)) hostApp.call(this, req, res);
  });
  return true;
}
