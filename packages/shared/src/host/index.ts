/**
 * The host kit (`cors-dev-proxy/host`): everything a host adapter needs that is not its host's, so each adapter
 * is glue — translate the host's hooks into these calls. Imports no host package.
 *
 * A new host: resolve options (`resolveHostOptions`, or `createDeferredProxy` when the hook is synchronous),
 * create the proxy with the host's allowed-hosts rule and own sockets, take requests first or register the
 * middleware, attach to the server (or on the first request), give the browser the warnings (the host's own
 * channel, or the core's `/__cors-dev-proxy/client.js`), and run `runBuildAudit` after production builds.
 * ARCHITECTURE.md, "The host kit".
 */
export { auditEndpointPath } from '../audit/audit-endpoint.js';
export { clientScript } from '../browser/client-script.js';
export {
  type DirectCallFix,
  type DirectCallTarget,
  directCallWarnerCode,
} from '../browser/direct-call-warner.js';
export {
  clientScriptPath,
  ownPathPrefix,
  pageCallsPath,
  warningStreamPath,
} from '../browser/endpoint-paths.js';
export { pageCallReporterCode } from '../browser/page-call-reporter.js';
export { warningPrinterCode } from '../browser/warning-printer.js';
export type { ResolveContext } from '../config/resolve-options.js';
export type { ProxyLogger } from '../logger.js';
export {
  type CorsDevProxy,
  type CreateProxyContext,
  claimedUpgradePrefix,
  createCorsDevProxy,
  type NextFunction,
} from '../proxy/create-proxy.js';
export type { ProxyWarning, WarningChannel } from '../warnings.js';
export { adoptHttpProxyMiddleware } from './adopt-hpm-proxy.js';
export { adoptViteProxy } from './adopt-vite-proxy.js';
export type { Adoption, SkippedEntry } from './adoption.js';
export { allowedHostsRule, allowsAnyHost } from './allowed-hosts.js';
export {
  type AttachOptions,
  attachOnFirstRequest,
  attachToServer,
  type ServerLike,
} from './attach-to-server.js';
export { runBuildAudit } from './build-audit.js';
export { createDeferredProxy, type DeferredProxy } from './deferred-proxy.js';
export { createHostLogger, type HostLogSink, logPrefix } from './host-logger.js';
export { hostSocketMatcher } from './host-sockets.js';
export {
  type HostOptions,
  type HostOptionsInput,
  type HostProxyConfig,
  resolveHostOptions,
} from './resolve-host-options.js';
export { type RequestEmitter, takeRequestsFirst } from './take-requests-first.js';
