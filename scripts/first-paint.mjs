/**
 * Chromium's first contentful paint of a page, measured over the DevTools protocol itself: its own Chromium
 * (Debian's), a fresh browser context per load (no cache, a new renderer), nothing injected into the page.
 * Playwright is not used for this on purpose: its 330 KB utility script is evaluated in the page when a test
 * first waits on it, and on a page that paints after DOMContentLoaded that evaluation lands before the paint.
 *
 * Each page is measured next to a one-line page from a bare node:http server in the same run, which is the
 * floor of this machine and this Chromium: the ratio is what the page adds.
 */

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const settleMs = 1_000;

/** A DevTools protocol client over the browser's WebSocket: `send(method, params, sessionId)` and events. */
async function connect(webSocketUrl) {
  const socket = new WebSocket(webSocketUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot reach Chromium at ${webSocketUrl}`)), {
      once: true,
    });
  });
  let lastId = 0;
  const replies = new Map();
  const eventListeners = new Set();
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data));
    const reply = replies.get(data.id);
    if (reply) {
      replies.delete(data.id);
      if (data.error) reply.reject(new Error(`${reply.method}: ${data.error.message}`));
      else reply.resolve(data.result);
    } else {
      for (const listener of eventListeners) listener(data);
    }
  });
  return {
    send(method, params = {}, sessionId = undefined) {
      lastId += 1;
      const id = lastId;
      return new Promise((resolve, reject) => {
        replies.set(id, { method, resolve, reject });
        socket.send(JSON.stringify({ id, method, params, sessionId }));
      });
    },
    once(method, sessionId) {
      return new Promise((resolve) => {
        const listener = (data) => {
          if (data.method !== method || data.sessionId !== sessionId) return;
          eventListeners.delete(listener);
          resolve(data.params);
        };
        eventListeners.add(listener);
      });
    },
    close: () => socket.close(),
  };
}

async function launch() {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'cors-dev-proxy-first-paint-'));
  const chromium = spawn(
    chromiumPath,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const webSocketUrl = await new Promise((resolve, reject) => {
    let output = '';
    chromium.stderr.on('data', (chunk) => {
      output += chunk;
      const match = /DevTools listening on (ws:\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    chromium.once('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${output}`)));
  });
  return {
    protocol: await connect(webSocketUrl),
    async close() {
      chromium.kill();
      await fs.rm(profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    },
  };
}

/** One load in a fresh context: first contentful paint, ms from navigation start. */
async function loadOnce(protocol, url) {
  const { browserContextId } = await protocol.send('Target.createBrowserContext');
  try {
    const { targetId } = await protocol.send('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = await protocol.send('Target.attachToTarget', { targetId, flatten: true });
    await protocol.send('Page.enable', {}, sessionId);
    const loaded = protocol.once('Page.loadEventFired', sessionId);
    await protocol.send('Page.navigate', { url }, sessionId);
    await loaded;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const { result } = await protocol.send(
      'Runtime.evaluate',
      {
        expression: "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1",
        returnByValue: true,
      },
      sessionId,
    );
    if (result.value < 0) throw new Error(`${url} did not paint within ${settleMs} ms of its load event`);
    return result.value;
  } finally {
    await protocol.send('Target.disposeBrowserContext', { browserContextId });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/**
 * First contentful paint of `url` and of the one-line floor page, `loads` fresh loads each, interleaved (so
 * drift on a shared machine touches both alike). Returns milliseconds: median, fastest, slowest of each.
 * @param {string} url
 * @param {{ loads?: number }} [options]
 */
export async function measureFirstPaint(url, { loads = 12 } = {}) {
  const floor = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>floor</title><h1>hello</h1>');
  });
  await new Promise((resolve) => floor.listen(0, '127.0.0.1', resolve));
  const floorUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (floor.address()).port}/`;
  const chromium = await launch();
  try {
    const page = [];
    const oneLine = [];
    for (let load = 0; load < loads; load += 1) {
      page.push(await loadOnce(chromium.protocol, url));
      oneLine.push(await loadOnce(chromium.protocol, floorUrl));
    }
    const summary = (values) => ({
      median: median(values),
      fastest: Math.min(...values),
      slowest: Math.max(...values),
    });
    return { page: summary(page), floor: summary(oneLine) };
  } finally {
    chromium.protocol.close();
    await chromium.close();
    floor.close();
  }
}
