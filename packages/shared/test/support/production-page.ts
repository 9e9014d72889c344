import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';

/**
 * "Production": an API that admits the production page's origin for GET/POST with Content-Type, and never
 * sends Access-Control-Allow-Credentials. A real Node server, as strict as the servers users run.
 */
export async function startProductionApi(
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
export async function startPageServer(): Promise<{ origin: string; close(): Promise<void> }> {
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
export type Call = { api: 'fetch' | 'xhr'; url: string; headers?: Record<string, string>; include?: boolean };
export const runCall = async ({ api, url, headers = {}, include = false }: Call) => {
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

/** Chromium's console line for the call made by the production page straight to the production API. */
export async function askChromiumFromPage(browser: Browser, pageOrigin: string, call: Call): Promise<string> {
  const page = await (await browser.newContext()).newPage();
  const lines: string[] = [];
  page.on('console', (message) => lines.push(message.text()));
  try {
    await page.goto(`${pageOrigin}/`);
    expect(await page.evaluate(runCall, call)).toMatch(/TypeError: Failed to fetch|network error/);
    await expect.poll(() => lines.find((line) => line.includes('blocked by CORS policy'))).toBeTruthy();
    return lines.find((line) => line.includes('blocked by CORS policy')) as string;
  } finally {
    await page.context().close();
  }
}
