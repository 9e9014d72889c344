/**
 * Browser code: an expression for a function that prints one warning in the console, each id once (a warning
 * broadcast while a page was still connecting can arrive twice: live and in the replay). Shared by every channel
 * (Vite's HMR socket, the core's event stream), so the console reads the same in every host.
 */
export function warningPrinterCode(): string {
  return `(() => {
  const shown = new Set();
  return (warning) => {
    if (!warning || typeof warning.id !== 'string' || shown.has(warning.id)) return;
    shown.add(warning.id);
    const print = warning.level === 'info' ? console.info : console.warn;
    // With the dashboard on, the line links to it: the request, its headers and the fix are there.
    const more = typeof warning.dashboard === 'string' ? ' Details: ' + location.origin + warning.dashboard : '';
    print('[cors-dev-proxy] ' + warning.message + more);
  };
})()`;
}
