import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../../packages/shared/test/support/backend.js';
import { launchChromium } from '../../../../../packages/shared/test/support/chromium.js';
import {
  askChromiumFromPage,
  type Call,
  runCall,
  startPageServer,
  startProductionApi,
} from '../../../../../packages/shared/test/support/production-page.js';
import type { HostHarness } from '../../harness.js';
import { pageOriginOf, type StartedHost, startHost } from '../../start-host.js';

// Through the proxy every call is same-origin and cookies flow whatever the code says; only the page knows
// whether production's cross-origin call will carry credentials. The audit must use the page's own mode, and
// its verdict must be the one Chromium gives the production page for the same call.
export function credentialsFromThePageContracts(harness: HostHarness): void {
  describe('production audit in Chromium: credentials as the page sets them', () => {
    let backend: RunningBackend;
    let productionPage: Awaited<ReturnType<typeof startPageServer>>;
    let productionApi: Awaited<ReturnType<typeof startProductionApi>>;
    let dev: StartedHost;
    let browser: Browser;
    let context: BrowserContext;
    let devPage: Page;
    const devConsole: string[] = [];

    beforeAll(async () => {
      backend = await startBackend();
      productionPage = await startPageServer();
      productionApi = await startProductionApi(() => productionPage.origin);
      dev = await startHost(harness, {
        routes: { '/api': backend.url },
        production: { origin: productionPage.origin, targets: { '/api': productionApi.url } },
      });
      browser = await launchChromium();
      context = await browser.newContext();
      devPage = await context.newPage();
      devPage.on('console', (message) => devConsole.push(message.text()));
      await devPage.goto(`${pageOriginOf(dev)}/`);
      await vi.waitFor(async () => expect(await devPage.textContent('#app')).toBe('fixture ready'));
    });
    afterAll(async () => {
      await browser?.close();
      await dev?.close();
      await productionApi?.close();
      await productionPage?.close();
      await backend?.close();
    });

    const askChromium = (call: Call) => askChromiumFromPage(browser, productionPage.origin, call);

    const auditLine = (lines: readonly string[], shape: string) =>
      lines.find((line) => line.includes(`In production, ${shape} `));

    it('an Authorization header without credentials gets Chromium’s header message, not a credentials one', async () => {
      const call = { api: 'fetch', headers: { authorization: 'Bearer t0ken' } } as const;
      // The developer's cookies ride along through the proxy (same-origin) although the code never asks for them.
      await context.addCookies([{ name: 'sid', value: 'dev', url: pageOriginOf(dev) }]);
      // Any answer: the backend's status does not matter, the call went through the proxy.
      expect(await devPage.evaluate(runCall, { ...call, url: '/api/me' })).toMatch(/^status \d+$/);
      const chromium = await askChromium({ ...call, url: `${productionApi.url}/api/me` });
      expect(chromium).toContain('Request header field authorization is not allowed');

      await expect.poll(() => auditLine(dev.lines, 'GET /api/me')).toBeTruthy();
      const warning = auditLine(dev.lines, 'GET /api/me') as string;
      expect(warning).toContain(chromium);
      expect(warning).toContain("without credentials (the page's fetch uses credentials: 'same-origin')");
      expect(warning).not.toMatch(/credentials mode is 'include'|Access-Control-Allow-Credentials/);
      await expect.poll(() => auditLine(devConsole, 'GET /api/me')).toContain(chromium);
    });

    it('a fetch with credentials: include is judged with credentials', async () => {
      const call = { api: 'fetch', include: true } as const;
      // Any answer: the backend's status does not matter, the call went through the proxy.
      expect(await devPage.evaluate(runCall, { ...call, url: '/api/account' })).toMatch(/^status \d+$/);
      const chromium = await askChromium({ ...call, url: `${productionApi.url}/api/account` });
      expect(chromium).toContain("when the request's credentials mode is 'include'");

      await expect.poll(() => auditLine(dev.lines, 'GET /api/account')).toBeTruthy();
      const warning = auditLine(dev.lines, 'GET /api/account') as string;
      expect(warning).toContain(chromium);
      expect(warning).toContain("with credentials (the page's fetch sets credentials: 'include')");
      expect(warning).toContain('Access-Control-Allow-Credentials: true');
    });

    it('an XMLHttpRequest with withCredentials is judged as one, with Chromium’s XHR message', async () => {
      const call = { api: 'xhr', include: true } as const;
      // Any answer: the backend's status does not matter, the call went through the proxy.
      expect(await devPage.evaluate(runCall, { ...call, url: '/api/profile' })).toMatch(/^status \d+$/);
      const chromium = await askChromium({ ...call, url: `${productionApi.url}/api/profile` });
      expect(chromium).toContain('Access to XMLHttpRequest at');

      await expect.poll(() => auditLine(dev.lines, 'GET /api/profile')).toBeTruthy();
      const warning = auditLine(dev.lines, 'GET /api/profile') as string;
      expect(warning).toContain(chromium);
      expect(warning).toContain("with credentials (the page's XMLHttpRequest sets withCredentials)");
    });

    it('reports the judged credentials and where they came from in the audit endpoint', async () => {
      const audit = await devPage.evaluate(async () => (await fetch('/__cors-dev-proxy/audit')).json());
      const byPath = Object.fromEntries(
        (audit.shapes as { path: string; credentials: boolean; credentialsFrom: string }[]).map((shape) => [
          shape.path,
          [shape.credentials, shape.credentialsFrom],
        ]),
      );
      expect(byPath).toMatchObject({
        '/api/me': [false, 'page'],
        '/api/account': [true, 'page'],
        '/api/profile': [true, 'page'],
      });
    });
  });
}
