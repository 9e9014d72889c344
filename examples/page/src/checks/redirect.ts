import { backendOrigin, type Check, formatStatus } from './check.ts';

interface OrderBody {
  id?: string;
  status?: string;
}

export const redirectCheck: Check = {
  name: 'redirect',
  title: 'Redirect',
  about:
    'POST /api/orders answers 303 with an absolute Location on the backend ' +
    `(${backendOrigin}/api/orders/42). The proxy rewrites it to this origin, so fetch follows the ` +
    'redirect here instead of leaving for the backend, where CORS would block it.',
  async run({ signal }) {
    const response = await fetch('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ item: 'notebook', quantity: 1 }),
      signal,
    });
    const order = (await response.json()) as OrderBody;
    const stayedLocal = response.url.startsWith(`${location.origin}/`);
    return {
      pass: response.ok && response.redirected && stayedLocal && order.id === '42',
      summary: stayedLocal
        ? 'fetch followed the 303 and stayed on this origin.'
        : `The redirect left this origin for ${response.url}.`,
      details: [
        { label: 'Request', value: 'POST /api/orders (JSON body)' },
        { label: 'Redirected', value: response.redirected ? 'yes (303, followed as GET)' : 'no' },
        { label: 'Final URL', value: response.url },
        { label: 'Final status', value: formatStatus(response) },
        { label: 'Order', value: JSON.stringify(order) },
      ],
    };
  },
};
