import { type DirectCallTarget, directCallWarnerCode } from './direct-call-warner.js';
import { pageCallsPath, warningStreamPath } from './endpoint-paths.js';
import { pageCallReporterCode } from './page-call-reporter.js';
import { warningPrinterCode } from './warning-printer.js';

/** The event name of a warning on the event stream. */
export const warningEventName = 'warning';

/**
 * The script hosts without a browser channel of their own inject into the page (webpack-dev-server, Angular):
 * it listens to the core's event stream and prints each warning once, and, with the production audit on,
 * reports the page's own fetch/XHR calls to the dev server (page-call-reporter.ts), and warns once when the
 * page calls a route's target directly, past the proxy (direct-call-warner.ts). Served at
 * /__cors-dev-proxy/client.js; a classic script, so it runs before the app's modules.
 */
export function clientScript(options: {
  reportPageCalls: boolean;
  directCallTargets?: readonly DirectCallTarget[] | undefined;
}): string {
  // The reporter's own requests go through the fetch captured here, before it wraps window.fetch.
  const send = `((post) => (call) => {
    post(${JSON.stringify(pageCallsPath)}, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(call),
      keepalive: true,
    }).catch(() => {});
  })(window.fetch.bind(window))`;
  return `/* cors-dev-proxy: warnings in the console${options.reportPageCalls ? ', page calls for the production audit' : ''} */
(() => {
  const print = ${warningPrinterCode()};
  if (typeof EventSource === 'function') {
    const events = new EventSource(${JSON.stringify(warningStreamPath)});
    events.addEventListener(${JSON.stringify(warningEventName)}, (event) => {
      try {
        print(JSON.parse(event.data));
      } catch {}
    });
  }
${directCallWarnerCode(options.directCallTargets ?? [])}
})();
${options.reportPageCalls ? pageCallReporterCode(send) : ''}`;
}
