import type { CorsAllowlist } from '../config/production-options.js';
import type { AllowedOrigin, ServerPolicy } from '../cors/fix-policy.js';

/** The `cors` package's `methods` default (cors/lib/index.js). */
const corsDefaultMethods = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'];

/** The `cors` package joins an array and reads a string as a comma-separated list. */
function declaredList(value: string | string[]): string[] {
  return (Array.isArray(value) ? value : value.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `origin` as the `cors` package reads it: a string or RegExp, an array of them, a boolean, a function. */
function declaredOrigins(origin: CorsAllowlist['origin']): Pick<ServerPolicy, 'origins' | 'originRule'> {
  if (origin === undefined) return { origins: ['*'] };
  if (origin === true) return { originRule: 'reflect' };
  if (origin === false) return { origins: [] };
  if (typeof origin === 'function') return { originRule: 'function' };
  if (!Array.isArray(origin)) return { origins: [origin] };
  // In an array `cors` compares '*' as a plain string (no origin equals it), so it allows nothing.
  return { origins: origin.filter((item): item is AllowedOrigin => item !== '*') };
}

/**
 * What a server configured with `allowlist` (the `cors` package's options) already allows, defaults
 * included: no `origin` is `*`, no `methods` is GET, HEAD, PUT, PATCH, POST, DELETE, and no `allowedHeaders`
 * echoes every header the page asks for.
 */
export function declaredServerPolicy(allowlist: CorsAllowlist): ServerPolicy {
  const allowedHeaders =
    allowlist.allowedHeaders === undefined || allowlist.allowedHeaders === ''
      ? undefined
      : declaredList(allowlist.allowedHeaders).map((name) => name.toLowerCase());
  return {
    source: 'production.allowlist',
    ...declaredOrigins(allowlist.origin),
    methods: allowlist.methods === undefined ? corsDefaultMethods : declaredList(allowlist.methods),
    ...(allowedHeaders ? { allowedHeaders } : { reflectsRequestHeaders: true }),
    ...(allowlist.exposedHeaders !== undefined
      ? { exposedHeaders: declaredList(allowlist.exposedHeaders) }
      : {}),
    ...(allowlist.credentials === true ? { credentials: true } : {}),
  };
}
