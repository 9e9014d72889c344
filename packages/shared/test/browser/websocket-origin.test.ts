import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { websocketFailureMessage } from '../../src/audit/judge-websocket.js';
import { sendUpgradeProbe } from '../../src/audit/websocket-probe.js';
import { launchChromium } from '../support/chromium.js';

// What the audit claims about WebSockets, asked of Chromium: no CORS (no preflight, no Access-Control-* check),
// the page's Origin on the handshake, the console text of a refused handshake, and the handshake the audit's
// probe imitates.
describe('WebSockets in Chromium: no CORS, only the Origin of the upgrade', () => {
  let browser: Browser;
  let page: Page;
  let pageOrigin: string;
  let socketUrl: string;
  const consoleLines: string[] = [];
  const received: { url: string; method: string; rawHeaders: string[] }[] = [];
  const servers: http.Server[] = [];

  beforeAll(async () => {
    const pageServer = http.createServer((_req, res) => res.end('<!doctype html><title>page</title>'));
    // The socket server sends no CORS header at all; /refuse answers the handshake 403.
    const socketServer = http.createServer((req, res) => {
      received.push({ url: req.url ?? '', method: req.method ?? '', rawHeaders: req.rawHeaders });
      res.writeHead(404).end();
    });
    const sockets = new WebSocketServer({ noServer: true });
    socketServer.on('upgrade', (req, socket, head) => {
      received.push({ url: req.url ?? '', method: req.method ?? '', rawHeaders: req.rawHeaders });
      if (req.url?.startsWith('/refuse')) {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      sockets.handleUpgrade(req, socket, head, (ws) => ws.send(`origin ${req.headers.origin}`));
    });
    for (const server of [pageServer, socketServer]) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
    pageOrigin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;
    socketUrl = `ws://127.0.0.1:${(socketServer.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.on('console', (message) => consoleLines.push(message.text()));
    await page.goto(`${pageOrigin}/`);
  });
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const openInPage = (url: string) =>
    page.evaluate(
      (target) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(target);
          socket.onmessage = (event) => {
            resolve(String(event.data));
            socket.close();
          };
          socket.onerror = () => resolve('error');
        }),
      url,
    );

  it('opens a cross-origin socket with no CORS header and no preflight, sending the page’s Origin', async () => {
    expect(await openInPage(`${socketUrl}/open`)).toBe(`origin ${pageOrigin}`);
    expect(received.filter((request) => request.url === '/open').map((request) => request.method)).toEqual([
      'GET',
    ]);
  });

  it('prints the handshake failure the audit quotes', async () => {
    expect(await openInPage(`${socketUrl}/refuse/x`)).toBe('error');
    await expect.poll(() => consoleLines).toContain(websocketFailureMessage(`${socketUrl}/refuse/x`, 403));
  });

  it('the audit’s probe sends Chromium’s handshake headers, in Chromium’s order (but no User-Agent or language)', async () => {
    const fromChromium = received.find((request) => request.url === '/open')?.rawHeaders ?? [];
    const answer = await sendUpgradeProbe(new URL(`${socketUrl}/probe`), pageOrigin, undefined, 5000);
    expect(answer).toEqual({ status: 101, accepted: true });
    const fromProbe = received.find((request) => request.url === '/probe')?.rawHeaders ?? [];
    const names = (raw: string[]) =>
      raw.filter((_, i) => i % 2 === 0).filter((name) => !/^(user-agent|accept-language)$/i.test(name));
    expect(names(fromProbe)).toEqual(names(fromChromium));
    const value = (raw: string[], name: string) => raw[raw.indexOf(name) + 1];
    for (const name of [
      'Connection',
      'Upgrade',
      'Origin',
      'Sec-WebSocket-Version',
      'Sec-WebSocket-Extensions',
    ]) {
      expect(value(fromProbe, name), name).toBe(value(fromChromium, name));
    }
  });
});
