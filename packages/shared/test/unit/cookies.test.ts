import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/index.js';
import { rewriteSetCookie } from '../../src/proxy/cookies.js';
import type { LocalOrigin } from '../../src/proxy/local-origin.js';

const origin = (host: string, protocol: 'http:' | 'https:' = 'http:'): LocalOrigin => ({
  protocol,
  host,
  hostname: host.replace(/:\d+$/, ''),
  origin: `${protocol}//${host}`,
});
const plain = resolveOptions({ routes: { '/api': 'https://api.example.com' } }).routes[0]!;
const stripped = resolveOptions({ routes: { '/api': { target: 'https://api.example.com/v1', rewrite: '' } } })
  .routes[0]!;

describe('rewriteSetCookie', () => {
  it('drops Domain and keeps Secure and SameSite=None on http://localhost (Chromium accepts them there)', () => {
    const result = rewriteSetCookie(
      'session=abc; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=None',
      plain,
      origin('localhost:5173'),
    );
    expect(result.value).toBe('session=abc; Path=/; Secure; HttpOnly; SameSite=None');
    expect(result.notes.join()).toMatch(/Domain=example\.com/);
    expect(result.unusable).toBeUndefined();
  });

  it('keeps Secure on 127.0.0.1 and https origins', () => {
    expect(rewriteSetCookie('a=1; Secure', plain, origin('127.0.0.1:5173')).value).toBe('a=1; Secure');
    expect(rewriteSetCookie('a=1; Secure; Partitioned', plain, origin('dev.test', 'https:')).value).toBe(
      'a=1; Secure; Partitioned',
    );
  });

  it('removes what an insecure http host cannot store', () => {
    const result = rewriteSetCookie(
      'a=1; Secure; SameSite=None; Partitioned',
      plain,
      origin('192.168.1.20:5173'),
    );
    expect(result.value).toBe('a=1; SameSite=Lax');
    expect(result.notes).toHaveLength(3);
  });

  it('flags prefixed cookies that an insecure http host can never store', () => {
    const result = rewriteSetCookie('__Host-id=1; Secure; Path=/', plain, origin('app.test:5173'));
    expect(result.unusable).toMatch(/__Host- prefix.*http:\/\/localhost/);
  });

  it('maps the cookie Path back through a prefix rewrite', () => {
    expect(rewriteSetCookie('a=1; Path=/v1/cart', stripped, origin('localhost:5173')).value).toBe(
      'a=1; Path=/api/cart',
    );
    expect(rewriteSetCookie('a=1; Path=/v1', stripped, origin('localhost:5173')).value).toBe(
      'a=1; Path=/api',
    );
    expect(rewriteSetCookie('a=1; Path=/', stripped, origin('localhost:5173')).value).toBe('a=1; Path=/');
    // No Path: the browser would default it to the local request's directory; pin it to the prefix instead.
    expect(rewriteSetCookie('a=1', stripped, origin('localhost:5173')).value).toBe('a=1; Path=/api');
  });

  it('never moves a __Host- cookie off Path=/', () => {
    expect(rewriteSetCookie('__Host-a=1; Secure; Path=/', stripped, origin('localhost:5173')).value).toBe(
      '__Host-a=1; Secure; Path=/',
    );
  });
});
