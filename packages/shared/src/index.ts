export { auditEndpointPath } from './audit/audit-endpoint.js';
export { type AuditSummary, formatAuditReport, summarizeJudgements } from './audit/audit-report.js';
export { judgeRecordedShapes, judgeShape, type ShapeJudgement } from './audit/judge-shape.js';
export { type PageCall, parsePageCall } from './audit/page-calls.js';
export type { ProductionAuditor } from './audit/production-auditor.js';
export type { RequestShape } from './audit/request-shape.js';
export {
  type CredentialsPolicy,
  type CredentialsSource,
  shapeOfRequest,
  withPageCall,
} from './audit/request-shape.js';
export { defaultShapesFile, readShapes, shapesFilePath, writeShapes } from './audit/shapes-store.js';
export { defineConfig } from './config/define-config.js';
export { configFileNames, findConfigFile, loadConfigFile } from './config/load-config-file.js';
export type {
  CorsDevProxyOptions,
  ResolvedOptions,
  ResolvedRoute,
  RouteOptions,
} from './config/options.js';
export type {
  AuditMode,
  CorsAllowlist,
  ProductionOptions,
  ResolvedProduction,
} from './config/production-options.js';
export { type ResolveContext, resolveOptions } from './config/resolve-options.js';
export { checkAccess } from './cors/check-access.js';
export { type EvaluateInput, type Evaluation, evaluateCors, type PendingRequest } from './cors/evaluate.js';
export { type CorsFix, computeFix } from './cors/fix.js';
export { type FixPolicy, type FrameworkName, frameworkNames } from './cors/fix-policy.js';
export { renderFrameworkSnippet } from './cors/framework-snippets.js';
export { type LiveCheckOptions, type LiveCheckResult, liveCheck, NetworkFailure } from './cors/live-check.js';
export { formatCorsMessage } from './cors/messages.js';
export type {
  CorsErrorName,
  CorsHop,
  CorsProblem,
  CorsRequest,
  CorsVerdict,
  CredentialsMode,
  HeaderLine,
  Initiator,
  ObservedResponse,
  PortabilityNote,
} from './cors/types.js';
export { CorsDevProxyError, type CorsDevProxyErrorCode } from './errors.js';
export { type ProxyLogger, silentLogger } from './logger.js';
export {
  type CorsDevProxy,
  type CreateProxyContext,
  claimedUpgradePrefix,
  createCorsDevProxy,
  type NextFunction,
} from './proxy/create-proxy.js';
export { isDefaultAllowedHost } from './proxy/host-guard.js';
export { isUnderPrefix, matchRoute } from './proxy/match-route.js';
export type { ProxyWarning, WarningChannel, WarningListener } from './warnings.js';
