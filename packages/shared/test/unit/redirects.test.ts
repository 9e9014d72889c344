import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/index.js';
import type { LocalOrigin } from '../../src/proxy/local-origin.js';
import { rewriteLinkHeader, rewriteUpstreamUrl } from '../../src/proxy/redirects.js';

const local: LocalOrigin = {
  protocol: 'http:',
  host: 'localhost:5173',
  hostname: 'localhost',
  origin: 'http://localhost:5173',
};
const { routes } = resolveOptions({
  routes: {
    '/api': 'http://127.0.0.1:9000',
    '/auth': { target: 'https://id.example.com/oauth', rewrite: '' },
  },
});
const api = routes.find((route) => route.prefix === '/api')!;
const auth = routes.find((route) => route.prefix === '/auth')!;

describe('rewriteUpstreamUrl', () => {
  it('points absolute URLs on the target back at the local origin', () => {
    expect(rewriteUpstreamUrl('http://127.0.0.1:9000/api/orders/42?x=1', api, routes, local)).toBe(
      'http://localhost:5173/api/orders/42?x=1',
    );
  });

  it('maps through a rewrite and a target path, and across routes', () => {
    expect(rewriteUpstreamUrl('https://id.example.com/oauth/callback', auth, routes, local)).toBe(
      'http://localhost:5173/auth/callback',
    );
    expect(rewriteUpstreamUrl('https://id.example.com/oauth/callback', api, routes, local)).toBe(
      'http://localhost:5173/auth/callback',
    );
  });

  it('keeps relative URLs relative and maps their path', () => {
    expect(rewriteUpstreamUrl('/oauth/done', auth, routes, local)).toBe('/auth/done');
    expect(rewriteUpstreamUrl('/api/x', api, routes, local)).toBe('/api/x');
  });

  it('leaves third-party and unexposed URLs alone', () => {
    expect(rewriteUpstreamUrl('https://accounts.google.com/o/oauth2', api, routes, local)).toBe(
      'https://accounts.google.com/o/oauth2',
    );
    expect(rewriteUpstreamUrl('http://127.0.0.1:9000/admin', api, routes, local)).toBe(
      'http://127.0.0.1:9000/admin',
    );
  });

  it('rewrites each URL of a Link header', () => {
    expect(
      rewriteLinkHeader(
        '<http://127.0.0.1:9000/api/o?page=2>; rel="next", <https://cdn.test/x>; rel="preload"',
        api,
        routes,
        local,
      ),
    ).toBe('<http://localhost:5173/api/o?page=2>; rel="next", <https://cdn.test/x>; rel="preload"');
  });
});
