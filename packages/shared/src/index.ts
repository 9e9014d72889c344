export type {
  CorsDevProxyOptions,
  ResolvedOptions,
  ResolvedRoute,
  RouteOptions,
} from './config/options.js';
export { resolveOptions } from './config/resolve-options.js';
export { CorsDevProxyError, type CorsDevProxyErrorCode } from './errors.js';
export { type ProxyLogger, silentLogger } from './logger.js';
export {
  type CorsDevProxy,
  type CreateProxyContext,
  claimedUpgradePrefix,
  createCorsDevProxy,
  type NextFunction,
} from './proxy/create-proxy.js';
export { isUnderPrefix, matchRoute } from './proxy/match-route.js';
export type { ProxyWarning, WarningChannel, WarningListener } from './proxy/warnings.js';
