import type { IncomingMessage } from 'node:http';

/** The origin the browser used to reach the dev server, as the browser wrote it. */
export interface LocalOrigin {
  readonly protocol: 'http:' | 'https:';
  /** Host header value: hostname plus port when not default. */
  readonly host: string;
  readonly hostname: string;
  readonly origin: string;
}

export function localOriginOf(req: IncomingMessage): LocalOrigin {
  const encrypted = 'encrypted' in req.socket && Boolean((req.socket as { encrypted?: boolean }).encrypted);
  const protocol = encrypted ? 'https:' : 'http:';
  // HTTP/2 (Vite 7+ with https) carries the host in :authority instead of Host.
  const host = String(req.headers[':authority'] ?? req.headers.host ?? 'localhost');
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return { protocol, host, hostname, origin: `${protocol}//${host}` };
}

/**
 * Whether Chromium treats this origin as secure enough for `Secure` cookies and `__Secure-`/`__Host-` prefixes.
 * http://localhost, *.localhost, 127.0.0.0/8 and [::1] count as trustworthy; other http hosts (LAN IPs,
 * custom dev hostnames that resolve to loopback) do not. See research/cors-spec.md §4.
 */
export function isSecureContextOrigin(origin: LocalOrigin): boolean {
  if (origin.protocol === 'https:') return true;
  const hostname = origin.hostname.toLowerCase();
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) ||
    hostname === '[::1]'
  );
}
