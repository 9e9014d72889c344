import { type ChildProcess, spawn } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../../packages/shared/test/support/chromium.js';

/** Every card of the page (src/checks/index.ts), in page order: all of them must pass on every host. */
const everyCardPasses = {
  fetch: 'pass',
  cookie: 'pass',
  redirect: 'pass',
  sse: 'pass',
  websocket: 'pass',
  diagnostics: 'pass',
  direct: 'pass',
  audit: 'pass',
};

/**
 * The browser test each example owes: runs the example as its README and the root `npm run example*` script do
 * (`scripts/dev.mjs`, against the built packages, the dev server and the backend on free ports), opens the URL it
 * prints in Chromium and checks that every card reports success.
 *
 * @param exampleDir the example's folder, which holds `scripts/dev.mjs`
 */
export function testEveryCardInChromium(exampleDir: string): void {
  let dev: ChildProcess;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    dev = spawn(process.execPath, ['scripts/dev.mjs'], {
      cwd: exampleDir,
      env: { ...process.env, PORT: '0', BACKEND_PORT: '0' },
    });
    url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk;
        const match = /Open (http:\/\/\S+?)\/? /.exec(output);
        if (match?.[1]) resolve(match[1]);
      };
      dev.stdout?.on('data', onData);
      dev.stderr?.on('data', onData);
      dev.once('exit', (code) => reject(new Error(`the example exited with ${code}:\n${output}`)));
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    dev?.kill('SIGINT');
  });

  it('shows every feature working', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll('[data-check]')];
      return cards.length > 0 && cards.every((card) => card.getAttribute('data-status') !== 'pending');
    });
    const statuses = await page.$$eval('[data-check]', (cards) =>
      Object.fromEntries(
        cards.map((card) => [card.getAttribute('data-check'), card.getAttribute('data-status')]),
      ),
    );
    expect(statuses).toEqual(everyCardPasses);
  });
}
