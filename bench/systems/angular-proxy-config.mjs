/**
 * Angular 22's own `proxyConfig` in `ng serve` (`@angular/build:dev-server`, which hands it to Vite's proxy,
 * http-proxy-3), written as Angular's docs show it: proxy.conf.json with `/api`, `changeOrigin`, WebSockets on.
 */
import { angularHostUnavailableReason, ngServeStartsSlowly, startNgServe } from './angular-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const angularProxyConfig = {
  id: 'ng',
  label: 'Angular proxyConfig',
  file: 'angular-proxy-config.mjs',
  proxiesWebSockets: true,
  unavailableReason: angularHostUnavailableReason,
  startsSlowly: ngServeStartsSlowly,
};

/** @param {{ upstreamUrl: string, root: string }} config */
export function start({ upstreamUrl, root }) {
  const proxyConfig = { '/api': { target: upstreamUrl, changeOrigin: true, ws: true } };
  return startNgServe({
    root,
    serve: { builder: '@angular/build:dev-server', options: { proxyConfig: 'proxy.conf.json' } },
    files: { 'proxy.conf.json': `${JSON.stringify(proxyConfig, null, 2)}\n` },
  });
}
