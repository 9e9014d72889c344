import fs from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../../packages/shared/test/support/backend.js';
import { launchChromium } from '../../../../../packages/shared/test/support/chromium.js';
import { findClosedPort } from '../../../../../packages/shared/test/support/closed-port.js';
import {
  type ProductionServer,
  startProductionServer,
} from '../../../../../packages/shared/test/support/production-server.js';
import { type OpenedPage, openFixturePage } from '../../chromium-page.js';
import type { HostHarness } from '../../harness.js';
import { pageOriginOf, type StartedHost, startHost } from '../../start-host.js';
import { blockedPutMessage } from './audit-in-chromium.js';

/** axe-core's own build, injected through the protocol: the page's CSP rightly admits no script of ours. */
const axeSource = () => fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/**
 * The dashboard driven in Chromium, as a developer uses it: the app in one tab, the dashboard in another, both
 * on the dev server's origin. What the app does must show up live, with what the proxy changed.
 */
export function dashboardInChromiumContracts(harness: HostHarness): void {
  describe('the dashboard in Chromium', () => {
    let backend: RunningBackend;
    let strict: ProductionServer;
    let host: StartedHost;
    let browser: Browser;
    let context: BrowserContext;
    let app: OpenedPage;
    let dashboard: Page;
    const dashboardProblems: string[] = [];

    beforeAll(async () => {
      backend = await startBackend();
      strict = await startProductionServer('strict');
      const closed = await findClosedPort();
      host = await startHost(harness, {
        routes: {
          '/api': backend.url,
          '/down': { target: `http://127.0.0.1:${closed}`, retryConnectMs: 0 },
        },
        production: { origin: 'https://app.example.com', targets: { '/api': strict.url } },
      });
      browser = await launchChromium();
      app = await openFixturePage(browser, `${pageOriginOf(host)}/`);
      context = app.page.context();
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: pageOriginOf(host) });
      dashboard = await context.newPage();
      // A CSP violation or a script error is a broken page, whatever it still shows.
      dashboard.on('console', (message) => {
        if (message.type() === 'error') dashboardProblems.push(message.text());
      });
      dashboard.on('pageerror', (error) => dashboardProblems.push(String(error)));
      await dashboard.goto(`${pageOriginOf(host)}/__cors-dev-proxy/`);
      await vi.waitFor(async () => expect(await dashboard.textContent('#connection')).toBe('live'));
    });
    afterAll(async () => {
      await browser?.close();
      await host?.close();
      await strict?.close();
      await backend?.close();
    });

    it('lists the routes with their targets', async () => {
      await expect
        .poll(() => dashboard.textContent('#routes-list [data-prefix="/api"] h3'))
        .toBe(`/api → ${backend.url}`);
      expect(await dashboard.getAttribute('#routes-list [data-prefix="/down"]', 'data-state')).toBe(
        'unknown',
      );
    });

    it('shows a request the app made within a second, with its rewrites', async () => {
      const status = await app.page.evaluate(
        async () => (await fetch('/api/login', { method: 'POST' })).status,
      );
      expect(status).toBe(200);
      const answeredAt = Date.now();
      const row = dashboard.locator('#requests-body tr', { hasText: '/api/login' });
      await row.first().waitFor({ timeout: 1000 });
      expect(Date.now() - answeredAt).toBeLessThan(1000);
      await expect.poll(() => row.first().locator('td.status').textContent()).toBe('200');
      // Keyboard: the path is a button; Enter opens the detail and moves focus to it.
      await row.first().locator('button').focus();
      await dashboard.keyboard.press('Enter');
      const detail = dashboard.locator('#request-detail');
      await expect.poll(() => detail.locator('tr[data-header="set-cookie"]').count()).toBeGreaterThan(0);
      expect(await dashboard.evaluate(() => document.activeElement?.id)).toBe('request-detail');
      // The cookie as the backend sent it (Domain of the API) and as the browser got it, side by side.
      const cookie = detail
        .locator('.headers', { hasText: 'Response headers' })
        .locator('tr[data-header="set-cookie"]');
      expect(await cookie.getAttribute('class')).toBe('changed');
      expect(await cookie.locator('td').nth(3).textContent()).toBe('rewritten');
      const hostRow = detail
        .locator('.headers', { hasText: 'Request headers' })
        .locator('tr[data-header="host"]');
      expect(await hostRow.locator('td').nth(2).textContent()).toBe(new URL(backend.url).host);
      // The session cookie's value is never shown.
      expect(await detail.textContent()).not.toMatch(/s3cr3t-/);
    });

    it('shows a backend that is down as down, with the diagnosis', async () => {
      const status = await app.page.evaluate(async () => (await fetch('/down/orders')).status);
      expect(status).toBe(502);
      const card = dashboard.locator('#routes-list [data-prefix="/down"]');
      await expect.poll(() => card.getAttribute('data-state')).toBe('down');
      expect(await card.locator('.diagnosis').textContent()).toMatch(/^refused \(ECONNREFUSED\): /);
      // Where the host has a channel to the page, the console's warning links to the dashboard.
      if (harness.capabilities.browserChannel !== 'none') {
        await expect
          .poll(() => app.consoleLines.find((line) => line.startsWith('[cors-dev-proxy] GET /down/orders')))
          .toMatch(new RegExp(` Details: ${pageOriginOf(host)}/__cors-dev-proxy/$`));
      }
    });

    it('shows a shape production would block with Chromium’s message and a fix to copy', async () => {
      await app.page.evaluate(async () => {
        await fetch('/api/orders/1', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      });
      const shape = dashboard.locator('#production-body article[data-verdict="blocked"]', {
        hasText: 'PUT /api/orders/:id',
      });
      await expect
        .poll(async () => {
          if ((await shape.count()) === 0) await dashboard.click('#production-refresh');
          return shape
            .locator('pre.message')
            .textContent({ timeout: 500 })
            .catch(() => null);
        })
        .toBe(blockedPutMessage(strict.url));
      expect(await shape.locator('.fix pre').first().textContent()).toContain('Access-Control-Allow-Methods');
      await dashboard.selectOption('#framework', 'fastify');
      await expect.poll(() => shape.locator('.snippet code').textContent()).toContain('fastify');
      await shape.locator('.snippet button').click();
      const copied = await dashboard.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(await shape.locator('.snippet code').textContent());
    });

    it('checks a URL as `cors-dev-proxy check` does', async () => {
      await dashboard.fill('#check-url', `${strict.url}/api/orders/1`);
      await dashboard.fill('#check-origin', 'https://app.example.com');
      await dashboard.fill('#check-method', 'PUT');
      await dashboard.fill('#check-headers', 'Content-Type: application/json');
      await dashboard.click('#check-submit');
      const result = dashboard.locator('#check-result');
      await expect.poll(() => result.locator('h3').first().textContent()).toBe('blocked with a preflight');
      expect(await result.locator('pre.message').textContent()).toBe(blockedPutMessage(strict.url));
      expect(await result.textContent()).toContain('Access-Control-Allow-Methods');
    });

    // Attack: a page on another site auto-submits a form to the check (a "simple" POST needs no preflight), to
    // make the developer's machine send requests for it.
    it('refuses the check posted by a form on another site', async () => {
      const devOrigin = pageOriginOf(host);
      const other = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(
          `<!doctype html><form method="post" enctype="text/plain" action="${devOrigin}/__cors-dev-proxy/dashboard/check"><input name='{"url":"http://127.0.0.1:1/","origin":"https://a.example","x":"' value='"}'></form>`,
        );
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const page = await (await browser.newContext()).newPage();
      try {
        await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
        const [response] = await Promise.all([
          page.waitForNavigation(),
          page.evaluate(() => document.forms[0]?.submit()),
        ]);
        expect(response?.status()).toBe(403);
        await expect
          .poll(() => host.lines.join('\n'))
          .toContain(
            'Refused POST /__cors-dev-proxy/dashboard/check: the request came from a page on another site',
          );
      } finally {
        await page.context().close();
        await new Promise((resolve) => other.close(resolve));
      }
    });

    it('has no serious accessibility violation (axe-core), in light and dark', async () => {
      // Evaluated over the DevTools protocol (Runtime.evaluate), which the page's CSP does not govern.
      await dashboard.evaluate(await axeSource());
      // Every section filled: a request selected, a check's result shown (the tests above did both).
      for (const colorScheme of ['light', 'dark'] as const) {
        await dashboard.emulateMedia({ colorScheme });
        const violations = await dashboard.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } })
            .axe;
          const { violations } = await axe.run();
          return violations.map(({ id, impact, nodes }) => ({
            id,
            impact,
            nodes: nodes.slice(0, 3).map((node) => ({ target: node.target })),
          }));
        });
        const serious = violations.filter((violation) =>
          ['serious', 'critical'].includes(violation.impact ?? ''),
        );
        expect(serious, `${colorScheme}: ${JSON.stringify(serious)}`).toEqual([]);
      }
      await dashboard.emulateMedia({ colorScheme: null });
    });

    it('ran without a CSP violation or a script error', () => {
      expect(dashboardProblems).toEqual([]);
    });
  });
}
