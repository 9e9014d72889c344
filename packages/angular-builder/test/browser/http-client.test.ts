import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AngularHost,
  angularHarness,
  writeAngularProject,
} from '../../../../test/host-suite/harnesses/angular.js';
import { type OpenedPage, openFixturePage } from '../../../../test/host-suite/src/chromium-page.js';
import {
  createFixtureProject,
  pageOriginOf,
  removeProject,
  type StartedHost,
  startHost,
} from '../../../../test/host-suite/src/start-host.js';
import { launchChromium } from '../../../shared/test/support/chromium.js';

/** One request as the backend saw it: what its CSRF and CORS checks looked at. */
interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly origin: string | undefined;
  readonly headerToken: string | undefined;
  readonly cookieToken: string | undefined;
  readonly status: number;
}

interface SpringLikeBackend {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

const cookieNamed = (header: string | undefined, name: string) =>
  header
    ?.split(';')
    .map((pair) => pair.trim().split('='))
    .find(([key]) => key === name)?.[1];

/**
 * A backend that guards state changes as Spring Security does with `CookieCsrfTokenRepository.withHttpOnlyFalse()`
 * (the setup Spring documents for Angular) behind Spring's CORS filter:
 * - a GET without the token cookie sets `XSRF-TOKEN` (readable by scripts, `Path=/`, `Domain=` the backend's
 *   host, as `setCookieDomain` writes it: a cookie Chromium refuses on any other host);
 * - a POST is refused 403 unless its `X-XSRF-TOKEN` header equals the cookie (the double-submit check);
 * - any request whose Origin is not the backend's own origin is refused 403 "Invalid CORS request", as
 *   Spring's `DefaultCorsProcessor` does for an origin no `allowedOrigins` admits.
 */
async function startSpringLikeBackend(): Promise<SpringLikeBackend> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    const headerToken = req.headers['x-xsrf-token'];
    const cookieToken = cookieNamed(req.headers.cookie, 'XSRF-TOKEN');
    const answer = (status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        origin,
        headerToken: typeof headerToken === 'string' ? headerToken : undefined,
        cookieToken,
        status,
      });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (origin !== undefined && origin !== `http://${req.headers.host}`) {
        answer(403, { error: 'Invalid CORS request' });
      } else if (req.method === 'GET' || req.method === 'HEAD') {
        const issue = cookieToken
          ? {}
          : {
              'set-cookie': `XSRF-TOKEN=${randomUUID()}; Path=/; Domain=${new URL(`http://${req.headers.host}`).hostname}`,
            };
        answer(200, { user: 'ada' }, issue);
      } else if (!cookieToken || headerToken !== cookieToken) {
        answer(403, { error: 'Invalid CSRF token' });
      } else {
        answer(200, { transferred: true });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The fixture app using Angular's HttpClient with its defaults (`provideHttpClient()`: the XSRF interceptor
 * reads the `XSRF-TOKEN` cookie and sends `X-XSRF-TOKEN` on mutating requests to relative URLs). The page's
 * test drives it through `window.api`, each call resolving with the status HttpClient saw.
 */
const httpClientApp = `import { HttpClient, HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { Component, inject, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { firstValueFrom, type Observable } from 'rxjs';

const statusOf = (call: Observable<{ status: number }>): Promise<number> =>
  firstValueFrom(call).then(
    (response) => response.status,
    (error: unknown) => (error instanceof HttpErrorResponse ? error.status : -1),
  );

@Component({ selector: '[id=app]', template: 'fixture ready' })
class App {
  private readonly http = inject(HttpClient);
  constructor() {
    (window as unknown as { api: unknown }).api = {
      get: (url: string) => statusOf(this.http.get(url, { observe: 'response' })),
      post: (url: string, body: unknown) => statusOf(this.http.post(url, body, { observe: 'response' })),
    };
  }
}

bootstrapApplication(App, {
  providers: [provideZonelessChangeDetection(), provideHttpClient()],
}).catch((error) => console.error(error));
`;

type PageApi = {
  get(url: string): Promise<number>;
  post(url: string, body: unknown): Promise<number>;
};

