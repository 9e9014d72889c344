import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the packages' TypeScript source, never dist; the packed tarballs are checked separately
// (scripts/check-packages.mjs). test/host-suite/tiers/<tier>/<host>.test.ts run every host contract of a tier
// against one host (test/host-suite/src/run-host-suite.ts).
// Exact matches: a plain 'cors-dev-proxy' key would also rewrite 'cors-dev-proxy/host'.
const alias = [
  {
    find: /^cors-dev-proxy$/,
    replacement: fileURLToPath(new URL('./packages/shared/src/index.ts', import.meta.url)),
  },
  {
    find: /^cors-dev-proxy\/host$/,
    replacement: fileURLToPath(new URL('./packages/shared/src/host/index.ts', import.meta.url)),
  },
  {
    find: /^@cors-dev-proxy\/vite$/,
    replacement: fileURLToPath(new URL('./packages/vite-plugin/src/index.ts', import.meta.url)),
  },
  {
    find: /^@cors-dev-proxy\/webpack$/,
    replacement: fileURLToPath(new URL('./packages/webpack-plugin/src/index.ts', import.meta.url)),
  },
  {
    find: /^@cors-dev-proxy\/angular$/,
    replacement: fileURLToPath(new URL('./packages/angular-builder/src/index.ts', import.meta.url)),
  },
];

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['packages/*/test/unit/**/*.test.ts'] } },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: [
            'packages/*/test/integration/**/*.test.ts',
            'examples/backend/test/**/*.test.ts',
            'test/host-suite/tiers/integration/*.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: [
            'packages/*/test/browser/**/*.test.ts',
            // The example apps in Chromium (the backend's own tests are integration tests).
            'examples/*-app/test/**/*.test.ts',
            'test/host-suite/tiers/browser/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machines have two cores.
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'faults',
          include: ['packages/*/test/faults/**/*.test.ts', 'test/host-suite/tiers/faults/*.test.ts'],
          // A host start may wait for the other worker's storm (fault-lock.ts), inside a hook or a test.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two host files at a time (`--maxWorkers=2` in test:faults; vitest's default here is one): most of
          // a fault test is waiting on a time limit. Each file is its own process, so descriptor and heap
          // counts stay its own; a storm, which measures time under load, runs alone (fault-lock.ts). A
          // forced GC is available so heap comparisons are not at the mercy of when V8 last collected.
          execArgv: ['--expose-gc'],
        },
      },
    ],
  },
});
