import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../../packages/shared/test/support/backend.js';
import { launchChromium } from '../../../../../packages/shared/test/support/chromium.js';
import {
  type ProductionServer,
  startProductionServer,
} from '../../../../../packages/shared/test/support/production-server.js';
import { type OpenedPage, openFixturePage } from '../../chromium-page.js';
import type { HostHarness } from '../../harness.js';
import { pageOriginOf, type StartedHost, startHost } from '../../start-host.js';

export type AuditMode = 'warn' | 'enforce';

/**
 * A host whose one route is audited against the strict production server, and a page on it: the setup of
 * both the terminal contracts here and the console contracts of the browser channel.
 */
export function useAuditedPage(harness: HostHarness, mode: AuditMode) {
  const state = {} as {
    backend: RunningBackend;
    strict: ProductionServer;
    host: StartedHost;
    browser: Browser;
    opened: OpenedPage;
    page: Page;
  };
  beforeAll(async () => {
    state.backend = await startBackend();
    state.strict = await startProductionServer('strict');
    state.host = await startHost(harness, {
      routes: { '/api': state.backend.url },
      production: { origin: 'https://app.example.com', targets: { '/api': state.strict.url } },
      mode,
    });
    state.browser = await launchChromium();
    state.opened = await openFixturePage(state.browser, `${pageOriginOf(state.host)}/`);
    state.page = state.opened.page;
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.host?.close();
    await state.strict?.close();
    await state.backend?.close();
  });
  return state;
}

/** Three orders, one shape: PUT /api/orders/:id with a JSON body, which the strict policy does not allow. */
export function putThreeOrders(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const outcomes: string[] = [];
    for (const id of [1, 2, 3]) {
      try {
        const response = await fetch(`/api/orders/${id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        outcomes.push(`status ${response.status}`);
      } catch (error) {
        outcomes.push(String(error));
      }
    }
    return outcomes;
  });
}

/** Chromium's message for the first of those orders, sent from the production page. */
export const blockedPutMessage = (strictUrl: string) =>
  `Access to fetch at '${strictUrl}/api/orders/1' from origin 'https://app.example.com' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.`;

export const auditLines = (lines: readonly string[], shape: string) =>
  lines.filter((line) => line.includes(`In production, ${shape} `));

// The page talks to its dev server (same origin, so the browser itself never complains); the audit must bring
// production's verdict to the terminal, once per kind of request, and in enforce mode fail the request as the
// browser would.
export function auditInChromiumContracts(harness: HostHarness): void {
  describe.each(['warn', 'enforce'] as const)('production audit in Chromium (mode: %s)', (mode) => {
    const audited = useAuditedPage(harness, mode);

    it('tells the terminal about each blocked shape once, with Chromium’s message, and fails it only in enforce mode', async () => {
      const results = await putThreeOrders(audited.page);
      await expect
        .poll(() => auditLines(audited.host.lines, 'PUT /api/orders/:id'))
        .toEqual([expect.stringContaining(blockedPutMessage(audited.strict.url))]);
      if (mode === 'warn') {
        // Warn mode never changes what the app gets (the backend answers 405 for PUT on /api/orders/:id).
        expect(results.every((result) => result.startsWith('status '))).toBe(true);
      } else {
        // Enforce mode fails them the way the browser will in production: fetch rejects with a TypeError.
        expect(results).toEqual([
          'TypeError: Failed to fetch',
          'TypeError: Failed to fetch',
          'TypeError: Failed to fetch',
        ]);
      }
    });

    it('lets allowed shapes through untouched', async () => {
      const body = await audited.page.evaluate(async () => (await fetch('/api/hello')).json());
      expect(body).toMatchObject({ path: '/api/hello' });
      expect(auditLines(audited.opened.consoleLines, 'GET /api/hello')).toEqual([]);
      expect(auditLines(audited.host.lines, 'GET /api/hello')).toEqual([]);
    });
  });
}
