import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.shared.ts';

// CommonJS only: Angular's architect loads a builder with require() (integration.md §3.3), the CLI's schematics
// engine loads the ng-add factory the same way, and Angular's own packages are CommonJS. The core (ESM) is reached through require(esm), which our Node floor (22.15) has.
export default defineConfig({
  ...packageBuild,
  entry: ['src/index.ts', 'src/dev-server.ts', 'src/application.ts', 'src/ng-add.ts'],
  format: ['cjs'],
  // import.meta.url in the CommonJS build (angular-build.ts resolves @angular/build from here as a fallback).
  shims: true,
});
