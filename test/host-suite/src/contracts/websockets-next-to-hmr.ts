import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../packages/shared/test/support/backend.js';
import { launchChromium } from '../../../../packages/shared/test/support/chromium.js';
import { findClosedPort } from '../../../../packages/shared/test/support/closed-port.js';
import { openFixturePage } from '../chromium-page.js';
import type { ContractGroup } from '../contract-group.js';
import { pageOriginOf, type StartedHost, startHost } from '../start-host.js';
import { firstMessage, wsUrlOf } from '../websocket-client.js';
import { scenarioOptions } from './proxy-scenarios.js';

/** The host's own socket (HMR) and the proxied ones share one HTTP server's `upgrade` event. */
export const webSocketsNextToHmr: ContractGroup = {
  title: 'websockets next to HMR',
  unsupported: (capabilities) => (capabilities.hmr ? undefined : 'no HMR socket'),
  tiers: {
    integration(harness) {
      let backend: RunningBackend;
      let host: StartedHost | undefined;
      beforeAll(async () => {
        backend = await startBackend();
      });
      afterAll(() => backend?.close());
      afterEach(async () => {
        await host?.close();
        host = undefined;
      });

      it('leaves the HMR socket to the host, even with a catch-all WebSocket route', async () => {
        host = await startHost(harness, { routes: { '/': { target: backend.url, ws: true } } });
        // The harness checked the host's own greeting; the backend's would be its echo "hello".
        const hmr = await host.openHmrSocket!();
        expect(JSON.parse(hmr)).not.toMatchObject({ type: 'hello' });
        // …while an ordinary socket under the same catch-all route is proxied.
        const proxied = await firstMessage(`${wsUrlOf(host.url)}/api/ws`);
        expect(JSON.parse(proxied)).toMatchObject({ type: 'hello' });
      });
    },

    browser(harness) {
      let backend: RunningBackend;
      let host: StartedHost;
      let browser: Browser;
      beforeAll(async () => {
        backend = await startBackend();
        host = await startHost(harness, scenarioOptions(backend.url, await findClosedPort()));
        browser = await launchChromium();
      });
      afterAll(async () => {
        await browser?.close();
        await host?.close();
        await backend?.close();
      });

      it('echoes over a proxied WebSocket while HMR keeps updating the page', async () => {
        const { page, close } = await openFixturePage(browser, `${pageOriginOf(host)}/`);
        try {
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

          await fs.writeFile(path.join(host.root, 'style.css'), 'body { color: rgb(255, 0, 0); }\n');
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
        } finally {
          await close();
        }
      });
    },
  },
};
