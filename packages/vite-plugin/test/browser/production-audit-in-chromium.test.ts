import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningBackend, startBackend } from '../../../shared/test/support/backend.js';
import { launchChromium } from '../../../shared/test/support/chromium.js';
import {
  type ProductionServer,
  startProductionServer,
} from '../../../shared/test/support/production-server.js';
import { corsDevProxy } from '../../src/index.js';
import { type RunningVite, startVite } from '../support/start-vite.js';

// The page talks to its dev server (same origin, so the browser itself never complains); the audit must bring
// production's verdict to the console, once per kind of request, and in enforce mode fail the request as the
// browser would.
describe.each(['warn', 'enforce'] as const)('production audit in Chromium (mode: %s)', (mode) => {
  let backend: RunningBackend;
  let strict: ProductionServer;
  let vite: RunningVite;
  let browser: Browser;
  let page: Page;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    backend = await startBackend();
    strict = await startProductionServer('strict');
    vite = await startVite('vite8', [
      corsDevProxy({
        routes: { '/api': backend.url },
        production: { origin: 'https://app.example.com', targets: { '/api': strict.url } },
        mode,
      }),
    ]);
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.on('console', (message) => consoleLines.push(message.text()));
    await page.goto(`${vite.url.replace('127.0.0.1', 'localhost')}/`);
    await vi.waitFor(async () => expect(await page.textContent('#app')).toBe('fixture ready'));
  });
  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await strict?.close();
    await backend?.close();
  });

  const auditLines = (lines: readonly string[], shape: string) =>
    lines.filter((line) => line.includes(`In production, ${shape} `));

  it('shows each blocked shape once in the console and the terminal, with Chromium’s message', async () => {
    // Three orders, one shape: PUT /api/orders/:id with a JSON body, which the strict policy does not allow.
    const results = await page.evaluate(async () => {
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
    const message = `Access to fetch at '${strict.url}/api/orders/1' from origin 'https://app.example.com' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.`;
    await expect
      .poll(() => auditLines(consoleLines, 'PUT /api/orders/:id'))
      .toEqual([expect.stringContaining(message)]);
    await expect
      .poll(() => auditLines(vite.lines, 'PUT /api/orders/:id'))
      .toEqual([expect.stringContaining(message)]);
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
    const body = await page.evaluate(async () => (await fetch('/api/hello')).json());
    expect(body).toMatchObject({ path: '/api/hello' });
    expect(auditLines(consoleLines, 'GET /api/hello')).toEqual([]);
  });
});
