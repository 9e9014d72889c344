/** Every default lives here, once. */
export const routeDefaults = Object.freeze({
  ws: false,
  secure: true,
  timeoutMs: 30_000,
  retryConnectMs: 5_000,
  changeOrigin: true,
});

export const optionDefaults = Object.freeze({
  accessLog: true,
  mode: 'warn' as const,
  failOnProductionCors: false,
  dashboard: true,
});

/** The dashboard's request table keeps this many requests, the newest. */
export const dashboardRingSize = 1000;
/**
 * The newest this many requests also keep their headers, for the detail view. Holding every request's header
 * objects for 1,000 requests made them outlive V8's young generation: 6–10 % more CPU per request on the JSON
 * benchmark with no dashboard open, against under 1 % when they are let go after 10 (bench/workloads/dashboard.mjs).
 */
export const dashboardDetailSize = 100;

export const productionDefaults = Object.freeze({
  credentials: 'auto' as const,
});
