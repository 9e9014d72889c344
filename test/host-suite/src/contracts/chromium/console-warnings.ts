import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../../packages/shared/test/support/backend.js';
import { launchChromium } from '../../../../../packages/shared/test/support/chromium.js';
import { findClosedPort } from '../../../../../packages/shared/test/support/closed-port.js';
import { type OpenedPage, openFixturePage } from '../../chromium-page.js';
import type { HostHarness } from '../../harness.js';
import { pageOriginOf, type StartedHost, startHost } from '../../start-host.js';
import { scenarioOptions } from '../proxy-scenarios.js';
import { auditLines, blockedPutMessage, putThreeOrders, useAuditedPage } from './audit-in-chromium.js';

/** What the developer sees in the page's console: our warnings, once each, through the host's channel. */
export function consoleWarningContracts(harness: HostHarness): void {
  describe('warnings in the console', () => {
    let backend: RunningBackend;
    let host: StartedHost;
    let browser: Browser;
    let opened: OpenedPage | undefined;

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
    afterEach(async () => {
      await opened?.close();
    });

    it('warns in the console when the upstream is down, once per kind of failure', async () => {
      opened = await openFixturePage(browser, `${pageOriginOf(host)}/`);
      const { page, consoleLines } = opened;
      await page.evaluate(() => fetch('/down/orders').then((response) => response.status));
      await expect
        .poll(() => consoleLines.find((line) => line.startsWith('[cors-dev-proxy] GET /down/orders')))
        .toMatch(
          /failed: nothing is listening at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\. Start the backend/,
        );
      // A second failure of the same kind is the same problem: it is not repeated.
      await page.evaluate(() => fetch('/down/orders').then((response) => response.status));
      expect(
        consoleLines.filter((line) => line.startsWith('[cors-dev-proxy] GET /down/orders')),
      ).toHaveLength(1);
    });
    it('names a call straight to a route’s target once, with the relative URL that goes through the proxy', async () => {
      opened = await openFixturePage(browser, `${pageOriginOf(host)}/`);
      const { page, consoleLines } = opened;
      // An absolute API URL in the app's config: cross-origin to the backend, past everything the proxy does.
      const direct = `${backend.url}/api/hello`;
      const call = (url: string) =>
        fetch(url).then(
          (response) => response.status,
          () => 'blocked',
        );
      await page.evaluate(call, `${direct}?token=secret`);
      await page.evaluate(call, direct);
      const warned = () =>
        consoleLines.filter((line) =>
          line.startsWith(`[cors-dev-proxy] GET ${direct} went to the backend directly`),
        );
      await expect.poll(warned).toHaveLength(1);
      expect(warned()[0]).toContain(
        `Call it relatively, as '/api/hello' (the route '/api' forwards it to ${backend.url})`,
      );
      // Ours never print the query (Chromium's own CORS line, if any, is not ours to police).
      expect(consoleLines.filter((line) => line.startsWith('[cors-dev-proxy]')).join('\n')).not.toContain(
        'secret',
      );
      // The relative call the warning asks for goes through the proxy and is not named.
      expect(await page.evaluate(call, '/api/hello')).toBe(200);
      expect(warned()).toHaveLength(1);
    });
  });

  describe.each(['warn', 'enforce'] as const)('production audit in the console (mode: %s)', (mode) => {
    const audited = useAuditedPage(harness, mode);

    it('shows each blocked shape once in the console and the terminal, with Chromium’s message', async () => {
      await putThreeOrders(audited.page);
      const message = blockedPutMessage(audited.strict.url);
      await expect
        .poll(() => auditLines(audited.opened.consoleLines, 'PUT /api/orders/:id'))
        .toEqual([expect.stringContaining(message)]);
      await expect
        .poll(() => auditLines(audited.host.lines, 'PUT /api/orders/:id'))
        .toEqual([expect.stringContaining(message)]);
    });
  });
}
