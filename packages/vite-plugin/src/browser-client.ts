/** Virtual module the plugin injects into the page in `vite dev`; it prints our warnings in the console. */
export const clientModuleId = 'virtual:cors-dev-proxy/client';
export const resolvedClientModuleId = `\0${clientModuleId}`;
export const warningEvent = 'cors-dev-proxy:warning';
export const readyEvent = 'cors-dev-proxy:ready';

/**
 * The client asks for warnings raised before it connected ("ready"), which works on Vite 6, 7 and 8 alike
 * (`vite:client:connect` exists only from 7). A warning broadcast while the page was still connecting can
 * arrive twice (live and in the replay), so the client shows each id once.
 */
export const clientModuleCode = `
if (import.meta.hot) {
  const shown = new Set();
  import.meta.hot.on(${JSON.stringify(warningEvent)}, (warning) => {
    if (shown.has(warning.id)) return;
    shown.add(warning.id);
    const print = warning.level === 'info' ? console.info : console.warn;
    print('[cors-dev-proxy] ' + warning.message);
  });
  import.meta.hot.send(${JSON.stringify(readyEvent)});
}
`;
