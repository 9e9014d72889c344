import type { Check } from './check.ts';

interface AuditShape {
  key: string;
  allowed: boolean | null;
  corsError: string | null;
  message: string | null;
}

interface AuditReport {
  enabled: boolean;
  origin?: string;
  shapes?: AuditShape[];
}

/** The shape this card sends: PATCH, which the backend's production CORS policy does not allow. */
const blockedShape = 'PATCH /api/orders/:id [content-type]';

export const auditCheck: Check = {
  name: 'audit',
  title: 'Production CORS audit',
  about:
    'Through the proxy, PATCH /api/orders/42 reaches the backend here (development sees no CORS; this backend ' +
    'has no PATCH handler, so it answers 405). But its CORS policy allows only GET, POST, PUT and DELETE from ' +
    'https://app.example.com, so in production the browser blocks the call before it is sent. cors-dev-proxy judges every ' +
    'kind of request as the production browser would and warns once per kind, in the terminal and in this ' +
    "page's console, with Chromium's exact message and the fix.",
  links: [{ href: '/__cors-dev-proxy/audit', label: 'Open the audit report (JSON)' }],
  async run({ signal, log }) {
    const response = await fetch('/api/orders/42', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'shipped' }),
      signal,
    });
    log(
      `PATCH /api/orders/42 through the proxy → ${response.status} from the backend (development sees no CORS)`,
    );
    // The verdict is computed in the background (the response above never waits for it): poll the report.
    for (;;) {
      const report = (await (await fetch('/__cors-dev-proxy/audit', { signal })).json()) as AuditReport;
      // With or without credentials: the login card may already have set the session cookie.
      const shape = report.shapes?.find((candidate) => candidate.key.startsWith(blockedShape));
      if (shape && shape.allowed !== null) {
        const blocked = report.shapes?.filter((candidate) => candidate.allowed === false) ?? [];
        return {
          pass: shape.allowed === false && shape.corsError === 'MethodDisallowedByPreflightResponse',
          summary:
            shape.allowed === false
              ? `Caught before shipping: ${blocked.length} kind(s) of request will be blocked in production.`
              : 'The audit says production allows PATCH; the backend policy changed?',
          details: [
            { label: 'Production origin', value: report.origin ?? '' },
            { label: 'Shape', value: shape.key },
            { label: 'Chromium will say', value: shape.message ?? '' },
            { label: 'Shapes judged', value: String(report.shapes?.length ?? 0) },
          ],
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  },
};
