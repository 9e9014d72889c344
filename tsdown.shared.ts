import type { UserConfig } from 'tsdown';

/**
 * Build settings every package shares. ESM only: Vite 7+/8 are ESM-only and our Node floor (22.15) can
 * require(esm) anyway. Dependencies and peers stay external (tsdown reads them from package.json).
 */
export const packageBuild: UserConfig = {
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  platform: 'node',
  target: 'node22',
  clean: true,
  // rolldown's "[PLUGIN_TIMINGS]" block (most of a build is the .d.ts plugin here) reads like a problem on
  // every `npm run example`; `--cpu-prof` is the way to look into a slow build.
  checks: { pluginTimings: false },
};
