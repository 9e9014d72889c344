/**
 * cors-dev-proxy in `ng serve` (Angular 22) as users run it: the BUILT `@cors-dev-proxy/angular:dev-server`
 * builder (packages/angular-builder/dist, reached through angular.json as architect resolves it), with the same
 * options as the Vite and wds systems: default options, access log on (written through Angular's logger), one
 * route `/api` with WebSockets.
 */
import { createRequire } from 'node:module';
import { builtAngularDevServerEntry } from '../resolve-package.mjs';
import {
  angularHostUnavailableReason,
  importAngularHost,
  ngServeStartsSlowly,
  startNgServe,
} from './angular-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const corsDevProxyAngular = {
  id: 'cdp-ng',
  label: 'cors-dev-proxy (Angular 22)',
  file: 'cors-dev-proxy-angular.mjs',
  proxiesWebSockets: true,
  unavailableReason: angularHostUnavailableReason,
  startsSlowly: ngServeStartsSlowly,
};

/** @param {{ upstreamUrl: string, root: string }} config */
export async function start({ upstreamUrl, root }) {
  // architect and @angular/build first, so the time below is the builder's own import (with the core). The
  // builder is the same file architect `require`s later (node_modules/@cors-dev-proxy/angular links here), so
  // that later load is a cache hit and the start-up time is the dev server's, as for the other hosts.
  importAngularHost();
  const importStartedAt = performance.now();
  createRequire(import.meta.url)(builtAngularDevServerEntry);
  const importMs = performance.now() - importStartedAt;
  const server = await startNgServe({
    root,
    serve: {
      builder: '@cors-dev-proxy/angular:dev-server',
      options: { corsDevProxy: { routes: { '/api': { target: upstreamUrl, ws: true } } } },
    },
  });
  return { ...server, importMs };
}
