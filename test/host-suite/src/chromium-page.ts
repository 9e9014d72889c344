import type { Browser, Page } from 'playwright-core';
import { expect, vi } from 'vitest';

export interface OpenedPage {
  readonly page: Page;
  /** The page's console lines so far. */
  readonly consoleLines: string[];
  /** Closes the page's context (its cookie jar with it). */
  close(): Promise<void>;
}

/**
 * Opens the fixture page at `url` in a fresh context (empty cookie jar, empty preflight cache) and waits until
 * its script ran (`#app` reads "fixture ready").
 */
export async function openFixturePage(browser: Browser, url: string): Promise<OpenedPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  await page.goto(url);
  // vi.waitFor, not expect.poll: pages are also opened in beforeAll hooks.
  await vi.waitFor(async () => expect(await page.textContent('#app')).toBe('fixture ready'));
  return { page, consoleLines, close: () => context.close() };
}
