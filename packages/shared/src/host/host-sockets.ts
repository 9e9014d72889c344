import type { IncomingMessage } from 'node:http';

/**
 * Recognises the host's own WebSockets (HMR and friends) so they are never claimed, even by a catch-all `/`
 * route: by subprotocol (Vite: `vite-hmr`, `vite-ping`) and/or by path (webpack-dev-server: `/ws`).
 */
export function hostSocketMatcher(own: {
  readonly subprotocols?: readonly string[];
  readonly paths?: readonly string[];
}): (req: IncomingMessage) => boolean {
  const subprotocols = new Set(own.subprotocols ?? []);
  const paths = new Set(own.paths ?? []);
  return function isHostSocket(req) {
    const protocol = String(req.headers['sec-websocket-protocol'] ?? '');
    if (protocol?.split(',').some((entry) => subprotocols.has(entry.trim()))) return true;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    return paths.has(path);
  };
}
