import { isDefaultAllowedHost } from '../proxy/host-guard.js';

/**
 * The host's allowed-hosts setting as one rule, for the proxied routes and our own endpoints (DNS rebinding):
 * localhost, *.localhost and IP literals always; `true` / `'all'` anything; entries starting with "." a domain
 * and its subdomains (Vite's `server.allowedHosts`, webpack-dev-server's `allowedHosts`; `'auto'` is the default).
 */
export function allowedHostsRule(
  allowed: readonly string[] | string | boolean | undefined,
): (hostname: string) => boolean {
  if (allowed === true || allowed === 'all') return () => true;
  const entries = (
    Array.isArray(allowed) ? allowed : typeof allowed === 'string' && allowed !== 'auto' ? [allowed] : []
  ).map((entry) => entry.toLowerCase());
  return function isAllowedHost(hostname) {
    if (isDefaultAllowedHost(hostname)) return true;
    const name = hostname.toLowerCase();
    return entries.some((entry) =>
      entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry,
    );
  };
}

/** Whether the host's setting lets every Host through (then the proxy need not check again). */
export function allowsAnyHost(allowed: readonly string[] | string | boolean | undefined): boolean {
  return allowed === true || allowed === 'all';
}
