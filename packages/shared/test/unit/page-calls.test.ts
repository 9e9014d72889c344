import { describe, expect, it } from 'vitest';
import { createPageCallBook, parsePageCall } from '../../src/audit/page-calls.js';
import { shapeOfRequest, withPageCall } from '../../src/audit/request-shape.js';

const call = {
  initiator: 'fetch',
  method: 'GET',
  path: '/api/me',
  credentials: 'include',
  mode: 'cors',
  headers: ['X-Trace', 'authorization'],
};

describe('parsePageCall (reports arrive on a channel other clients can write to)', () => {
  it('accepts what the page script sends, header names lower-cased and sorted', () => {
    expect(parsePageCall(call)).toEqual({ ...call, headers: ['authorization', 'x-trace'] });
  });

  it.each([
    ['not an object', 'GET /api/me'],
    ['another initiator', { ...call, initiator: 'beacon' }],
    ['a method that is no token', { ...call, method: 'GET /x' }],
    ['a relative path', { ...call, path: 'api/me' }],
    ['a path too long', { ...call, path: `/${'a'.repeat(3000)}` }],
    ['an unknown credentials mode', { ...call, credentials: 'always' }],
    ['an unknown mode', { ...call, mode: 'websocket' }],
    ['header names that are no tokens', { ...call, headers: ['x y'] }],
    ['too many headers', { ...call, headers: Array.from({ length: 65 }, (_, i) => `x-${i}`) }],
  ])('drops %s', (_what, data) => {
    expect(parsePageCall(data)).toBeUndefined();
  });
});

describe('page call book', () => {
  const report = (overrides: Partial<typeof call>) => parsePageCall({ ...call, ...overrides })!;

  it('finds the call behind a request by method and path, preferring one that set its unsafe headers', async () => {
    const book = createPageCallBook(10);
    book.note(report({ headers: [], credentials: 'same-origin' }));
    book.note(report({ headers: ['authorization'], credentials: 'include' }));
    book.note(report({ path: '/api/other', credentials: 'omit' }));
    const found = await book.find({ method: 'GET', path: '/api/me', unsafeHeaders: ['authorization'] });
    expect(found?.credentials).toBe('include');
    const plain = await book.find({ method: 'GET', path: '/api/me', unsafeHeaders: [] });
    expect(plain?.credentials).toBe('same-origin');
  });

  it('matches a lower-case method the way Chromium normalises it (delete → DELETE, patch stays)', async () => {
    const book = createPageCallBook(10);
    book.note(report({ method: 'delete' }));
    book.note(report({ method: 'patch' }));
    expect(await book.find({ method: 'DELETE', path: '/api/me', unsafeHeaders: [] })).toBeDefined();
    expect(await book.find({ method: 'PATCH', path: '/api/me', unsafeHeaders: [] })).toBeUndefined();
  });

  it('answers at once when no page with the script is connected', async () => {
    const book = createPageCallBook(60_000);
    expect(await book.find({ method: 'GET', path: '/api/me', unsafeHeaders: [] })).toBeUndefined();
  });

  it('with a page connected, waits for a report that arrives after the request', async () => {
    const book = createPageCallBook(60_000);
    book.notePage();
    const pending = book.find({ method: 'GET', path: '/api/me', unsafeHeaders: [] });
    book.note(report({}));
    expect((await pending)?.credentials).toBe('include');
  });

  it('with a page connected, gives up after the wait when the page never reports the call', async () => {
    const book = createPageCallBook(5);
    book.notePage();
    expect(await book.find({ method: 'GET', path: '/api/me', unsafeHeaders: [] })).toBeUndefined();
  });
});

describe('credentials of a shape', () => {
  const request = (headers: Record<string, string>) => ({ method: 'GET', url: '/api/me?x=1', headers });

  it('an Authorization header alone is no credential; cookies are the fallback guess', () => {
    const bearer = shapeOfRequest(request({ authorization: 'Bearer t' }), '/api', 'auto');
    expect([bearer.credentials, bearer.credentialsFrom, bearer.key]).toEqual([
      false,
      'cookies',
      'GET /api/me [authorization]',
    ]);
    const cookie = shapeOfRequest(request({ cookie: 'sid=1' }), '/api', 'auto');
    expect([cookie.credentials, cookie.key]).toEqual([true, 'GET /api/me credentials']);
  });

  it('the page’s own call decides over the cookie guess, and names the API', () => {
    const guessed = shapeOfRequest(request({ cookie: 'sid=1' }), '/api', 'auto');
    const settled = withPageCall(guessed, { initiator: 'xhr', credentials: 'same-origin', mode: 'cors' });
    expect([settled.credentials, settled.credentialsFrom, settled.key, settled.pageCall?.initiator]).toEqual([
      false,
      'page',
      'GET /api/me',
      'xhr',
    ]);
  });

  it('production.credentials decides for every call when set', () => {
    const forced = shapeOfRequest(request({}), '/api', 'include');
    expect([forced.credentials, forced.credentialsFrom]).toEqual([true, 'option']);
  });
});
