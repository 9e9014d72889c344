import { describe, expect, it } from 'vitest';
import { splitOptions } from '../../src/options.js';

describe("splitting our keys from Angular's", () => {
  it('hands Angular only its own options', () => {
    const { ours, angular } = splitOptions({
      buildTarget: 'app:build',
      port: 4300,
      corsDevProxy: { routes: { '/api': 'https://api.example.com' } },
      corsDevProxyConfig: 'proxy/cors.mjs',
    });
    expect(angular).toEqual({ buildTarget: 'app:build', port: 4300 });
    expect(ours).toEqual({
      corsDevProxy: { routes: { '/api': 'https://api.example.com' } },
      corsDevProxyConfig: 'proxy/cors.mjs',
    });
  });

  it('reads the empty object the CLI fills in for an absent corsDevProxy as no options (the config file is read)', () => {
    expect(splitOptions({ buildTarget: 'app:build', corsDevProxy: {} }).ours.corsDevProxy).toBeUndefined();
  });
});
