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

  /** Requests the front server has received (the proxy tries to connect within a tick of each). */
  let received = 0;

  async function front(retryConnectMs: number, port: number, lines: string[]) {
    received = 0;
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
    const server = http.createServer((req, res) => {
      received += 1;
      proxy?.middleware(req, res, () => res.writeHead(404).end());
    });
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
    // A request that arrives while the others wait joins the same window: it must not fail fast.
    const late = fetch(`${url}/api/item/4`, { method: 'POST', body: 'body-4' });
    await expect.poll(() => received).toBe(4);
    const backend = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => res.end(`${req.url} ${body}`));
    });
    servers.push(backend);
    await new Promise<void>((resolve) => backend.listen(port, '127.0.0.1', resolve));
    const responses = [...(await pending), await late];
    expect(await Promise.all(responses.map((response) => response.text()))).toEqual([
      '/api/item/1 body-1',
      '/api/item/2 body-2',
      '/api/item/3 body-3',
      '/api/item/4 body-4',
    ]);
    expect(lines.filter((line) => line.includes('refuses connections'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('accepts connections now'))).toHaveLength(1);
  });

  it('a backend still down after the window: the next request is answered at once, and a backend that comes back is used', async () => {
    // The backend was stopped and stays stopped: the first request waits out the window (the backend may be
    // starting), every later one is answered at once and says why, instead of each costing the whole window.
    const windowMs = 2_000;
    const port = await findClosedPort();
    const lines: string[] = [];
    const url = await front(windowMs, port, lines);
    const first = await fetch(`${url}/api/first`, { headers: { accept: 'application/json' } });
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({ kind: 'refused' });
    expect(lines.filter((line) => line.includes('refuses connections; waiting up to 2 s'))).toHaveLength(1);

    // Which comes first: the second answer, or a timer of half the window. A proxy that waits the window again
    // (it retries for ≥ windowMs − 500 ms) loses; a proxy that tries once and answers wins with time to spare.
    const events: string[] = [];
    const halfWindow = new Promise<void>((resolve) =>
      setTimeout(() => {
        events.push('half the window');
        resolve();
      }, windowMs / 2),
    );
    const second = await fetch(`${url}/api/second`, { headers: { accept: 'application/json' } });
    events.push(`second answered ${second.status}`);
    const body = (await second.json()) as Record<string, string>;
    await halfWindow;
    expect(events).toEqual(['second answered 502', 'half the window']);
    expect(body).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED' });
    expect(body.cause).toMatch(
      /still: not waiting again \(the routes\['\/api'\]\.retryConnectMs window of 2000 ms already passed at \d\d:\d\d:\d\d\); answering at once until it accepts connections/,
    );
    // Said in the terminal too, and no second "waiting" line.
    expect(lines.filter((line) => line.includes('not waiting again'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('refuses connections; waiting'))).toHaveLength(1);

    // The backend comes back: the very next request is proxied.
    const backend = http.createServer((req, res) => {
      // No keep-alive: the backend is stopped again below, and a pooled socket would outlive it.
      res.setHeader('connection', 'close');
      res.end(`backend ${req.url}`);
    });
    servers.push(backend);
    await new Promise<void>((resolve) => backend.listen(port, '127.0.0.1', resolve));
    const third = await fetch(`${url}/api/third`);
    expect([third.status, await third.text()]).toEqual([200, 'backend /api/third']);
    expect(lines.filter((line) => line.includes('accepts connections now'))).toHaveLength(1);

    // Up clears down: the backend stops again, and the next request gets the whole window again (a second
    // "waiting" line, and the plain diagnosis at its end), as for a backend that restarts.
    servers.splice(servers.indexOf(backend), 1);
    backend.closeAllConnections();
    await new Promise((resolve) => backend.close(resolve));
    const fourth = await fetch(`${url}/api/fourth`, { headers: { accept: 'application/json' } });
    expect(fourth.status).toBe(502);
    expect(((await fourth.json()) as Record<string, string>).cause).not.toContain('not waiting again');
    expect(lines.filter((line) => line.includes('refuses connections; waiting'))).toHaveLength(2);
  });

  it('answers 502 once the window has passed', async () => {
    const lines: string[] = [];
    const url = await front(300, await findClosedPort(), lines);
    const response = await fetch(`${url}/api/x`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ kind: 'refused' });
  });
});
