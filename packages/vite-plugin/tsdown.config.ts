import { defineConfig } from 'tsdown';

// ESM only: Vite 7+/8 are ESM-only and our Node floor (22.15) can require(esm) anyway.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  platform: 'node',
  target: 'node22',
  clean: true,
});
