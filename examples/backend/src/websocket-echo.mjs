/**
 * WebSocket echo at `/api/ws`. The first message reports the handshake's Origin and Host, so a test
 * can see whether the proxy rewrote them on the upgrade request too (a separate code path from
 * plain HTTP in most proxies).
 */

import { WebSocketServer } from 'ws';

export const WEBSOCKET_PATH = '/api/ws';

export function createWebSocketEcho() {
  // noServer: the HTTP server's `upgrade` event decides which paths may upgrade.
  const webSocketServer = new WebSocketServer({ noServer: true });

  webSocketServer.on('connection', function greetAndEcho(socket, req) {
    socket.on('error', ignoreError);
    socket.send(
      JSON.stringify({ type: 'hello', origin: req.headers.origin ?? null, host: req.headers.host ?? null }),
    );
    socket.on('message', function echoMessage(data) {
      socket.send(`echo:${String(data)}`);
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   * @param {URL} url
   */
  function upgradeHandler(req, socket, head, url) {
    socket.on('error', ignoreError);
    if (url.pathname !== WEBSOCKET_PATH) {
      socket.destroy();
      return;
    }
    webSocketServer.handleUpgrade(req, socket, head, function acceptConnection(webSocket) {
      webSocketServer.emit('connection', webSocket, req);
    });
  }

  /**
   * Upgraded sockets are no longer tracked by the HTTP server, so `closeAllConnections()` does not
   * reach them; they are cut here instead of waiting for a close handshake.
   */
  function terminateAll() {
    for (const client of webSocketServer.clients) client.terminate();
    webSocketServer.close();
  }

  return { upgradeHandler, terminateAll };
}

function ignoreError() {}
