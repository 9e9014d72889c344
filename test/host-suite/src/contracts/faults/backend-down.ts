// A backend that is still starting when the dev server (and the app) already are: requests wait for it, within
// retryConnectMs, instead of failing with a 502 storm; the developer sees one line. And a backend the developer
// stopped (or that crashed) and left down while the page keeps calling it: the first request waits out
// retryConnectMs (the backend might be starting), but every later one used to wait the whole window again
// before its 502, so each click cost seconds (issue 10). The dev server must answer them at once, say why, and
// use the backend again on the first request after it accepts connections.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from '../../../../../packages/shared/test/support/closed-port.js';
import type { HostHarness } from '../../harness.js';
import { type StartedHost, startHost } from '../../start-host.js';
import { outsideStorms } from './fault-lock.js';
import { type CrashWatch, type Outcome, send, watchForCrashes } from './fault-rig.js';

function bodyOf(outcome: Outcome): Record<string, string> {
  return outcome.kind === 'response' ? (JSON.parse(outcome.body) as Record<string, string>) : {};
}

export function backendDownContracts(harness: HostHarness): void {
  describe('a backend that is not up yet, or stays down', () => {
    const servers: http.Server[] = [];
    let host: StartedHost | undefined;
    let crashes: CrashWatch;
    beforeAll(() => {
      crashes = watchForCrashes();
    });
    afterAll(() => crashes?.dispose());
    afterEach(async () => {
      await host?.close();
      host = undefined;
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    /** Requests the dev server has received (the proxy tries to connect within a tick of each). */
    let received = 0;

    async function front(retryConnectMs: number, port: number): Promise<StartedHost> {
      received = 0;
      host = await outsideStorms(() =>
        startHost(harness, {
          accessLog: false,
          // A time limit far above the window, so the window is retryConnectMs itself (it is capped below it).
          routes: { '/api': { target: `http://127.0.0.1:${port}`, retryConnectMs, timeoutMs: 30_000 } },
        }),
      );
      host.server.on('request', () => {
        received += 1;
      });
      return host;
    }
    const countLines = (text: string) => host?.lines.filter((line) => line.includes(text)).length ?? 0;

    it('holds requests until the backend listens, then answers them, with one line per outage', async () => {
      const port = await findClosedPort();
      // A window far longer than the two polls below may take on a loaded machine (the other worker's storm
      // beside this one): the backend must start inside it.
      const { url } = await front(20_000, port);
      const pending = Promise.all(
        [1, 2, 3].map((n) => fetch(`${url}/api/item/${n}`, { method: 'POST', body: `body-${n}` })),
      );
      // Start the backend only once the proxy has started waiting for it.
      await expect
        .poll(() => countLines('refuses connections; waiting up to 20 s'), { timeout: 10_000 })
        .toBe(1);
      // A request that arrives while the others wait joins the same window: it must not fail fast.
      const late = fetch(`${url}/api/item/4`, { method: 'POST', body: 'body-4' });
      await expect.poll(() => received, { timeout: 10_000 }).toBe(4);
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
      expect(countLines('refuses connections')).toBe(1);
      expect(countLines('accepts connections now')).toBe(1);
    });

    it('a backend still down after the window: the next request is answered at once, and a backend that comes back is used', async () => {
      // The backend was stopped and stays stopped: the first request waits out the window (the backend may be
      // starting), every later one is answered at once and says why, instead of each costing the whole window.
      const windowMs = 2_000;
      const port = await findClosedPort();
      const { url } = await front(windowMs, port);
      const first = await send(url, '/api/first');
      expect(first).toMatchObject({ kind: 'response', status: 502 });
      expect(bodyOf(first)).toMatchObject({ kind: 'refused', route: '/api' });
      expect(bodyOf(first).cause).not.toContain('not waiting again');
      expect(countLines('refuses connections; waiting up to 2 s')).toBe(1);

      // The order of two events, not a duration: a proxy that waits the window again (its retries run to at
      // least windowMs − 500 ms) answers after the timer; one that tries once answers long before it.
      const events: string[] = [];
      const halfWindow = new Promise<void>((resolve) =>
        setTimeout(() => {
          events.push('half the window');
          resolve();
        }, windowMs / 2),
      );
      const second = await send(url, '/api/second');
      events.push(`second answered ${second.kind === 'response' ? second.status : second.kind}`);
      await halfWindow;
      expect(events).toEqual(['second answered 502', 'half the window']);
      expect(second.kind === 'response' && second.headers['x-cors-dev-proxy-error']).toBe('refused');
      expect(bodyOf(second)).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED' });
      expect(bodyOf(second).cause).toMatch(
        /still: not waiting again \(the routes\['\/api'\]\.retryConnectMs window of 2000 ms already passed at \d\d:\d\d:\d\d\); answering at once until it accepts connections$/,
      );
      // Said in the terminal too (once per outage), and no second "waiting" line.
      expect(countLines('not waiting again')).toBe(1);
      expect(countLines('refuses connections; waiting')).toBe(1);

      // The backend comes back on the same port: the very next request is proxied.
      const backend = http.createServer((req, res) => {
        // No keep-alive: the backend is stopped again below, and a pooled socket would outlive it.
        res.setHeader('connection', 'close');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ backend: req.url }));
      });
      servers.push(backend);
      await new Promise<void>((resolve) => backend.listen(port, '127.0.0.1', resolve));
      const third = await send(url, '/api/third');
      expect(third).toMatchObject({ kind: 'response', status: 200 });
      expect(bodyOf(third)).toEqual({ backend: '/api/third' });
      expect(countLines('accepts connections now')).toBe(1);

      // Up clears down: the backend stops again, and the next request gets the whole window again (a second
      // "waiting" line, and the plain diagnosis at its end), as for a backend that restarts.
      servers.splice(servers.indexOf(backend), 1);
      backend.closeAllConnections();
      await new Promise((resolve) => backend.close(resolve));
      const fourth = await send(url, '/api/fourth');
      expect(fourth).toMatchObject({ kind: 'response', status: 502 });
      expect(bodyOf(fourth).cause).not.toContain('not waiting again');
      expect(countLines('refuses connections; waiting')).toBe(2);

      // Nothing left behind: every client connection to the dev server closed, nothing thrown.
      await expect
        .poll(
          () =>
            new Promise<number>((resolve, reject) =>
              host!.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
            ),
          { timeout: 5_000 },
        )
        .toBe(0);
      expect(crashes.errors).toEqual([]);
    });

    it('answers 502 once the window has passed', async () => {
      const { url } = await front(300, await findClosedPort());
      const response = await fetch(`${url}/api/x`, { headers: { accept: 'application/json' } });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ kind: 'refused' });
    });
  });
}
