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
