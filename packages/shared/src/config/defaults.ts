/** Every default lives here, once. */
export const routeDefaults = Object.freeze({
  ws: false,
  secure: true,
  timeoutMs: 30_000,
  changeOrigin: true,
});

export const optionDefaults = Object.freeze({
  accessLog: true,
});
