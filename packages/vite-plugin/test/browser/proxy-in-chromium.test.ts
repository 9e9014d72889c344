import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../shared/test/support/backend.js';
import { launchChromium } from '../../../shared/test/support/chromium.js';
import { findClosedPort } from '../../../shared/test/support/closed-port.js';
import { scenarioOptions } from '../../../../test/host-suite/src/contracts/proxy-scenarios.js';
import { corsDevProxy } from '../../src/index.js';
import { type RunningVite, startVite } from '../support/start-vite.js';

// The page is served from http://localhost:PORT (a different host from the backend's 127.0.0.1), the way a
// developer opens it; everything the page does goes through the real Vite dev server and the real backend.
describe('Vite dev server in Chromium', () => {
  let backend: RunningBackend;
  let vite: RunningVite;
  let browser: Browser;
  let page: Page;
  let pageOrigin: string;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    backend = await startBackend();
    vite = await startVite('vite8', [corsDevProxy(scenarioOptions(backend.url, await findClosedPort()))]);
    pageOrigin = vite.url.replace('127.0.0.1', 'localhost');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await backend?.close();
  });
  // Each test gets a fresh context (empty cookie jar) and closes it, so earlier pages cannot log into this one.
  afterEach(async () => {
    await page?.context().close();
  });
  beforeEach(async () => {
    consoleLines.length = 0;
    const context = await browser.newContext();
    page = await context.newPage();
    page.on('console', (message) => consoleLines.push(message.text()));
    await page.goto(`${pageOrigin}/`);
    await expect.poll(() => page.textContent('#app')).toBe('fixture ready');
  });

  it('fetches through the proxy with the backend seeing its own Host', async () => {
    const body = await page.evaluate(async () => (await fetch('/api/hello')).json());
    expect(body).toMatchObject({ path: '/api/hello', host: new URL(backend.url).host });
  });

  it('stores the upstream login cookie and sends it back', async () => {
    const me = await page.evaluate(async () => {
      const login = await fetch('/api/login', { method: 'POST' });
      if (!login.ok) throw new Error(`login ${login.status}`);
      const response = await fetch('/api/me');
      return { status: response.status, body: await response.json(), visible: document.cookie };
    });
    expect(me).toMatchObject({ status: 200, body: { user: 'ada' }, visible: '' });
    const cookies = await page.context().cookies(pageOrigin);
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'session', domain: 'localhost', secure: true, httpOnly: true }),
    ]);
  });

  it('follows a 303 after POST without leaving the local origin', async () => {
    const result = await page.evaluate(async () => {
      const response = await fetch('/api/orders', {
        method: 'POST',
        body: '{"item":"tea"}',
        headers: { 'content-type': 'application/json' },
      });
      return { url: response.url, redirected: response.redirected, body: await response.json() };
    });
    // Had the Location stayed on the backend, the browser would have left for 127.0.0.1 and CORS would have
    // blocked the response (the backend allows only https://app.example.com).
    expect(result).toEqual({
      url: `${pageOrigin}/api/orders/42`,
      redirected: true,
      body: { id: '42', status: 'created' },
    });
  });

  it('delivers server-sent events one by one', async () => {
    const timeline = await page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const steps: string[] = [];
          const source = new EventSource('/api/events?count=3&ack=1');
          let stream = '';
          source.addEventListener('hello', (event) => {
            stream = JSON.parse((event as MessageEvent).data).stream;
          });
          source.addEventListener('tick', async (event) => {
            const { n } = JSON.parse((event as MessageEvent).data);
            steps.push(`tick ${n}`);
            // The backend sends the next tick only after this acknowledgement: a buffering proxy deadlocks here.
            steps.push(`ack ${n}`);
            await fetch(`/api/events/ack?stream=${stream}&n=${n}`, { method: 'POST' });
          });
          source.addEventListener('done', () => {
            source.close();
            resolve(steps);
          });
          source.onerror = () => reject(new Error('EventSource failed'));
        }),
    );
    expect(timeline).toEqual(['tick 0', 'ack 0', 'tick 1', 'ack 1', 'tick 2', 'ack 2']);
  });

  it('echoes over a proxied WebSocket while HMR keeps updating the page', async () => {
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(`ws://${location.host}/api/ws`);
          const received: string[] = [];
          Object.assign(window, { testSocket: socket, received, marker: 'not reloaded' });
          socket.onmessage = (event) => {
            received.push(String(event.data));
            if (received.length === 1) socket.send('first');
            if (received.length === 2) resolve();
          };
          socket.onerror = () => reject(new Error('WebSocket failed'));
        }),
    );
    expect(await page.evaluate(() => (window as unknown as { received: string[] }).received[1])).toBe(
      'echo:first',
    );

    await fs.writeFile(path.join(vite.root, 'style.css'), 'body { color: rgb(255, 0, 0); }\n');
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.body).color), { timeout: 15_000 })
      .toBe('rgb(255, 0, 0)');

    const afterHmr = await page.evaluate(
      () =>
        new Promise<{ echo: string; marker: string }>((resolve) => {
          const w = window as unknown as { testSocket: WebSocket; marker: string };
          w.testSocket.onmessage = (event) => resolve({ echo: String(event.data), marker: w.marker });
          w.testSocket.send('second');
        }),
    );
    // Same socket, same page: HMR applied the CSS in place and our socket survived it.
    expect(afterHmr).toEqual({ echo: 'echo:second', marker: 'not reloaded' });
  });

  it('shows the diagnostic 502 when the upstream is down, and warns in the console', async () => {
    await page.evaluate(() => fetch('/down/orders').then((response) => response.status));
    await expect
      .poll(() => consoleLines.find((line) => line.startsWith('[cors-dev-proxy] GET /down/orders')))
      .toMatch(
        /failed: nothing is listening at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\. Start the backend/,
      );
    // A second failure of the same kind is the same problem: it is not repeated.
    await page.evaluate(() => fetch('/down/orders').then((response) => response.status));
    expect(consoleLines.filter((line) => line.startsWith('[cors-dev-proxy] GET /down/orders'))).toHaveLength(
      1,
    );

    const response = await page.goto(`${pageOrigin}/down/orders`);
    expect(response?.status()).toBe(502);
    const text = await page.textContent('body');
    expect(text).toContain('the proxy could not reach your backend');
    expect(text).toMatch(/\/down → http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toContain('Fix: Start the backend');
  });

  it('leaves paths outside every route to Vite', async () => {
    let upstreamHits = 0;
    const count = () => upstreamHits++;
    backend.server.on('request', count);
    try {
      const response = await page.goto(`${pageOrigin}/apix/page`);
      expect(response?.status()).toBe(200);
      await expect.poll(() => page.textContent('#app')).toBe('fixture ready');
      expect(upstreamHits).toBe(0);
    } finally {
      backend.server.off('request', count);
    }
  });
});
