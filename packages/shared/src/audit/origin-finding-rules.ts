import { splitList } from '../cors/header-lines.js';
import { type OriginRole, registrableDomain, unrelatedOrigin } from './crafted-origins.js';
import type { OriginProbe } from './origin-admission.js';

export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Most severe first: the order findings are printed in. */
export const severities: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

export type OriginFindingId =
  | 'reflects-any-origin'
  | 'null-origin-admitted'
  | 'insecure-origin-admitted'
  | 'lookalike-origin-admitted'
  | 'subdomain-admitted'
  | 'local-origin-admitted'
  | 'local-origin-wildcard'
  | 'local-origin-not-admitted'
  | 'wildcard-origin'
  | 'production-origin-not-admitted'
  | 'missing-vary-origin';

export interface OriginFinding {
  readonly id: OriginFindingId;
  readonly severity: FindingSeverity;
  /** The origin that was sent (`*` findings name the unrelated origin that got `*`). */
  readonly origin: string;
  /** Whether a page on `origin` may read the responses (echoed or `*`). */
  readonly admitted: boolean;
  /** Whether it may do so with the user's cookies (origin echoed with `Access-Control-Allow-Credentials: true`). */
  readonly withCredentials: boolean;
  readonly title: string;
  readonly detail: string;
  readonly fix: string;
}

const reflectsAny = (context: FindingContext) => context.echoedAttackerOrigins.includes(unrelatedOrigin);

/** Severity by whether the user's cookies come along. */
const bySeverity = (probe: OriginProbe, without: FindingSeverity, withCookies: FindingSeverity) =>
  probe.withCredentials ? withCookies : without;

function readsText(probe: OriginProbe): string {
  const reads = probe.withCredentials
    ? "can call the API with the user's cookies and read the answers (account data, CSRF tokens) as if it were your app"
    : 'can read the API’s responses to requests without cookies';
  const { letsPutThrough } = probe.preflight;
  const writes = letsPutThrough.credentialed
    ? ' The preflight also lets a PUT with a JSON body through, with cookies: it can change data as the user.'
    : letsPutThrough.anonymous
      ? ' The preflight also lets a PUT with a JSON body through (without cookies).'
      : '';
  return `${reads}.${writes}`;
}

/** The fix for every pattern mistake, spelled out for the production origin. */
function exactListFix(productionOrigin: string): string {
  const anchored = productionOrigin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return `Compare the Origin with an exact list, e.g. cors({ origin: ['${productionOrigin}'] }); a RegExp must be anchored at both ends with escaped dots, e.g. /^${anchored}$/.`;
}

const lookalikeWords: Partial<Record<OriginRole, { title: string; why: string }>> = {
  'lookalike-suffix': {
    title: 'the pattern is not anchored at the end',
    why: 'a prefix or substring test (startsWith, includes, a RegExp without $) admits any domain that starts with your host, and anyone can register one',
  },
  'lookalike-prefix': {
    title: 'the pattern is not anchored at a dot',
    why: 'a suffix test without the leading dot (endsWith, a RegExp without ^ or \\.) admits any domain ending in the same letters, and anyone can register one',
  },
  'lookalike-hyphen': {
    title: 'the pattern is not anchored at a dot',
    why: 'a suffix or substring test admits a domain that merely contains your domain name, and anyone can register one',
  },
  'lookalike-unescaped-dot': {
    title: 'a RegExp has an unescaped dot',
    why: 'in a RegExp "." matches any character, so the pattern admits a domain where a dot is replaced by a letter, and anyone can register one',
  },
};
interface FindingContext {
  readonly productionOrigin: string;
  /** The part of the production host anyone could register (`example.com`), when it has one. */
  readonly registrable: string | undefined;
  /** Attacker-held origins that were echoed: all of them when the API reflects any origin. */
  readonly echoedAttackerOrigins: readonly string[];
  readonly echoedRoles: ReadonlySet<OriginRole>;
}

/** Trusting subdomains makes the API as safe as the least safe of them. */
function subdomainFinding(probe: OriginProbe, context: FindingContext): OriginFinding[] {
  const { origin, withCredentials } = probe;
  const cookies = withCredentials ? ', with credentials' : '';
  return [
    {
      origin,
      admitted: true,
      withCredentials,
      id: 'subdomain-admitted',
      severity: bySeverity(probe, 'high', 'critical'),
      title: `${probe.role === 'subdomain' ? 'Any subdomain' : 'A subdomain that merely ends with the host'} is trusted${cookies}: ${origin}`,
      detail: `A script on such a subdomain — one taken over through a dangling DNS record, one hosting user content, one with an XSS — ${readsText(probe)} Acceptable only if every subdomain of ${context.registrable} is yours, served over https and free of user content.`,
      fix: `List the subdomains that call the API instead of matching a pattern. ${exactListFix(context.productionOrigin)}`,
    },
  ];
}

