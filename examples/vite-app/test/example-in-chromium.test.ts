import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../../packages/shared/test/support/chromium.js';

// Runs the example exactly as the README's Quick start does (scripts/dev.mjs, against the built packages)
// and checks that every card on the page reports success in a real browser.
const exampleDir = fileURLToPath(new URL('..', import.meta.url));
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
  expect(statuses).toEqual({
    fetch: 'pass',
    cookie: 'pass',
    redirect: 'pass',
    sse: 'pass',
    websocket: 'pass',
    diagnostics: 'pass',
    direct: 'pass',
    audit: 'pass',
  });
});
