/**
 * Browser code, injected by the hosts into the app's page in development: it tells the dev server how the
 * page itself calls its API, which the request alone cannot show. Through the proxy every call is
 * same-origin, so the cookies flow whatever the code says; in production the call is cross-origin and only
 * `credentials: 'include'` (XHR `withCredentials`) sends them. The audit needs the real mode to judge as the
 * production browser will (page-calls.ts).
 *
 * It wraps `fetch` and `XMLHttpRequest` without changing a call: the original runs with the same arguments and
 * `this`, and any failure of the reporter is swallowed. Only same-origin calls are reported, once per distinct
 * (API, method, path, credentials, mode, header names); never a query, a header value or a body.
 *
 * @param send a JavaScript expression for a function `(report) => void` that carries a report to the dev server
 */
export function pageCallReporterCode(send: string): string {
  return `
(() => {
  const marker = Symbol.for('cors-dev-proxy.page-call-reporter');
  if (typeof window === 'undefined' || window[marker]) return;
  window[marker] = true;
  const send = ${send};
  const sent = new Set();
  const report = (initiator, method, url, credentials, mode, names) => {
    try {
      const target = new URL(String(url), location.href);
      if (target.origin !== location.origin) return;
      const call = {
        initiator,
        method: String(method),
        path: target.pathname,
        credentials: String(credentials),
        mode: String(mode),
        headers: names.map((name) => String(name).toLowerCase()).sort(),
      };
      const key = JSON.stringify(call);
      if (sent.has(key)) return;
      if (sent.size >= 2000) sent.clear();
      sent.add(key);
      send(call);
    } catch {}
  };
  const namesOf = (headers) => {
    if (headers === undefined || headers === null) return [];
    if (headers instanceof Headers) return [...headers.keys()];
    if (Array.isArray(headers) || typeof headers[Symbol.iterator] === 'function') {
      return Array.from(headers, (pair) => pair[0]);
    }
    return Object.keys(headers);
  };
  const originalFetch = window.fetch;
  if (typeof originalFetch === 'function') {
    window.fetch = function fetch(input, init) {
      try {
        const request = input instanceof Request ? input : undefined;
        const pick = (name, fallback) =>
          init && init[name] !== undefined ? init[name] : request ? request[name] : fallback;
        const url = request ? request.url : input instanceof URL ? input.href : input;
        const names = init && init.headers !== undefined ? namesOf(init.headers) : request ? namesOf(request.headers) : [];
        report('fetch', pick('method', 'GET'), url, pick('credentials', 'same-origin'), pick('mode', 'cors'), names);
      } catch {}
      return originalFetch.apply(this, arguments);
    };
  }
  const XHR = window.XMLHttpRequest;
  if (typeof XHR === 'function') {
    const calls = new WeakMap();
    const { open, setRequestHeader, send: sendXhr } = XHR.prototype;
    XHR.prototype.open = function (method, url) {
      try {
        calls.set(this, { method, url, names: [] });
      } catch {}
      return open.apply(this, arguments);
    };
    XHR.prototype.setRequestHeader = function (name) {
      try {
        calls.get(this)?.names.push(name);
      } catch {}
      return setRequestHeader.apply(this, arguments);
    };
    XHR.prototype.send = function () {
      try {
        const call = calls.get(this);
        if (call) report('xhr', call.method, call.url, this.withCredentials ? 'include' : 'same-origin', 'cors', call.names);
      } catch {}
      return sendXhr.apply(this, arguments);
    };
  }
})();
`;
}