describe.each(['ng21', 'ng22'] as AngularHost[])(
  'Angular HttpClient on %s, against a Spring-like backend',
  (host) => {
    let backend: SpringLikeBackend;
    let root: string;
    let started: StartedHost;
    let browser: Browser;
    let opened: OpenedPage | undefined;

    beforeAll(async () => {
      backend = await startSpringLikeBackend();
      root = await createFixtureProject();
      await writeAngularProject(host, root, { main: httpClientApp });
      started = await startHost(angularHarness(host), { routes: { '/api': backend.url } }, { root });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await started?.close();
      await backend?.close();
      if (root) await removeProject(angularHarness(host), root);
    });
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
      backend.seen.length = 0;
    });

    it('GET sets XSRF-TOKEN on the page origin; the POST carries X-XSRF-TOKEN and passes (200)', async () => {
      opened = await openFixturePage(browser, `${pageOriginOf(started)}/`);
      const { page } = opened;
      expect(await page.evaluate(() => (globalThis as unknown as { api: PageApi }).api.get('/api/me'))).toBe(
        200,
      );
      // The backend's Domain=127.0.0.1 cookie, rewritten into a host-only cookie of the page's origin,
      // where HttpClient's interceptor can read it from document.cookie.
      const [cookie] = await page.context().cookies();
      expect(cookie).toMatchObject({ name: 'XSRF-TOKEN', domain: 'localhost', path: '/', httpOnly: false });
      expect(
        await page.evaluate(() =>
          (globalThis as unknown as { api: PageApi }).api.post('/api/transfer', { amount: 5 }),
        ),
      ).toBe(200);
      const post = backend.seen.find((request) => request.method === 'POST');
      // The header arrived and equals the cookie; the page's Origin (localhost) reached the backend as its own.
      expect(post).toMatchObject({
        path: '/api/transfer',
        headerToken: cookie?.value,
        cookieToken: cookie?.value,
        origin: backend.url,
        status: 200,
      });
    });

    it('refuses a POST without the token, and a foreign Origin: the guard the round trip passes is real', async () => {
      opened = await openFixturePage(browser, `${pageOriginOf(started)}/`);
      const { page } = opened;
      // No GET first: no cookie, so HttpClient has no token to send.
      expect(
        await page.evaluate(() =>
          (globalThis as unknown as { api: PageApi }).api.post('/api/transfer', { amount: 5 }),
        ),
      ).toBe(403);
      // A token in the header that is not the cookie's (a forged request) is refused too.
      await page.evaluate(() => (globalThis as unknown as { api: PageApi }).api.get('/api/me'));
      expect(
        await page.evaluate(() =>
          fetch('/api/transfer', { method: 'POST', headers: { 'x-xsrf-token': 'forged' } }).then(
            (response) => response.status,
          ),
        ),
      ).toBe(403);
      // Straight to the backend with the page's Origin, as a call past the proxy would arrive.
      const direct = await fetch(`${backend.url}/api/me`, { headers: { origin: pageOriginOf(started) } });
      expect(direct.status).toBe(403);
    });

    it('names an absolute backend URL (an apiUrl in environment.ts) once in the console, with the fix', async () => {
      opened = await openFixturePage(browser, `${pageOriginOf(started)}/`);
      const { page, consoleLines } = opened;
      // Straight to the backend: the page's Origin is foreign there, so the call fails (status 0 in HttpClient).
      const direct = `${backend.url}/api/me`;
      const call = (url: string) => (globalThis as unknown as { api: PageApi }).api.get(url);
      expect(await page.evaluate(call, direct)).toBe(0);
      await page.evaluate(call, `${backend.url}/api/other`);
      await expect
        .poll(() => consoleLines.filter((line) => line.includes('went to the backend directly')))
        .toEqual([
          `[cors-dev-proxy] GET ${direct} went to the backend directly, past the proxy: the browser applies CORS to it, and the backend's cookies stay on its own origin. Call it relatively, as '/api/me' (the route '/api' forwards it to ${backend.url}): e.g. apiUrl: '/api' in src/environments/environment.ts instead of '${backend.url}'.`,
        ]);
    });
  },
);
