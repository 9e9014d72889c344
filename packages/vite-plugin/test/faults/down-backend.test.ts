// Plays a backend the developer stopped (or that crashed) and left down while the page keeps calling it: the
// first request waits out retryConnectMs (the backend might be starting), but every later one used to wait the
// whole window again before its 502, so each click cost seconds (issue 10). The dev server must answer them at
// once, say why, and use the backend again on the first request after it accepts connections.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from '../../../shared/test/support/closed-port.js';
import { type FaultRig, type Outcome, send, startFaultRig, watchForCrashes } from './fault-rig.js';

const windowMs = 2_000;

function bodyOf(outcome: Outcome): Record<string, string> {
  return outcome.kind === 'response' ? (JSON.parse(outcome.body) as Record<string, string>) : {};
}

describe('a backend that stays down, through Vite 8', () => {
  let rig: FaultRig;
  let port: number;
  const backends: http.Server[] = [];
  const crashes = watchForCrashes();
  const countLines = (text: string) => rig.lines.filter((line) => line.includes(text)).length;

  beforeAll(async () => {
    port = await findClosedPort();
    rig = await startFaultRig({
      extraRoutes: {
        // A time limit far above the window, so the window is retryConnectMs itself (it is capped below it).
        '/down': { target: `http://127.0.0.1:${port}`, retryConnectMs: windowMs, timeoutMs: 30_000 },
      },
    });
  });
  afterAll(async () => {
    crashes.dispose();
    await rig?.close();
    for (const backend of backends) {
      backend.closeAllConnections();
      await new Promise((resolve) => backend.close(resolve));
    }
  });

  it('waits once, then answers at once until the backend is back, then proxies to it', async () => {
    const first = await send(rig.url, '/down/first');
    expect(first).toMatchObject({ kind: 'response', status: 502 });
    expect(bodyOf(first)).toMatchObject({ kind: 'refused', route: '/down' });
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
    const second = await send(rig.url, '/down/second');
    events.push(`second: ${second.kind === 'response' ? second.status : second.kind}`);
    await halfWindow;
    expect(events).toEqual(['second: 502', 'half the window']);
    expect(second.kind === 'response' && second.headers['x-cors-dev-proxy-error']).toBe('refused');
    expect(bodyOf(second).cause).toMatch(
      /still: not waiting again \(the routes\['\/down'\]\.retryConnectMs window of 2000 ms already passed at \d\d:\d\d:\d\d\); answering at once until it accepts connections$/,
    );
    // The terminal says so once (per outage), and no second "waiting" line.
    expect(countLines('not waiting again')).toBe(1);
    expect(countLines('refuses connections; waiting')).toBe(1);

    // The backend comes back on the same port: the very next request reaches it.
    const backend = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ backend: req.url }));
    });
    backends.push(backend);
    await new Promise<void>((resolve) => backend.listen(port, '127.0.0.1', resolve));
    const third = await send(rig.url, '/down/third');
    expect(third).toMatchObject({ kind: 'response', status: 200 });
    expect(bodyOf(third)).toEqual({ backend: '/down/third' });
    expect(countLines('accepts connections now')).toBe(1);

    // Nothing left behind: every client connection to the dev server closed, nothing thrown.
    await expect.poll(() => rig.devConnections(), { timeout: 5_000 }).toBe(0);
    expect(crashes.errors).toEqual([]);
  });
});
