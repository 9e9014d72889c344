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
};
