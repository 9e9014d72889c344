#!/usr/bin/env node
// The `cors-dev-proxy` command. A committed file rather than dist/cli.mjs itself: pnpm links a workspace
// package's bin at install time, before the build, and warns "Failed to create bin" when its file is missing.
// The specifier is computed so that tools resolving imports (dependency-cruiser) do not require a build first.
await import(new URL('../dist/cli.mjs', import.meta.url).href);