function findingsFor(probe: OriginProbe, context: FindingContext): OriginFinding[] {
  const { origin, withCredentials } = probe;
  const { productionOrigin } = context;
  const cookies = withCredentials ? ', with credentials' : '';
  const base = { origin, admitted: true, withCredentials };
  switch (probe.role) {
    case 'production':
      if (probe.preflight.anonymous || probe.actual.anonymous) return [];
      return [
        {
          ...base,
          id: 'production-origin-not-admitted',
          severity: 'info',
          admitted: false,
          title: `The production origin ${origin} is not admitted`,
          detail: `Neither the preflight (PUT with Content-Type) nor a GET from ${origin} got a matching Access-Control-Allow-Origin. If the app calls this API cross-origin in production, the browser blocks it; if both are served from one origin (behind a reverse proxy), this is expected.`,
          fix: `Add ${origin} to the allowlist if the app calls this API from another origin.`,
        },
      ];
    case 'local':
      if (probe.echoed) {
        return [
          {
            ...base,
            id: 'local-origin-admitted',
            severity: bySeverity(probe, 'medium', 'high'),
            title: `The allowlist admits the local dev origin ${origin}${cookies}`,
            detail: `The app on ${origin} can call the API directly, without the proxy${withCredentials ? ', cookies included' : ''}. In production that means any page served from ${origin} on a user's machine — another project's dev server, a local tool, malware listening on that port — ${readsText(probe)}`,
            fix: `Remove ${origin} from the production allowlist; in development let cors-dev-proxy make the calls same-origin, so no CORS rule is needed at all.`,
          },
        ];
      }
      if (probe.actual.anonymous || probe.preflight.anonymous) {
        return [
          {
            ...base,
            id: 'local-origin-wildcard',
            severity: 'info',
            title: `The local dev origin ${origin} gets Access-Control-Allow-Origin: *`,
            detail: `The app on ${origin} can call the API directly only without credentials; requests with cookies or credentials: 'include' need the proxy.`,
            fix: 'Nothing to change for development: use cors-dev-proxy for credentialed calls.',
          },
        ];
      }
      return [
        {
          ...base,
          id: 'local-origin-not-admitted',
          severity: 'info',
          admitted: false,
          title: `The local dev origin ${origin} is not admitted`,
          detail: `Good for production. The app on ${origin} cannot call the API directly: in development it needs the proxy (cors-dev-proxy makes its calls same-origin).`,
          fix: 'Nothing to change.',
        },
      ];
    case 'unrelated': {
      const others = context.echoedAttackerOrigins.filter((other) => other !== origin);
      if (probe.echoed) {
        return [
          {
            ...base,
            id: 'reflects-any-origin',
            severity: bySeverity(probe, 'high', 'critical'),
            title: `The API reflects any origin${cookies}`,
            detail: `Sent from ${origin}, a site nobody allowlists, the API answered Access-Control-Allow-Origin: ${origin}${withCredentials ? ' with Access-Control-Allow-Credentials: true' : ''}: it echoes the Origin it is sent. A page on any website ${readsText(probe)}${others.length > 0 ? ` It echoed ${others.join(', ')} too.` : ''}`,
            fix: `${exactListFix(productionOrigin)} Never reflect req.headers.origin or use origin: true in production.`,
          },
        ];
      }
      if (probe.actual.wildcard || probe.preflight.wildcard) {
        return [
          {
            ...base,
            id: 'wildcard-origin',
            severity: 'low',
            title:
              'Any website can read responses to requests without credentials (Access-Control-Allow-Origin: *)',
            detail: `Fine for a public API whose answers are the same for everyone; not when access depends on where the request comes from (an intranet, an IP allowlist): any page a user visits could read it through the user's browser.${probe.actual.wildcard && probe.actual.allowCredentials ? ' The API also sends Access-Control-Allow-Credentials: true, which browsers refuse together with *: requests with credentials fail (WildcardOriginNotAllowed).' : ''}`,
            fix: `Keep * only for public data; otherwise list the origins, e.g. cors({ origin: ['${productionOrigin}'] }).`,
          },
        ];
      }
      return [];
    }
  }
  // The remaining roles are attacker origins: with a reflecting API they add nothing to its finding.
  if (!probe.echoed || reflectsAny(context)) return [];
  switch (probe.role) {
    case 'null':
      return [
        {
          ...base,
          id: 'null-origin-admitted',
          severity: bySeverity(probe, 'high', 'critical'),
          title: `The "null" origin is trusted${cookies}`,
          detail: `Browsers send Origin: null from sandboxed iframes, data: and file: documents and after cross-origin redirects; any website can create such a document (<iframe sandbox="allow-scripts" srcdoc="…">), so trusting null trusts everyone: such a page ${readsText(probe)}`,
          fix: "Remove 'null' from the allowlist; serve pages that need the API from a real https origin.",
        },
      ];
    case 'insecure-scheme':
      return [
        {
          ...base,
          id: 'insecure-origin-admitted',
          severity: bySeverity(probe, 'medium', 'high'),
          title: `The plain-http origin ${origin} is trusted${cookies}`,
          detail: `An attacker on the user's network (public Wi-Fi) can answer any request to ${origin} with a page of their own; that page ${readsText(probe)}`,
          fix: `Admit only ${productionOrigin}; redirect http to https and send Strict-Transport-Security.`,
        },
      ];
    case 'subdomain-prefix':
      // `evilapp.example.com` only tells more than `evil.example.com` when the latter was refused.
      if (context.echoedRoles.has('subdomain')) return [];
      return subdomainFinding(probe, context);
    case 'subdomain':
      return subdomainFinding(probe, context);
    default: {
      const words = lookalikeWords[probe.role];
      if (!words) return [];
      return [
        {
          ...base,
          id: 'lookalike-origin-admitted',
          severity: bySeverity(probe, 'high', 'critical'),
          title: `The look-alike origin ${origin} is trusted${cookies}: ${words.title}`,
          detail: `The allowlist admits ${origin}: ${words.why}. A page there ${readsText(probe)}`,
          fix: exactListFix(productionOrigin),
        },
      ];
    }
  }
}

