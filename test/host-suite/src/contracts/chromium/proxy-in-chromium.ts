import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../../packages/shared/test/support/backend.js';
import { launchChromium } from '../../../../../packages/shared/test/support/chromium.js';
import { findClosedPort } from '../../../../../packages/shared/test/support/closed-port.js';
import { type OpenedPage, openFixturePage } from '../../chromium-page.js';
import type { HostHarness } from '../../harness.js';
import { pageOriginOf, type StartedHost, startHost } from '../../start-host.js';
import { scenarioOptions } from '../proxy-scenarios.js';

// The page is served from http://localhost:PORT (a different host from the backend's 127.0.0.1), the way a
// developer opens it; everything the page does goes through the real dev server and the real backend.
export function proxyInChromiumContracts(harness: HostHarness): void {
  describe('the proxy in Chromium', () => {
    let backend: RunningBackend;
    let host: StartedHost;
    let browser: Browser;
    let pageOrigin: string;
    let opened: OpenedPage | undefined;
    let page: Page;

    beforeAll(async () => {
      backend = await startBackend();
      host = await startHost(harness, scenarioOptions(backend.url, await findClosedPort()));
      pageOrigin = pageOriginOf(host);
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await host?.close();
      await backend?.close();
    });
    // Each test gets a fresh context (empty cookie jar) and closes it, so earlier pages cannot log into this one.
    beforeEach(async () => {
      opened = await openFixturePage(browser, `${pageOrigin}/`);
      page = opened.page;
    });
    afterEach(async () => {
      await opened?.close();
    });

    it('fetches through the proxy with the backend seeing its own Host', async () => {
      const body = await page.evaluate(async () => (await fetch('/api/hello')).json());
      expect(body).toMatchObject({ path: '/api/hello', host: new URL(backend.url).host });
    });

    it('gets the final answer of a backend that sends 102 and 103 first and answers later', async () => {
      // Later than the proxy's 25 ms header flush: the interim answers must not be taken for the answer.
      const answer = await page.evaluate(async () => {
        const response = await fetch('/api/slow?ms=150&hints=1');
        return { status: response.status, body: await response.json() };
      });
      expect(answer).toEqual({ status: 200, body: { sleptMs: 150 } });
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

    it('shows the diagnostic 502 page when the upstream is down', async () => {
      // The console warning the page also gets is the browser channel's contract (the-browser-channel.ts).
      const response = await page.goto(`${pageOrigin}/down/orders`);
      expect(response?.status()).toBe(502);
      const text = await page.textContent('body');
      expect(text).toContain('the proxy could not reach your backend');
      expect(text).toMatch(/\/down → http:\/\/127\.0\.0\.1:\d+/);
      expect(text).toContain('Fix: Start the backend');
    });

    it('leaves paths outside every route to the host', async () => {
      let upstreamHits = 0;
      const count = () => upstreamHits++;
      backend.server.on('request', count);
      try {
        // The host's own answer: its SPA fallback serves the app's page.
        const response = await page.goto(`${pageOrigin}/apix/page`);
        expect(response?.status()).toBe(200);
        await expect.poll(() => page.textContent('#app')).toBe('fixture ready');
        expect(upstreamHits).toBe(0);
      } finally {
        backend.server.off('request', count);
      }
    });
  });
}
