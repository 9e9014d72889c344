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

export const productionDefaults = Object.freeze({
  credentials: 'auto' as const,
});
