import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { NetworkFailure } from '../cors/live-check.js';
import { envProxyAgentFor } from '../outbound/env-proxy.js';

/** How a production server answered a WebSocket handshake: 101 is accepted, anything else refused. */
export interface UpgradeAnswer {
  readonly status: number;
  readonly accepted: boolean;
}

/**
 * Sends the opening handshake Chromium sends for `new WebSocket(url)` from a page at `origin` (header names and
 * order as Chromium 156 sends them, minus its User-Agent and cookies), reads the status line and closes the
 * connection at once: no frame is ever sent, so nothing reaches the application behind the socket.
 */
export function sendUpgradeProbe(
  url: URL,
  origin: string,
  subprotocols: string | undefined,
  timeoutMs: number,
): Promise<UpgradeAnswer> {
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const target = new URL(url.href.replace(/^ws/, 'http'));
  const client = secure ? https : http;
  // Host first, as Chromium sends it (Node would append it last); it names the target through a proxy too.
  const headers: Record<string, string> = {
    Host: target.host,
    Connection: 'Upgrade',
    Pragma: 'no-cache',
    'Cache-Control': 'no-cache',
    Upgrade: 'websocket',
    Origin: origin,
    'Sec-WebSocket-Version': '13',
    'Accept-Encoding': 'gzip, deflate, br, zstd',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
    ...(subprotocols ? { 'Sec-WebSocket-Protocol': subprotocols } : {}),
  };
  return new Promise((resolve, reject) => {
    const request = client.request(target, {
      method: 'GET',
      headers,
      agent: envProxyAgentFor(target, {}, false) ?? false,
    });
    request.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve({ status: 101, accepted: true });
    });
    request.on('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, accepted: false });
    });
    request.setTimeout(timeoutMs, () =>
      request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new NetworkFailure(
          url.href,
          error.code ?? 'ERR_FAILED',
          `WebSocket handshake to ${url.href} failed: ${error.message}`,
        ),
      ),
    );
    request.end();
  });
}
