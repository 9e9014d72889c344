import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { CorsDevProxy } from '../proxy/create-proxy.js';

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** What the kit needs of a host's HTTP(S) server: Node's `http.Server`, `https.Server`, `Http2SecureServer`. */
export interface ServerLike {
  readonly listening: boolean;
  address(): AddressInfo | string | null;
  prependListener(event: 'upgrade', listener: UpgradeListener): unknown;
  off(event: 'upgrade', listener: UpgradeListener): unknown;
  once(event: 'listening' | 'close', listener: () => void): unknown;
}

export interface AttachOptions {
  /** The server speaks TLS: the local origin the browser uses is https://localhost:<port>. */
  readonly secure: boolean;
}

/**
 * Wires the proxy to the host's server: an `upgrade` listener first in line (so a claimed socket is renamed
 * before the host's own proxy listener looks at it; the host's HMR sockets are never claimed), the dashboard's URL
 * printed and the production allowlist replayed with the local origin once the server listens, and `close()` when the server closes.
 */
export function attachToServer(proxy: CorsDevProxy, server: ServerLike, options: AttachOptions): void {
  const onUpgrade: UpgradeListener = (req, socket, head) => {
    proxy.upgrade(req, socket, head);
  };
  server.prependListener('upgrade', onUpgrade);
  server.once('close', () => {
    server.off('upgrade', onUpgrade);
    void proxy.close();
  });
  const auditor = proxy.auditor;
  const listening = () => {
    const address = server.address();
    if (!address || typeof address === 'string') return;
    const localOrigin = `${options.secure ? 'https' : 'http'}://localhost:${address.port}`;
    proxy.announceDashboard(localOrigin);
    // Can the app call the API directly, and does the allowlist admit origins it should not?
    if (auditor) void auditor.replayLocalOrigin(localOrigin);
  };
  if (server.listening) listening();
  else server.once('listening', listening);
}

/**
 * For hosts that hand a middleware no server (Angular's middleware extension): attaches to the server of the
 * first request that arrives (`req.socket.server`). A WebSocket opened before any HTTP request is not seen;
 * browsers load the page first. Call the returned function from the middleware, on every request (after the
 * first it is one comparison).
 */
export function attachOnFirstRequest(
  proxy: CorsDevProxy,
  options: AttachOptions,
): (req: IncomingMessage) => void {
  let attached = false;
  return function attachOnce(req) {
    if (attached) return;
    const server = (req.socket as { server?: ServerLike }).server;
    if (!server || typeof server.prependListener !== 'function') return;
    attached = true;
    attachToServer(proxy, server, options);
  };
}
