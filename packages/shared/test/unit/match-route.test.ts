import { describe, expect, it } from 'vitest';
import { matchRoute, resolveOptions } from '../../src/index.js';

describe('matchRoute', () => {
  const { routes } = resolveOptions({
    routes: { '/api': 'http://a.test', '/api/v2': 'http://b.test', '/auth': 'http://c.test' },
  });
  const prefixOf = (url: string) => matchRoute(routes, url)?.prefix;

  it('matches on a path-segment boundary', () => {
    expect(prefixOf('/api')).toBe('/api');
    expect(prefixOf('/api/x')).toBe('/api');
    expect(prefixOf('/api?q=1')).toBe('/api');
    expect(prefixOf('/apix')).toBeUndefined();
    expect(prefixOf('/ap')).toBeUndefined();
  });

  it('prefers the longest prefix', () => {
    expect(prefixOf('/api/v2/users')).toBe('/api/v2');
    expect(prefixOf('/api/v2')).toBe('/api/v2');
    expect(prefixOf('/api/v20')).toBe('/api');
  });

  it('leaves other paths alone', () => {
    expect(prefixOf('/')).toBeUndefined();
    expect(prefixOf('/index.html')).toBeUndefined();
    expect(prefixOf('/@vite/client')).toBeUndefined();
  });
});
