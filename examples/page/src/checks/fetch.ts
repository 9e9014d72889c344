import { backendHost, backendOrigin, type Check, formatStatus } from './check.ts';

interface HelloBody {
  host: string;
  origin: string | null;
  referer: string | null;
}

export const fetchCheck: Check = {
  name: 'fetch',
  title: 'Same-origin fetch',
  about:
    'GET /api/hello goes to this dev server, which forwards it to the backend with Host, Origin and Referer ' +
    "rewritten to the backend's own, so virtual hosts and CSRF checks accept it. No CORS is involved: the " +
    'browser only ever talks to its own origin.',
  async run({ signal }) {
    const response = await fetch('/api/hello', { signal });
    const body = (await response.json()) as HelloBody;
    const hostRewritten = body.host === backendHost;
    return {
      pass: response.ok && hostRewritten && (body.origin === null || body.origin === backendOrigin),
      summary: hostRewritten
        ? 'The backend answered and saw its own Host, not this dev server.'
        : `The backend saw Host ${body.host}, expected ${backendHost}.`,
      details: [
        { label: 'Request', value: `GET ${new URL(response.url).pathname} → ${formatStatus(response)}` },
        { label: 'Page origin', value: location.origin },
        { label: 'Host the backend saw', value: body.host },
        {
          label: 'Origin the backend saw',
          // Chromium sends no Origin on a same-origin GET; the POSTs of the other cards do carry one.
          value: body.origin ?? '(none: browsers omit Origin on a same-origin GET)',
        },
        { label: 'Referer the backend saw', value: body.referer ?? '(none)' },
      ],
    };
  },
};
