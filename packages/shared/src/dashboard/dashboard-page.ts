import { createHash } from 'node:crypto';
import { dashboardScript } from './dashboard-script.js';
import { dashboardStyle } from './dashboard-style.js';

/**
 * The dashboard's HTML: a static skeleton, the same on every request (nothing echoed into it), filled by the
 * script (dashboard-script.ts) from our JSON endpoints. The style and the script are inline, so the page is one
 * response and paints without waiting for a second and third request (the first paint: BENCHMARKS.md, issue
 * 14); the CSP admits exactly these two by their hashes, nothing else inline and nothing from elsewhere.
 */
export const dashboardHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>cors-dev-proxy dashboard</title>
<style>${dashboardStyle}</style>
</head>
<body>
<header class="top">
  <h1>cors-dev-proxy <span class="muted">dashboard</span></h1>
  <p id="connection" role="status" aria-live="polite">connecting…</p>
  <nav aria-label="Sections">
    <a href="#routes">Routes</a>
    <a href="#requests">Requests</a>
    <a href="#production">Production</a>
    <a href="#check">Check a URL</a>
  </nav>
</header>
<main>
<section id="routes" aria-labelledby="routes-title">
  <h2 id="routes-title">Routes</h2>
  <div id="routes-list" class="cards"></div>
  <details>
    <summary>Options in effect</summary>
    <dl id="options-list" class="options"></dl>
  </details>
</section>
<section id="requests" aria-labelledby="requests-title">
  <h2 id="requests-title">Requests</h2>
  <form id="filters" class="filters" role="search" aria-label="Filter requests">
    <label>Route <select id="filter-route"><option value="">all routes</option></select></label>
    <label>Status <select id="filter-status">
      <option value="">any status</option>
      <option value="ok">2xx and 3xx</option>
      <option value="client">4xx</option>
      <option value="server">5xx</option>
      <option value="failed">failed or aborted</option>
      <option value="stream">streams</option>
    </select></label>
    <label>Text <input id="filter-text" type="search" placeholder="path, upstream, method" autocomplete="off"></label>
  </form>
  <p id="requests-count" class="muted" aria-live="polite"></p>
  <div class="table-wrap" tabindex="0" role="region" aria-label="Proxied requests">
    <table id="requests-table">
      <caption class="visually-hidden">Proxied requests, newest first. Select a path to see its details.</caption>
      <thead><tr>
        <th scope="col">Time</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th>
        <th scope="col" class="wide">Upstream</th><th scope="col">Duration</th><th scope="col">Size</th>
      </tr></thead>
      <tbody id="requests-body"></tbody>
    </table>
  </div>
  <div id="request-detail" class="detail" tabindex="-1" hidden></div>
</section>
<section id="production" aria-labelledby="production-title">
  <h2 id="production-title">Production</h2>
  <div class="filters">
    <label>Framework for the fix <select id="framework"></select></label>
    <button type="button" id="production-refresh">Refresh</button>
  </div>
  <div id="production-body"></div>
</section>
<section id="check" aria-labelledby="check-title">
  <h2 id="check-title">Check a URL</h2>
  <p class="muted">The same live check as <code>cors-dev-proxy check</code>: sends what Chromium would send, from this machine.</p>
  <form id="check-form" class="check-form" action="/__cors-dev-proxy/" method="post">
    <label>URL <input id="check-url" name="url" type="url" required placeholder="https://api.example.com/orders"></label>
    <label>Page origin <input id="check-origin" name="origin" type="url" required placeholder="https://app.example.com"></label>
    <label>Method <input id="check-method" name="method" value="GET" autocomplete="off"></label>
    <label>Credentials <select id="check-credentials" name="credentials">
      <option value="same-origin">same-origin (fetch's default)</option>
      <option value="include">include</option>
      <option value="omit">omit</option>
    </select></label>
    <label class="full">Request headers, one per line <textarea id="check-headers" name="headers" rows="3" placeholder="Authorization: Bearer …"></textarea></label>
    <label>Framework <select id="check-framework" name="framework"><option value="">none</option></select></label>
    <label class="inline"><input id="check-send-actual" name="sendActual" type="checkbox"> Send the actual request even if it can change data</label>
    <div class="full"><button type="submit" id="check-submit">Check</button></div>
  </form>
  <div id="check-result" aria-live="polite"></div>
</section>
</main>
<script>${dashboardScript}</script>
</body>
</html>
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The policy of the page: its own inline style and script (by hash: an injected one would not match),
 * requests to this dev server only, no frames, no plugins, no base or form tricks. Every value the page shows
 * is set with textContent, so even a script the CSP let through would have nothing to inject into.
 */
export const dashboardCsp = `default-src 'none'; script-src ${sha256(dashboardScript)}; style-src ${sha256(dashboardStyle)}; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
