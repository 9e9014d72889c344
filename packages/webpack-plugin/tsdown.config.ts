import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.shared.ts';

// Both formats: most webpack configs are CommonJS (`require('@cors-dev-proxy/webpack')`). The client loader is
// its own file because webpack loads it by path (client-entry.ts).
export default defineConfig({
  ...packageBuild,
  entry: ['src/index.ts', 'src/client-loader.ts'],
  format: ['esm', 'cjs'],
  // import.meta.url in the CommonJS build (client-entry.ts finds the loader next to itself).
  shims: true,
});
