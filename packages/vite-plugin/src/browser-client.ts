import {
  type DirectCallTarget,
  directCallWarnerCode,
  pageCallReporterCode,
  warningPrinterCode,
} from 'cors-dev-proxy/host';

/** Virtual module the plugin injects into the page in `vite dev`: our warnings in the console, over Vite's HMR socket. */
export const clientModuleId = 'virtual:cors-dev-proxy/client';
export const resolvedClientModuleId = `\0${clientModuleId}`;
export const warningEvent = 'cors-dev-proxy:warning';
export const readyEvent = 'cors-dev-proxy:ready';
/** The page's report of one of its fetch/XHR calls, for the production audit (credentials mode). */
export const pageCallEvent = 'cors-dev-proxy:call';

/**
 * Vite has a channel to the page already (the HMR socket), so it carries our warnings instead of the core's
 * event stream; the print code is the core's. The client asks for warnings raised before it connected
 * ("ready"), which works on Vite 6, 7 and 8 alike (`vite:client:connect` exists only from 7). With the
 * production audit on, it also reports the page's own calls over the same socket. Calls past the proxy (to a
 * route's target) are warned about in the page itself.
 */
export function clientModuleCode(
  reportPageCalls: boolean,
  directCallTargets: readonly DirectCallTarget[],
): string {
  return `
if (import.meta.hot) {
  const print = ${warningPrinterCode()};
  import.meta.hot.on(${JSON.stringify(warningEvent)}, print);
  import.meta.hot.send(${JSON.stringify(readyEvent)});
${directCallWarnerCode(directCallTargets)}
${reportPageCalls ? pageCallReporterCode(`(call) => import.meta.hot.send(${JSON.stringify(pageCallEvent)}, call)`) : ''}
}
`;
}
