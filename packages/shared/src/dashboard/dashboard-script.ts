/**
 * The dashboard's script, inline in the page (dashboard-page.ts: the CSP admits it by its hash, nothing else). It
 * builds every element with DOM APIs and sets every value with textContent, so whatever a request carried
 * (a path, a header, an upstream's message) is text, never markup. Live updates arrive as batches on the
 * event stream; the table keeps the ring's size and renders at most once a frame.
 *
 * Plain browser JavaScript in a raw string (no backtick, no dollar-brace inside): no build step, no framework.
 */
export const dashboardScript = String.raw`/* cors-dev-proxy dashboard: renders our JSON with DOM APIs and textContent only. */
(() => {
  'use strict';
  const base = '/__cors-dev-proxy/dashboard/';
  const maxRows = 300;
  const hopByHop = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];
  const $ = (id) => document.getElementById(id);
  let capacity = 1000;
  let detailCapacity = 100;
  let requests = [];
  const byId = new Map();
  let selected = null;
  let productionEnabled = false;

  /** el('td', { className: 'x' }, 'text', child): every string becomes a text node. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const key of Object.keys(props)) {
        if (key === 'dataset') Object.assign(node.dataset, props[key]);
        else if (key.startsWith('aria-') || key === 'role' || key === 'scope') node.setAttribute(key, props[key]);
        else node[key] = props[key];
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return node;
  }
  const badge = (word, kind) => el('span', { className: 'badge ' + (kind || word) }, word);
  const formatBytes = (bytes) =>
    bytes < 1024 ? bytes + ' B' : bytes < 1048576 ? (bytes / 1024).toFixed(1) + ' kB' : (bytes / 1048576).toFixed(1) + ' MB';
  const formatTime = (time) => new Date(time).toLocaleTimeString();
  const statusClass = (summary) => {
    if (summary.failure || typeof summary.status === 'string') return 'status-failed';
    if (typeof summary.status !== 'number') return '';
    if (summary.status >= 500) return 'status-server';
    if (summary.status >= 400) return 'status-client';
    return 'status-ok';
  };
  const statusText = (summary) => {
    if (summary.open) return (summary.status === null ? '' : summary.status + ' ') + (summary.kind === 'websocket' ? 'WebSocket open' : 'stream open');
    if (summary.status === null) return 'pending';
    const kind = summary.kind === 'websocket' ? ' WebSocket' : summary.kind === 'event-stream' ? ' stream' : '';
    return String(summary.status) + kind + (summary.failure ? ' (' + summary.failure + ')' : '');
  };

  async function getJson(path) {
    const response = await fetch(path, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(path + ': ' + response.status);
    return response.json();
  }

  // Routes
  function renderRoutes(routes) {
    const list = $('routes-list');
    list.replaceChildren();
    const select = $('filter-route');
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, 'all routes'));
    for (const route of routes) {
      select.append(el('option', { value: route.prefix }, route.prefix));
      const since = route.since ? ' since ' + formatTime(route.since) : '';
      const card = el(
        'article',
        { className: 'card route', dataset: { prefix: route.prefix, state: route.state } },
        el('h3', null, route.prefix, ' → ', el('span', { className: 'mono' }, route.target)),
        el('p', null, badge(route.state), ' ', el('span', { className: 'muted' }, route.state === 'unknown' ? 'no request yet' : since), ' · WebSocket ', route.ws ? 'on' : 'off'),
      );
      if (route.diagnosis && route.state !== 'up') {
        card.append(
          el('p', { className: 'diagnosis' }, el('strong', null, route.diagnosis.kind + ' (' + route.diagnosis.code + '): '), route.diagnosis.cause + '. ', route.diagnosis.hint),
        );
      }
      const options = el('dl', { className: 'options' });
      for (const option of route.options) {
        options.append(el('dt', null, option.name), el('dd', { className: option.isDefault ? 'is-default' : '' }, option.value, option.isDefault ? ' (default)' : ''));
      }
      card.append(el('details', null, el('summary', null, 'Options'), options));
      list.append(card);
    }
    select.value = chosen;
  }
  function renderOptions(options) {
    const list = $('options-list');
    list.replaceChildren();
    for (const option of options) {
      list.append(el('dt', null, option.name), el('dd', { className: option.isDefault ? 'is-default' : '' }, option.value, option.isDefault ? ' (default)' : ''));
    }
  }

  // Requests
  function matches(summary) {
    const route = $('filter-route').value;
    if (route && summary.route !== route) return false;
    const status = $('filter-status').value;
    if (status) {
      const code = typeof summary.status === 'number' ? summary.status : 0;
      if (status === 'ok' && !(code >= 200 && code < 400)) return false;
      if (status === 'client' && !(code >= 400 && code < 500)) return false;
      if (status === 'server' && !(code >= 500)) return false;
      if (status === 'failed' && !(summary.failure || typeof summary.status === 'string')) return false;
      if (status === 'stream' && summary.kind === 'http') return false;
    }
    const text = $('filter-text').value.trim().toLowerCase();
    if (text) {
      const haystack = (summary.method + ' ' + summary.path + ' ' + summary.upstream + ' ' + summary.status).toLowerCase();
      if (!haystack.includes(text)) return false;
    }
    return true;
  }
  let renderQueued = false;
  function queueRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => {
      renderQueued = false;
      renderRequests();
    });
  }
  function renderRequests() {
    const body = $('requests-body');
    const rows = [];
    let shown = 0;
    let matching = 0;
    for (const summary of requests) {
      if (!matches(summary)) continue;
      matching++;
      if (shown >= maxRows) continue;
      shown++;
      const button = el('button', { type: 'button', className: 'row-button', title: summary.path, dataset: { id: String(summary.id) } }, summary.path);
      button.setAttribute('aria-label', summary.method + ' ' + summary.path + ', ' + statusText(summary) + ': show details');
      rows.push(
        el(
          'tr',
          { className: summary.id === selected ? 'selected' : '', dataset: { id: String(summary.id), route: summary.route } },
          el('td', null, formatTime(summary.time)),
          el('td', null, summary.method),
          el('td', null, button),
          el('td', { className: 'status ' + statusClass(summary) }, statusText(summary)),
          el('td', { className: 'wide mono', title: summary.upstream }, summary.upstream),
          el('td', null, summary.ms === null ? '' : summary.ms + ' ms'),
          el('td', null, formatBytes(summary.bytes)),
        ),
      );
    }
    body.replaceChildren(...rows);
    $('requests-count').textContent =
      requests.length === 0
        ? 'No proxied request yet. Requests the app makes through the proxy appear here as they happen.'
        : matching + ' of the last ' + requests.length + ' requests' + (matching > shown ? ', the newest ' + shown + ' shown' : '') + ' (the dashboard keeps ' + capacity + ', the newest ' + detailCapacity + ' with their headers).';
  }
  function upsert(summary) {
    const known = byId.get(summary.id);
    if (known) Object.assign(known, summary);
    else {
      byId.set(summary.id, summary);
      let index = 0;
      while (index < requests.length && requests[index].id > summary.id) index++;
      requests.splice(index, 0, summary);
    }
  }
  function trim() {
    while (requests.length > capacity) byId.delete(requests.pop().id);
  }

  function headerTable(title, leftTitle, left, rightTitle, right) {
    const wrap = el('div', { className: 'headers' }, el('h3', null, title));
    if (!left && !right) {
      wrap.append(el('p', { className: 'muted' }, 'None yet.'));
      return wrap;
    }
    const group = (lines) => {
      const map = new Map();
      for (const [name, value] of lines || []) map.set(name, map.has(name) ? map.get(name).concat([value]) : [value]);
      return map;
    };
    const a = group(left);
    const b = group(right);
    const names = [...new Set([...a.keys(), ...b.keys()])];
    const table = el('table', null, el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Header'), el('th', { scope: 'col' }, leftTitle), el('th', { scope: 'col' }, rightTitle), el('th', { scope: 'col' }, 'Change'))));
    const tbody = el('tbody');
    for (const name of names) {
      const before = (a.get(name) || []).join('\n');
      const after = (b.get(name) || []).join('\n');
      // Each hop has its own connection headers (Node writes the browser's): not a rewrite worth a highlight.
      const perHop = hopByHop.includes(name) && !b.has(name);
      const change = perHop ? 'per connection, not forwarded' : !a.has(name) ? 'added' : !b.has(name) ? 'removed' : before !== after ? 'rewritten' : '';
      tbody.append(el('tr', { className: change && !perHop ? 'changed' : '', dataset: { header: name } }, el('td', null, name), el('td', null, before), el('td', null, after), el('td', null, change)));
    }
    table.append(tbody);
    // Scrollable, so reachable by keyboard (axe: scrollable-region-focusable).
    wrap.append(el('div', { className: 'table-wrap', tabIndex: 0, role: 'region', 'aria-label': title }, table));
    return wrap;
  }
  async function showDetail(id) {
    selected = id;
    queueRender();
    const box = $('request-detail');
    box.hidden = false;
    box.replaceChildren(el('p', { className: 'muted' }, 'Loading…'));
    let detail;
    try {
      detail = await getJson(base + 'request?id=' + encodeURIComponent(id));
    } catch {
      box.replaceChildren(el('p', null, 'This request is no longer among the ones kept.'));
      return;
    }
    const timings = el('dl', { className: 'options' },
      el('dt', null, 'connect'), el('dd', null, detail.timings.connect === null ? '—' : detail.timings.connect === 'reused' ? 'reused connection' : detail.timings.connect + ' ms'),
      el('dt', null, 'first byte'), el('dd', null, detail.timings.firstByte === null ? '—' : detail.timings.firstByte + ' ms'),
      el('dt', null, 'total'), el('dd', null, detail.timings.total === null ? (detail.open ? 'still open' : '—') : detail.timings.total + ' ms'),
      el('dt', null, 'size'), el('dd', null, formatBytes(detail.bytes)),
    );
    box.replaceChildren(
      el('h3', null, detail.method + ' ' + detail.path + ' → ' + detail.upstream),
      el('p', null, 'Status ', el('strong', null, statusText(detail)), ' · route ', detail.route, ' · ', formatTime(detail.time)),
      el('h3', null, 'Timing'), timings,
    );
    if (detail.diagnosis) {
      box.append(el('h3', null, 'Diagnosis'), el('p', { className: 'diagnosis' }, el('strong', null, detail.diagnosis.kind + ' (' + detail.diagnosis.code + '): '), detail.diagnosis.cause + '. ' + detail.diagnosis.hint));
    }
    if (detail.cookies.length > 0) {
      const list = el('ul', { className: 'cookies' });
      for (const cookie of detail.cookies) {
        list.append(el('li', null, el('strong', null, cookie.name), ': ', cookie.unusable ? 'cannot be stored: ' + cookie.unusable : cookie.notes.length ? cookie.notes.join('; ') : 'unchanged'));
      }
      box.append(el('h3', null, 'Cookies'), list);
    }
    if (!detail.headersKept) {
      box.append(el('p', { className: 'muted' }, 'Headers are kept for the newest ' + detailCapacity + ' requests only; this one is older. Repeat it to see them.'));
    }
    box.append(
      el('div', { className: 'pair' },
        headerTable('Request headers', 'from the browser', detail.request.received, 'sent upstream', detail.request.sent),
        headerTable('Response headers', 'from upstream', detail.response.received, 'sent to the browser', detail.response.sent),
      ),
    );
    box.focus();
  }

  // Production
  function snippetBlock(code) {
    const pre = el('pre', null, el('code', null, code));
    const button = el('button', { type: 'button', className: 'copy' }, 'Copy');
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(code);
        button.textContent = 'Copied';
      } catch {
        const range = document.createRange();
        range.selectNodeContents(pre);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = 'Selected: press Ctrl+C';
      }
    });
    return el('div', { className: 'snippet' }, button, pre);
  }
  function headersBlock(title, headers) {
    return el('div', null, el('h4', null, title), el('pre', null, Object.keys(headers).map((name) => name + ': ' + headers[name]).join('\n')));
  }
  function fixBlock(fix) {
    const box = el('div', { className: 'fix' });
    if (fix.preflightHeaders) box.append(headersBlock('On the preflight (OPTIONS → 204)', fix.preflightHeaders));
    box.append(headersBlock(fix.preflightHeaders ? 'On every response' : 'Response headers that fix it', fix.responseHeaders));
    if (fix.policyChange) box.append(el('p', null, fix.policyChange));
    if (fix.advice && fix.advice.length) box.append(el('ul', null, ...fix.advice.map((line) => el('li', null, line))));
    if (fix.snippet) box.append(snippetBlock(fix.snippet));
    return box;
  }
  function fillFrameworks(select, names, chosen, withNone) {
    if (select.options.length > (withNone ? 1 : 0)) return;
    for (const name of names) select.append(el('option', { value: name }, name));
    if (chosen) select.value = chosen;
  }
  let productionLoading = false;
  let productionAgain = false;
  async function loadProduction() {
    if (productionLoading) {
      productionAgain = true;
      return;
    }
    productionLoading = true;
    try {
      const framework = $('framework').value;
      const data = await getJson(base + 'production' + (framework ? '?framework=' + encodeURIComponent(framework) : ''));
      renderProduction(data);
    } catch (error) {
      $('production-body').replaceChildren(el('p', null, 'Could not load the production audit: ' + String(error)));
    } finally {
      productionLoading = false;
      if (productionAgain) {
        productionAgain = false;
        loadProduction();
      }
    }
  }
  function renderProduction(data) {
    fillFrameworks($('framework'), data.frameworks, data.framework, false);
    fillFrameworks($('check-framework'), data.frameworks, '', true);
    const body = $('production-body');
    if (!data.enabled) {
      body.replaceChildren(el('p', null, 'No production audit. ', el('code', null, data.hint)));
      return;
    }
    const counts = { allowed: 0, blocked: 0, undecided: 0, drift: 0 };
    for (const shape of data.shapes) counts[shape.verdict]++;
    body.replaceChildren(
      el('p', null, 'Judged as Chromium would in production, from ', el('strong', null, data.origin), ' (mode ', data.mode, '): ', counts.blocked + ' blocked, ' + counts.allowed + ' allowed, ' + counts.undecided + ' undecided, ' + counts.drift + ' drift.'),
    );
    if (data.shapes.length === 0) body.append(el('p', { className: 'muted' }, 'No request shape yet: requests the app makes through a route are judged here.'));
    for (const shape of data.shapes) {
      const article = el('article', { className: 'shape', dataset: { verdict: shape.verdict, key: shape.key } },
        el('h3', null, badge(shape.verdict), ' ', shape.method + ' ' + shape.path, shape.credentials ? ' (with credentials)' : ''),
        el('p', { className: 'mono muted' }, shape.productionUrl),
      );
      if (shape.message) article.append(el('p', null, 'Chromium says:'), el('pre', { className: 'message' }, shape.message));
      if (shape.why) article.append(el('p', { className: 'muted' }, shape.why));
      if (shape.drift) article.append(el('p', null, badge('drift'), ' ', shape.drift));
      if (shape.fix) article.append(fixBlock(shape.fix));
      body.append(article);
    }
    body.append(el('h3', null, 'Allowlist findings'));
    if (!data.localOrigin) body.append(el('p', { className: 'muted' }, 'The allowlist has not been replayed yet (it is, once the dev server listens).'));
    else if (data.findings.length === 0) body.append(el('p', null, 'None: the allowlist admitted no crafted origin.'));
    else {
      const list = el('ul', { className: 'findings' });
      for (const finding of data.findings) {
        list.append(el('li', null, badge(finding.severity), ' ', el('strong', null, finding.title), ' (', el('code', null, finding.origin), '): ', finding.detail, ' ', el('em', null, finding.fix)));
      }
      body.append(list);
    }
  }

  // Check a URL
  async function runCheck(event) {
    event.preventDefault();
    const result = $('check-result');
    const submit = $('check-submit');
    submit.disabled = true;
    result.replaceChildren(el('p', { className: 'muted' }, 'Checking…'));
    try {
      const response = await fetch(base + 'check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: $('check-url').value,
          origin: $('check-origin').value,
          method: $('check-method').value,
          credentials: $('check-credentials').value,
          headers: $('check-headers').value,
          framework: $('check-framework').value,
          sendActual: $('check-send-actual').checked,
        }),
      });
      const report = await response.json();
      renderCheck(report);
    } catch (error) {
      result.replaceChildren(el('p', null, 'The check failed: ' + String(error)));
    } finally {
      submit.disabled = false;
    }
  }
  function renderCheck(report) {
    const result = $('check-result');
    if (report.error) return result.replaceChildren(el('p', null, badge('error', 'bad'), ' ', report.error));
    if (report.networkError) return result.replaceChildren(el('p', null, badge('no answer', 'bad'), ' ', report.networkError));
    const word = report.allowed === true ? 'allowed' : report.allowed === false ? 'blocked' : 'undecided';
    result.replaceChildren(el('h3', null, badge(word), ' ', report.preflight ? 'with a preflight' : 'no preflight'));
    if (report.message) result.append(el('p', null, 'Chromium says:'), el('pre', { className: 'message' }, report.message));
    if (report.undecided) result.append(el('p', { className: 'muted' }, report.undecided));
    if (report.allowed !== true && report.fix) {
      result.append(fixBlock({ ...report.fix, snippet: report.fix.snippet ? report.fix.snippet.code : null }));
    }
    if (report.requests && report.requests.length) {
      result.append(el('h4', null, 'Requests sent'), el('ul', null, ...report.requests.map((request) => el('li', { className: 'mono' }, request.kind + ': ' + request.method + ' ' + request.url + ' → ' + request.status))));
    }
  }

  // Live updates
  let reloadTimer = null;
  let productionTimer = null;
  function scheduleReload() {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      loadState();
    }, 2000);
  }
  function scheduleProduction() {
    if (!productionEnabled || productionTimer) return;
    productionTimer = setTimeout(() => {
      productionTimer = null;
      loadProduction();
    }, 1000);
  }
  async function loadState() {
    const state = await getJson(base + 'state');
    capacity = state.capacity;
    detailCapacity = state.detailCapacity;
    productionEnabled = state.production;
    renderRoutes(state.routes);
    renderOptions(state.options);
    requests = [];
    byId.clear();
    for (const summary of state.requests) upsert(summary);
    trim();
    queueRender();
  }
  function connect() {
    const events = new EventSource(base + 'events');
    events.addEventListener('open', () => {
      $('connection').textContent = 'live';
    });
    events.addEventListener('error', () => {
      $('connection').textContent = 'reconnecting…';
    });
    events.addEventListener('batch', (event) => {
      const batch = JSON.parse(event.data);
      for (const summary of batch.requests) upsert(summary);
      trim();
      if (batch.routes) renderRoutes(batch.routes);
      if (batch.dropped > 0) scheduleReload();
      if (batch.requests.length) scheduleProduction();
      queueRender();
    });
  }

  function start() {
    $('filters').addEventListener('submit', (event) => event.preventDefault());
    for (const id of ['filter-route', 'filter-status']) $(id).addEventListener('change', queueRender);
    $('filter-text').addEventListener('input', queueRender);
    $('requests-body').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-id]');
      if (button) showDetail(Number(button.dataset.id));
    });
    $('framework').addEventListener('change', loadProduction);
    $('production-refresh').addEventListener('click', loadProduction);
    $('check-form').addEventListener('submit', runCheck);
    if (!$('check-origin').value) $('check-origin').value = location.origin;
    loadState().then(connect, (error) => {
      $('connection').textContent = 'could not load: ' + String(error);
    });
    loadProduction();
  }
  start();
})();
`;
