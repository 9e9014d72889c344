import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../../packages/shared/test/support/backend.js';
import { launchChromium } from '../../../../../packages/shared/test/support/chromium.js';
import type { HostHarness } from '../../harness.js';
import { pageOriginOf, type StartedHost, startHost } from '../../start-host.js';

/**
 * "Production": an API that admits the production page's origin for GET/POST with Content-Type, and never
 * sends Access-Control-Allow-Credentials. A real Node server, as strict as the servers users run.
 */
async function startProductionApi(
  pageOrigin: () => string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const headers: Record<string, string> = { vary: 'Origin' };
    if (req.headers.origin === pageOrigin()) headers['access-control-allow-origin'] = pageOrigin();
    if (req.method === 'OPTIONS') {
      headers['access-control-allow-methods'] = 'GET, POST';
      headers['access-control-allow-headers'] = 'content-type';
      res.writeHead(204, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end('{"production":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A blank page for the production origin, so Chromium itself can be asked what production will do. */
async function startPageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>production page</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The same call a page's code makes, run in the page: fetch or XHR, with or without credentials. */
type Call = { api: 'fetch' | 'xhr'; url: string; headers?: Record<string, string>; include?: boolean };
const runCall = async ({ api, url, headers = {}, include = false }: Call) => {
  if (api === 'fetch') {
    try {
      const response = await fetch(url, { headers, ...(include ? { credentials: 'include' as const } : {}) });
      return `status ${response.status}`;
    } catch (error) {
      return String(error);
    }
  }
  return new Promise<string>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.withCredentials = include;
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.onload = () => resolve(`status ${xhr.status}`);
    xhr.onerror = () => resolve('network error');
    xhr.send();
  });
};

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

    /** Chromium's console line for the call made by the production page straight to the production API. */
    async function askChromium(call: Call): Promise<string> {
      const page = await (await browser.newContext()).newPage();
      const lines: string[] = [];
      page.on('console', (message) => lines.push(message.text()));
      try {
        await page.goto(`${productionPage.origin}/`);
        expect(await page.evaluate(runCall, call)).toMatch(/TypeError: Failed to fetch|network error/);
        await expect.poll(() => lines.find((line) => line.includes('blocked by CORS policy'))).toBeTruthy();
        return lines.find((line) => line.includes('blocked by CORS policy')) as string;
      } finally {
        await page.context().close();
      }
    }

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
