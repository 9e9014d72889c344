import { type Check, formatStatus } from './check.ts';

interface MeBody {
  user?: string;
  error?: string;
}

export const cookieCheck: Check = {
  name: 'cookie',
  title: 'Login cookie',
  about:
    'POST /api/login sets "session=…; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=None". ' +
    'The proxy drops the Domain (which never matches localhost) and keeps the rest, so Chromium stores the ' +
    'cookie for this origin and sends it back on GET /api/me.',
  async run({ signal }) {
    const login = await fetch('/api/login', { method: 'POST', signal });
    const me = await fetch('/api/me', { signal });
    const body = (await me.json()) as MeBody;
    // HttpOnly: the browser keeps the cookie away from scripts even though it sends it.
    const visibleToScript = document.cookie.includes('session=');
    const loggedIn = me.status === 200 && body.user === 'ada';
    return {
      pass: login.ok && loggedIn && !visibleToScript,
      summary: loggedIn
        ? 'The browser stored the session cookie and sent it back: /api/me knows the user.'
        : `/api/me did not see the session cookie (${body.error ?? formatStatus(me)}).`,
      details: [
        { label: 'POST /api/login', value: formatStatus(login) },
        { label: 'GET /api/me', value: `${formatStatus(me)}${body.user ? `, user "${body.user}"` : ''}` },
        {
          label: 'document.cookie',
          value: document.cookie === '' ? '(empty: the cookie is HttpOnly)' : document.cookie,
        },
      ],
    };
  },
};
