/**
 * The fix's policy: what the server already allows plus what the request needs, so a pasted snippet adds to
 * the backend's CORS configuration and never takes anything away (issue 10: a server allowing GET, POST, PUT
 * was told `methods: ['PATCH']`, which broke PUT). It widens nothing beyond the request: `*` and "any origin"
 * are kept only where the server already had them and they still mean "any" (not with credentials, where
 * `*` is a literal name), and never added.
 */
import type { AllowedOrigin, FixPolicy, ServerPolicy } from './fix-policy.js';

/** What the request needs, as `computeFix` derives it from the request and the verdict. */
export interface NeededPolicy {
  /** The page's origin, or `null` after a cross-origin redirect. */
  readonly origin: string;
  readonly credentials: boolean;
  /** The non-safelisted method, when the request uses one. */
  readonly methods: readonly string[];
  /** Non-safelisted request header names, lower-cased. */
  readonly allowedHeaders: readonly string[];
  readonly preflight: boolean;
}

export interface MergedPolicy {
  readonly policy: FixPolicy;
  /** What the fix added to and kept of the server's policy, for the user; undefined when nothing was known. */
  readonly change?: string;
}

/** Appends what `base` lacks, in order; `key` decides sameness. */
function union(base: readonly string[], added: readonly string[], key = (value: string) => value): string[] {
  const result = [...base];
  for (const value of added) if (!result.some((kept) => key(kept) === key(value))) result.push(value);
  return result;
}

const named = (values: readonly string[]) => values.filter((value) => value !== '*');
const show = (values: readonly AllowedOrigin[]) => values.map(String).join(', ');

interface ListMerge {
  readonly merged: string[];
  readonly clause?: string;
}

/**
 * One list (methods or request headers). Methods compare exactly: Chromium matches them case-sensitively, so a
 * server's `patch` does not allow the page's `PATCH` and both must stay. Header names are case-insensitive.
 * Chromium's `*` for headers never covers Authorization, so that one is named beside it.
 */
function mergeList(
  what: 'methods' | 'request headers',
  server: readonly string[] | undefined,
  needed: readonly string[],
  credentials: boolean,
): ListMerge {
  if (!server) return { merged: [...needed] };
  const key = what === 'methods' ? (value: string) => value : (value: string) => value.toLowerCase();
  const wildcard = server.includes('*');
  if (wildcard && !credentials) {
    const stillNeeded = what === 'request headers' ? needed.filter((name) => name === 'authorization') : [];
    const merged = union(server, stillNeeded, key);
    return { merged, clause: describeList(what, server, merged, ' (* still covers what the request needs)') };
  }
  if (wildcard) {
    const merged = union(named(server), needed, key);
    return {
      merged,
      clause:
        merged.length > 0
          ? `lists the ${what} (${merged.join(', ')}) instead of the server's *, a literal name for requests with credentials`
          : `drops the server's * from the ${what}, a literal name for requests with credentials`,
    };
  }
  const merged = union(server, needed, key);
  return { merged, clause: describeList(what, server, merged) };
}

function describeList(what: string, server: readonly string[], merged: readonly string[], note = ''): string {
  const added = merged.slice(server.length);
  const shown = server.length > 0 ? server.join(', ') : 'none';
  return added.length > 0
    ? `adds ${added.join(', ')} to the ${what} the server already allows (${shown})`
    : `keeps the ${what} the server already allows (${shown})${note}`;
}

function mergeOrigins(
  server: ServerPolicy,
  origin: string,
  credentials: boolean,
): { origins: AllowedOrigin[]; clause?: string } {
  const anyOrigin = server.originRule === 'reflect' || server.origins?.includes('*') === true;
  if (anyOrigin && !credentials) {
    return {
      origins: ['*'],
      clause: 'keeps Access-Control-Allow-Origin: * (any origin, without credentials)',
    };
  }
  const kept = (server.origins ?? []).filter((allowed) => allowed !== '*');
  const origins = kept.some((allowed) => allowed === origin) ? kept : [...kept, origin];
  const others = 'add the other origins your pages use';
  if (server.originRule === 'reflect') {
    return {
      origins,
      clause: `names ${show(origins)} instead of echoing every origin as the server does (origin: true), which with credentials lets any site read your users' responses: ${others}`,
    };
  }
  if (server.originRule === 'function') {
    return {
      origins,
      clause: `names only ${origin}: keep the allowlist's origin function and make it accept ${origin} too`,
    };
  }
  if (anyOrigin) {
    return {
      origins,
      clause: `names ${show(origins)} instead of the server's *, which never allows a request with credentials: ${others}`,
    };
  }
  if (!server.origins) return { origins };
  const shown = `${kept.length > 0 ? show(kept) : 'none'}${server.originsSeen ? ', as far as its answers show' : ''}`;
  return {
    origins,
    clause:
      origins.length > kept.length
        ? `adds ${origin} to the origins the server already allows (${shown})`
        : `keeps the origins the server already allows (${shown})`,
  };
}

/**
 * The policy the fix renders: `needed` alone when nothing is known of the server (as before issue 10), else
 * the server's lists in its order with what the request needs appended.
 */
export function mergePolicy(needed: NeededPolicy, server: ServerPolicy | undefined): MergedPolicy {
  if (!server) {
    return {
      policy: {
        origins: [needed.origin],
        credentials: needed.credentials,
        methods: [...needed.methods],
        allowedHeaders: [...needed.allowedHeaders],
        exposedHeaders: [],
        preflight: needed.preflight,
      },
    };
  }
  const anyOrigin = server.originRule === 'reflect' || server.origins?.includes('*') === true;
  // Credentials beside `*` never worked, so a server sending both keeps `*` for requests without them.
  const credentials = needed.credentials || (server.credentials === true && !anyOrigin);
  const origins = mergeOrigins(server, needed.origin, credentials);
  const methods = mergeList('methods', server.methods, needed.methods, credentials);
  // The `cors` package's default echoes every requested header, credentials or not: that is `*` here.
  // The needed names stay beside `*` for the one library that cannot echo (django-cors-headers).
  const headers = server.reflectsRequestHeaders
    ? {
        merged: union(['*'], needed.allowedHeaders),
        clause: 'keeps allowing every request header the page asks for',
      }
    : mergeList(
        'request headers',
        server.allowedHeaders?.map((name) => name.toLowerCase()),
        needed.allowedHeaders,
        credentials,
      );
  const exposedHeaders = [...(server.exposedHeaders ?? [])];
  const clauses = [
    methods.clause,
    headers.clause,
    origins.clause,
    exposedHeaders.length > 0 && `keeps the exposed headers (${exposedHeaders.join(', ')})`,
    credentials && !needed.credentials && 'keeps Access-Control-Allow-Credentials: true',
  ].filter((clause): clause is string => typeof clause === 'string');
  const sentence = clauses.join('; ');
  return {
    policy: {
      origins: origins.origins,
      credentials,
      methods: methods.merged,
      allowedHeaders: headers.merged,
      exposedHeaders,
      preflight: needed.preflight,
      server,
    },
    ...(sentence ? { change: `Keeps the server's policy, as read from ${server.source}: ${sentence}.` } : {}),
  };
}
