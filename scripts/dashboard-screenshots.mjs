/**
 * Screenshots of the dashboard for the README, from the running example, so they stay true: starts the Vite
 * example as `npm run example` does (backend and dev server on free ports), lets its page make its requests,
 * opens /__cors-dev-proxy/ with one request selected, and writes light and dark, desktop (1280×800) and narrow
 * (390 wide) images to docs/. Then prints the page's first contentful paint over 12 fresh loads, next to a one-line page's.
 *
 *   npm run screenshots        (builds the packages the example runs on, then runs this)
 */

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { measureFirstPaint } from './first-paint.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = new URL('../docs/', import.meta.url);

const dev = spawn(process.execPath, ['scripts/dev.mjs'], {
  cwd: new URL('../examples/vite-app/', import.meta.url),
  env: { ...process.env, PORT: '0', BACKEND_PORT: '0' },
});
const url = await new Promise((resolve, reject) => {
  let output = '';
  const onData = (chunk) => {
    output += chunk;
    const match = /Open (http:\/\/\S+?)\/? /.exec(output);
    if (match?.[1]) resolve(match[1]);
  };
  dev.stdout.on('data', onData);
  dev.stderr.on('data', onData);
  dev.once('exit', (code) => reject(new Error(`the example exited with ${code}:\n${output}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  // The example's page makes every kind of request once (cookies, a redirect, a stream, a WebSocket, a 502).
  const app = await browser.newPage();
  await app.goto(url);
  await app.waitForFunction(() => {
    const cards = [...document.querySelectorAll('[data-check]')];
    return cards.length > 0 && cards.every((card) => card.getAttribute('data-status') !== 'pending');
  });
  await fs.mkdir(docs, { recursive: true });
  const shots = [
    // The desktop image runs down to the selected request's headers; the narrow one is one phone screen.
    { name: 'desktop', viewport: { width: 1280, height: 800 }, clipHeight: 1400 },
    { name: 'narrow', viewport: { width: 390, height: 844 } },
  ];
  for (const scheme of ['light', 'dark']) {
    for (const { name, viewport, clipHeight } of shots) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${url}/__cors-dev-proxy/`);
      await page.waitForFunction(() => document.querySelector('#connection')?.textContent === 'live');
      await page.waitForSelector('#production-body article');
      // A request with rewrites to show: the login that sets the backend's Domain cookie.
      const login = page.locator('#requests-body tr', { hasText: '/api/login' }).first().locator('button');
      await login.click();
      await page.waitForSelector('#request-detail tr[data-header]');
      await page.evaluate(() => window.scrollTo(0, 0));
      const file = fileURLToPath(new URL(`dashboard-${scheme}-${name}.png`, docs));
      await page.screenshot(
        clipHeight
          ? { path: file, fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height: clipHeight } }
          : { path: file },
      );
      console.log(`wrote ${file.slice(root.length)}`);
      await context.close();
    }
  }
  // First paint, measured rather than asserted (the page's aim: well under 100 ms here), next to a one-line
  // page's: fresh contexts, the ring full of the example's requests, over the protocol (first-paint.mjs).
  const paint = await measureFirstPaint(`${url}/__cors-dev-proxy/`);
  const ms = ({ median, fastest, slowest }) =>
    `median ${median.toFixed(0)} ms (${fastest.toFixed(0)}–${slowest.toFixed(0)})`;
  console.log(
    `first contentful paint over 12 fresh loads: /__cors-dev-proxy/ ${ms(paint.page)}; a one-line page ${ms(paint.floor)}; ` +
      `${(paint.page.median / paint.floor.median).toFixed(2)}× the one-line page`,
  );
} finally {
  await browser.close();
  dev.kill('SIGINT');
}
