import { pageCallReporterCode } from 'cors-dev-proxy';

/** Virtual module the plugin injects into the page in `vite dev`; it prints our warnings in the console. */
export const clientModuleId = 'virtual:cors-dev-proxy/client';
export const resolvedClientModuleId = `\0${clientModuleId}`;
export const warningEvent = 'cors-dev-proxy:warning';
export const readyEvent = 'cors-dev-proxy:ready';
/** The page's report of one of its fetch/XHR calls, for the production audit (credentials mode). */
export const pageCallEvent = 'cors-dev-proxy:call';

/**
 * The client asks for warnings raised before it connected ("ready"), which works on Vite 6, 7 and 8 alike
 * (`vite:client:connect` exists only from 7). A warning broadcast while the page was still connecting can
 * arrive twice (live and in the replay), so the client shows each id once. With the production audit on, it
 * also reports the page's own API calls over the same HMR socket (page-call-reporter.ts in the core).
 */
export function clientModuleCode(reportPageCalls: boolean): string {
  return `
if (import.meta.hot) {
  const shown = new Set();
  import.meta.hot.on(${JSON.stringify(warningEvent)}, (warning) => {
    if (shown.has(warning.id)) return;
    shown.add(warning.id);
    const print = warning.level === 'info' ? console.info : console.warn;
    print('[cors-dev-proxy] ' + warning.message);
  });
  import.meta.hot.send(${JSON.stringify(readyEvent)});
${reportPageCalls ? pageCallReporterCode(`(call) => import.meta.hot.send(${JSON.stringify(pageCallEvent)}, call)`) : ''}
}
`;
}
