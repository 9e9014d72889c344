import type { ResolvedRoute } from '../config/options.js';
import { isSecureContextOrigin, type LocalOrigin } from './local-origin.js';
import { toLocalPath } from './path-mapping.js';

export interface CookieRewrite {
  /** The header to send to the browser. */
  readonly value: string;
  /** Why the cookie was changed, or why it still cannot work; empty when untouched. */
  readonly notes: readonly string[];
  /** Set when the browser will reject the cookie whatever we do, with the reason. */
  readonly unusable?: string;
}

interface Attribute {
  readonly name: string;
  readonly raw: string;
  readonly value: string;
}

function parseAttributes(parts: string[]): Attribute[] {
  return parts.map((raw) => {
    const eq = raw.indexOf('=');
    const name = (eq === -1 ? raw : raw.slice(0, eq)).trim();
    const value = eq === -1 ? '' : raw.slice(eq + 1).trim();
    return { name: name.toLowerCase(), raw: raw.trim(), value };
  });
}

/**
 * Makes one upstream `Set-Cookie` work on the local origin, changing only what the local origin needs:
 * - `Domain` is dropped: the upstream's domain never matches localhost, and Chromium rejects the cookie
 *   (`InvalidDomain`); a host-only cookie on the dev origin is what the app needs.
 * - `Path` is mapped back through the route (upstream `/v1/x` → local `/api/x`) so the cookie is sent on the
 *   proxied requests.
 * - On http origins that Chromium does not treat as secure (LAN IPs, custom hostnames), `Secure` is removed,
 *   `SameSite=None` becomes `Lax` (None requires Secure) and `Partitioned` is removed (it requires Secure).
 *   On http://localhost and 127.0.0.1 they are kept: Chromium accepts them there.
 */
export function rewriteSetCookie(header: string, route: ResolvedRoute, origin: LocalOrigin): CookieRewrite {
  const [pair = '', ...rest] = header.split(';');
  const cookieName = pair.slice(0, Math.max(0, pair.indexOf('='))).trim();
  const attributes = parseAttributes(rest.filter((part) => part.trim() !== ''));
  const secureContext = isSecureContextOrigin(origin);
  const notes: string[] = [];
  const kept: string[] = [];
  const isHostPrefixed = cookieName.startsWith('__Host-');
  let hasPath = false;

  for (const attribute of attributes) {
    switch (attribute.name) {
      case 'domain':
        notes.push(
          `dropped Domain=${attribute.value} (cookies for the upstream's domain are rejected on ${origin.hostname})`,
        );
        continue;
      case 'path': {
        hasPath = true;
        // __Host- cookies must keep Path=/; anything else would make Chromium reject them.
        const local = isHostPrefixed ? undefined : mapCookiePath(route, attribute.value || '/');
        if (local !== undefined && local !== attribute.value) {
          notes.push(`Path ${attribute.value} → ${local}`);
          kept.push(`Path=${local}`);
        } else {
          kept.push(attribute.raw);
        }
        continue;
      }
      case 'secure':
        if (!secureContext) {
          notes.push(`dropped Secure (${origin.origin} is not a secure context for cookies)`);
          continue;
        }
        break;
      case 'samesite':
        if (!secureContext && attribute.value.toLowerCase() === 'none') {
          notes.push('SameSite=None → Lax (None needs Secure, and the proxied API is same-site anyway)');
          kept.push('SameSite=Lax');
          continue;
        }
        break;
      case 'partitioned':
        if (!secureContext) {
          notes.push('dropped Partitioned (it needs Secure)');
          continue;
        }
        break;
    }
    kept.push(attribute.raw);
  }
  // Without a Path attribute the browser uses the request's directory, which differs behind a prefix rewrite.
  if (!hasPath && route.upstreamBase !== route.prefix) kept.push(`Path=${route.prefix}`);

  const value = [pair.trim(), ...kept].join('; ');
  const prefixed = /^__(Secure|Host|Http)-/.exec(cookieName);
  if (prefixed && !secureContext) {
    return {
      value,
      notes,
      unusable:
        `the cookie "${cookieName}" uses the __${prefixed[1]}- prefix, which Chromium accepts only on https or on ` +
        `http://localhost and 127.0.0.1; open the app at http://localhost instead of ${origin.origin}`,
    };
  }
  return { value, notes };
}

function mapCookiePath(route: ResolvedRoute, path: string): string | undefined {
  const mapped = toLocalPath(route, path);
  if (mapped !== undefined) return mapped;
  // An upstream path above the route's base (e.g. "/" while the route maps to "/v1") covers every request of the
  // route upstream; locally the prefix covers them. "/" stays "/": it already covers the prefix.
  if (path === '/' || route.upstreamBase.startsWith(`${path.replace(/\/+$/, '')}/`)) {
    return path === '/' ? '/' : route.prefix;
  }
  return undefined;
}
