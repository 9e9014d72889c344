import { describe, expect, it } from 'vitest';
import { type CorsDevProxyOptions, defineConfig, resolveOptions } from '../../src/index.js';

describe('defineConfig', () => {
  it('returns the options object unchanged, which resolveOptions accepts', () => {
    const options: CorsDevProxyOptions = { routes: { '/api': 'https://api.example.com' }, accessLog: false };
    expect(defineConfig(options)).toBe(options);
    expect(resolveOptions(defineConfig(options)).routes[0]?.prefix).toBe('/api');
  });

  it('types the options (checked by `tsc -p test`)', () => {
    // @ts-expect-error a misspelled option is a type error, not a silently ignored key
    defineConfig({ rotues: { '/api': 'https://api.example.com' } });
    // @ts-expect-error a value of the wrong type
    defineConfig({ routes: { '/api': { target: 'https://api.example.com', ws: 'yes' } } });
    // @ts-expect-error the loader reads an object, so a function is not accepted
    defineConfig(() => ({ routes: {} }));
    expect(true).toBe(true);
  });
});
