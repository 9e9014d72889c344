import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type CorsDevProxy, createCorsDevProxy } from '../../src/index.js';
import { findClosedPort } from '../support/closed-port.js';

// A backend that is still starting when the dev server (and the app) already are: requests wait for it,
// within retryConnectMs, instead of failing with a 502 storm; the developer sees one line.
describe('waiting for a backend that is not up yet', () => {
  const servers: http.Server[] = [];
  let proxy: CorsDevProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function front(retryConnectMs: number, port: number, lines: string[]) {
    proxy = createCorsDevProxy(
      { accessLog: false, routes: { '/api': { target: `http://127.0.0.1:${port}`, retryConnectMs } } },
      {
        logger: {
          info: (line) => lines.push(line),
          warn: (line) => lines.push(line),
          error: (line) => lines.push(line),
        },
      },
    );
    const server = http.createServer((req, res) =>
      proxy?.middleware(req, res, () => res.writeHead(404).end()),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('holds requests until the backend listens, then answers them, with one line per outage', async () => {
    const port = await findClosedPort();
    const lines: string[] = [];
    const url = await front(10_000, port, lines);
    const pending = Promise.all(
      [1, 2, 3].map((n) => fetch(`${url}/api/item/${n}`, { method: 'POST', body: `body-${n}` })),
    );
    // Start the backend only once the proxy has started waiting for it.
    await expect
      .poll(() => lines.some((line) => line.includes('refuses connections; waiting up to 10 s')))
      .toBe(true);
    const backend = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => res.end(`${req.url} ${body}`));
    });
    servers.push(backend);
    await new Promise<void>((resolve) => backend.listen(port, '127.0.0.1', resolve));
    const responses = await pending;
    expect(await Promise.all(responses.map((response) => response.text()))).toEqual([
      '/api/item/1 body-1',
      '/api/item/2 body-2',
      '/api/item/3 body-3',
    ]);
    expect(lines.filter((line) => line.includes('refuses connections'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('accepts connections now'))).toHaveLength(1);
  });

  it('answers 502 once the window has passed', async () => {
    const lines: string[] = [];
    const url = await front(300, await findClosedPort(), lines);
    const response = await fetch(`${url}/api/x`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ kind: 'refused' });
  });
});