/**
 * Caches key responses on the URL: when the CORS headers change with the Origin and `Vary: Origin` is
 * missing, one origin's answer is served to another.
 */
function varyFinding(probes: readonly OriginProbe[]): OriginFinding | undefined {
  const values = new Set(probes.map((probe) => probe.actual.allowOrigin ?? ''));
  if (values.size < 2) return undefined;
  const unvaried = probes.find(
    (probe) =>
      probe.actual.allowOrigin !== undefined &&
      probe.actual.allowOrigin !== '*' &&
      !splitList(probe.actual.vary ?? '').some((field) => field === '*' || field.toLowerCase() === 'origin'),
  );
  if (!unvaried) return undefined;
  return {
    id: 'missing-vary-origin',
    severity: 'low',
    origin: unvaried.origin,
    admitted: unvaried.echoed,
    withCredentials: unvaried.withCredentials,
    title: 'Access-Control-Allow-Origin depends on the Origin, but Vary: Origin is missing',
    detail: `The GET from ${unvaried.origin} was answered with Access-Control-Allow-Origin: ${unvaried.actual.allowOrigin} and no Vary: Origin. A shared cache (CDN, proxy) may then serve the answer meant for one origin to another, and the app fails intermittently with AllowOriginMismatch.`,
    fix: 'Send Vary: Origin on every response whose CORS headers depend on the Origin (the cors package does).',
  };
}

/** The findings the probes add up to, most severe first (pure: no request is sent here). */
export function judgeOriginProbes(probes: readonly OriginProbe[], productionOrigin: string): OriginFinding[] {
  const context: FindingContext = {
    productionOrigin,
    registrable: registrableDomain(new URL(productionOrigin).hostname),
    echoedAttackerOrigins: probes
      .filter((probe) => probe.echoed && probe.role !== 'production' && probe.role !== 'local')
      .map((probe) => probe.origin),
    echoedRoles: new Set(probes.filter((probe) => probe.echoed).map((probe) => probe.role)),
  };
  const findings = probes.flatMap((probe) => findingsFor(probe, context));
  const vary = varyFinding(probes);
  if (vary) findings.push(vary);
  const rank = (finding: OriginFinding) => severities.indexOf(finding.severity);
  return findings.sort((a, b) => rank(a) - rank(b));
}
