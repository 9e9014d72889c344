import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientScriptPath,
  createCorsDevProxy,
  createHostLogger,
  takeRequestsFirst,
} from '../../src/host/index.js';
import { type RunningBackend, startBackend } from '../support/backend.js';
import { launchChromium } from '../support/chromium.js';
import { findClosedPort } from '../support/closed-port.js';
import {
  askChromiumFromPage,
  type Call,
  runCall,
  startPageServer,
  startProductionApi,
} from '../support/production-page.js';

// Hosts without a channel to the page of their own (webpack-dev-server, Angular) inject the core's client
// script; it must bring every warning to the console and report the page's calls, in a real browser.
describe('the browser channel served by the core (event stream + client script) in Chromium', () => {
  let backend: RunningBackend;
  let productionPage: Awaited<ReturnType<typeof startPageServer>>;
  let productionApi: Awaited<ReturnType<typeof startProductionApi>>;
  let host: http.Server;
  let hostOrigin: string;
  let browser: Browser;
  let page: Page;
  const consoleLines: string[] = [];
  const terminal: string[] = [];

  beforeAll(async () => {
    backend = await startBackend();
    productionPage = await startPageServer();
    productionApi = await startProductionApi(() => productionPage.origin);
    const proxy = createCorsDevProxy(
      {
        routes: {
          '/api': backend.url,
          '/down': { target: `http://127.0.0.1:${await findClosedPort()}`, retryConnectMs: 0 },
        },
        production: { origin: productionPage.origin, targets: { '/api': productionApi.url } },
      },
      {
        logger: createHostLogger({
          info: (m) => terminal.push(m),
          warn: (m) => terminal.push(m),
          error: (m) => terminal.push(m),
        }),
        guardHttpHosts: true,
        // Shapes go to a throwaway project, not the repository.
        root: await mkdtemp(path.join(os.tmpdir(), 'cors-dev-proxy-channel-')),
      },
    );
    // The host's app: one HTML page that includes the client script, as the webpack and Angular adapters inject it.
    host = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><title>app</title><script src="${clientScriptPath}"></script><p id="app">ready</p>`,
      );
    });
    takeRequestsFirst(host, proxy.handleRequest);
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.on('console', (message) => consoleLines.push(message.text()));
    await page.goto(`${hostOrigin}/`);
  });
  afterAll(async () => {
    await browser?.close();
    host?.closeAllConnections();
    await new Promise((resolve) => host?.close(resolve));
    await productionApi?.close();
    await productionPage?.close();
    await backend?.close();
  });

  it('prints a problem the proxy meets in the page’s console, once', async () => {
    expect(await page.evaluate(async () => (await fetch('/down/orders')).status)).toBe(502);
    expect(await page.evaluate(async () => (await fetch('/down/orders')).status)).toBe(502);
    await expect
      .poll(() => consoleLines.filter((line) => line.startsWith('[cors-dev-proxy] GET /down/orders →')))
      .toHaveLength(1);
  });

  it('judges the page’s credentialed fetch with credentials, with Chromium’s message', async () => {
    const call: Call = { api: 'fetch', url: '/api/account', include: true };
    expect(await page.evaluate(runCall, call)).toMatch(/^status \d+$/);
    const chromium = await askChromiumFromPage(browser, productionPage.origin, {
      ...call,
      url: `${productionApi.url}/api/account`,
    });
    const inConsole = () => consoleLines.find((line) => line.includes('In production, GET /api/account '));
    await expect.poll(inConsole).toBeTruthy();
    expect(inConsole()).toContain(chromium);
    expect(inConsole()).toContain("with credentials (the page's fetch sets credentials: 'include')");
    expect(terminal.join('\n')).toContain(chromium);
  });
});
