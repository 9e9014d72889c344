import { type Check, formatStatus } from './check.ts';

interface Diagnosis {
  kind?: string;
  code?: string;
  target?: string;
  cause?: string;
  hint?: string;
}

export const diagnosticsCheck: Check = {
  name: 'diagnostics',
  title: 'Diagnostic 502',
  about:
    'The /broken route points at a port where nothing listens. Instead of a bare 502 or a hanging request, ' +
    'the proxy answers with what failed and how to fix it: an HTML page for a navigation, JSON for fetch.',
  links: [{ href: '/broken/anything', label: 'Open /broken/anything' }],
  async run({ signal }) {
    const response = await fetch('/broken/x', { headers: { accept: 'application/json' }, signal });
    const body = (await response.json()) as Diagnosis;
    const explained = typeof body.hint === 'string' && body.hint !== '';
    return {
      pass: response.status === 502 && explained,
      summary: explained
        ? 'The proxy explained the failure instead of hanging or passing on a bare error.'
        : `Expected a 502 with a hint, got ${formatStatus(response)}.`,
      details: [
        { label: 'GET /broken/x', value: formatStatus(response) },
        { label: 'Kind', value: `${body.kind ?? '?'} (${body.code ?? '?'})` },
        { label: 'Target', value: body.target ?? '?' },
        { label: 'Cause', value: body.cause ?? '?' },
        { label: 'Hint', value: body.hint ?? '(none)' },
      ],
    };
  },
};
