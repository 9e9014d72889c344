import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../../packages/shared/test/support/backend.js';
import { launchChromium } from '../../../../../packages/shared/test/support/chromium.js';
import type { HostHarness } from '../../harness.js';
import { pageOriginOf, startHost } from '../../start-host.js';
import { ownEndpointOptions, secretProductionApi } from '../own-endpoints.js';

/** What a page gets from a fetch: the status and body, or the error it rejected with (runs in the page). */
const readFromPage = async (url: string) => {
  try {
    const response = await fetch(url);
    return `status ${response.status}: ${await response.text()}`;
  } catch (error) {
    return String(error);
  }
};

export function ownEndpointsInChromiumContracts(harness: HostHarness): void {
  describe('the own endpoints of cors-dev-proxy, attacked from Chromium', () => {
    let backend: RunningBackend;
    let browser: Browser;

    beforeAll(async () => {
      backend = await startBackend();
      // evil.example resolves to loopback: the state of a DNS-rebinding attack once the name has rebound.
      browser = await launchChromium(['--host-resolver-rules=MAP evil.example 127.0.0.1']);
    });
    afterAll(async () => {
      await browser?.close();
      await backend?.close();
    });

    // Attack: DNS rebinding. The attacker's page is loaded from http://evil.example:P (their server, on the port
    // the developer's dev server will use); then evil.example rebinds to 127.0.0.1 and the page reads
    // /__cors-dev-proxy/audit "same-origin". Played here by serving the page from a server on P that is then
    // closed, and starting the host on the same P.
    it('refuses a rebound page: 403, and no data reaches it', async () => {
      const attacker = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html', connection: 'close' });
        res.end('<!doctype html><title>evil</title>');
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
      const port = (attacker.address() as AddressInfo).port;
      const page = await (await browser.newContext()).newPage();
      await page.goto(`http://evil.example:${port}/`);
      await new Promise((resolve) => attacker.close(resolve));
      attacker.closeAllConnections();

      const dev = await startHost(harness, ownEndpointOptions(backend), { port });
      try {
        // Something for the audit to hold, sent by the developer's own tab.
        await (await fetch(`${dev.url}/api/hello`)).arrayBuffer();
        const audit = await page.evaluate(readFromPage, '/__cors-dev-proxy/audit');
        const replay = await page.evaluate(
          readFromPage,
          '/__cors-dev-proxy/audit?replay=http://evil.example',
        );
        const api = await page.evaluate(readFromPage, '/api/hello');
        for (const answer of [audit, replay, api]) {
          expect(answer).toMatch(/^status 403: /);
          expect(answer).not.toContain(secretProductionApi);
        }
        // A host whose own Host check runs first (webpack-dev-server's "Invalid Host header") refuses it
        // itself; otherwise the refusal is ours, and the developer sees why in the terminal.
        if (harness.capabilities.takesRequestsFirst) {
          expect(audit).toContain(`the Host "evil.example:${port}" is not one this dev server accepts`);
          expect(dev.lines.join('\n')).toContain(
            'Refused GET /__cors-dev-proxy/audit: the Host "evil.example',
          );
        }
      } finally {
        await page.context().close();
        await dev.close();
      }
    });

    // Attack: a page on another origin (here http://127.0.0.1:Q; any site works the same) reads the audit of the
    // developer's dev server at http://localhost:P cross-origin.
    it('gives a cross-origin page nothing to read', async () => {
      const dev = await startHost(harness, ownEndpointOptions(backend));
      const other = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>other site</title>');
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const page = await (await browser.newContext()).newPage();
      const consoleLines: string[] = [];
      page.on('console', (message) => consoleLines.push(message.text()));
      try {
        const devOrigin = pageOriginOf(dev);
        await (await fetch(`${devOrigin}/api/hello`)).arrayBuffer();
        await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
        const answer = await page.evaluate(readFromPage, `${devOrigin}/__cors-dev-proxy/audit`);
        expect(answer).toBe('TypeError: Failed to fetch');
        await expect
          .poll(() => consoleLines.join('\n'))
          .toContain(`Access to fetch at '${devOrigin}/__cors-dev-proxy/audit' from origin`);
        // Refused by the dev server (not only unreadable): Chromium marked the request as cross-site.
        expect(dev.lines.join('\n')).toContain(
          'Refused GET /__cors-dev-proxy/audit: the request came from a page on another site (Sec-Fetch-Site: cross-site)',
        );
      } finally {
        await page.context().close();
        await new Promise((resolve) => other.close(resolve));
        await dev.close();
      }
    });
  });
}
