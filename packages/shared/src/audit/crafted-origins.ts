/**
 * The origins a CORS allowlist is tested with: the app's own, the local dev origin, and the ones an attacker can
 * hold (null, any site, plain http, look-alikes and subdomains built from the production host).
 */
export type OriginRole =
  | 'production'
  | 'local'
  | 'null'
  | 'unrelated'
  | 'insecure-scheme'
  | 'lookalike-suffix'
  | 'lookalike-prefix'
  | 'lookalike-hyphen'
  | 'lookalike-unescaped-dot'
  | 'subdomain'
  | 'subdomain-prefix';

/** An origin no allowlist has reason to contain (`.invalid` never resolves: RFC 2606). */
export const unrelatedOrigin = 'https://cors-dev-proxy-probe.invalid';

/** Second-level labels under which registrations happen one level deeper (`example.co.uk`). */
const secondLevelLabels = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'ne', 'or', 'go']);

/**
 * The part of a host anyone can register, by a small heuristic rather than the Public Suffix List: it only
 * aims the look-alike probes, and a wrong guess merely makes one probe less telling.
 */
export function registrableDomain(host: string): string | undefined {
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return undefined;
  const labels = host.split('.');
  if (labels.length < 2) return undefined;
  const tld = labels.at(-1) ?? '';
  const second = labels.at(-2) ?? '';
  const take = labels.length >= 3 && tld.length === 2 && secondLevelLabels.has(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** The origins to send: the app's own, then the ones an attacker can hold, built from the production host. */
export function craftOrigins(
  productionOrigin: string,
  localOrigin?: string,
): { origin: string; role: OriginRole }[] {
  const production = new URL(productionOrigin);
  const host = production.hostname;
  const port = production.port ? `:${production.port}` : '';
  const at = (hostname: string, scheme = production.protocol) => `${scheme}//${hostname}${port}`;
  const crafted: { origin: string; role: OriginRole }[] = [{ origin: production.origin, role: 'production' }];
  if (localOrigin) crafted.push({ origin: localOrigin, role: 'local' });
  crafted.push({ origin: 'null', role: 'null' }, { origin: unrelatedOrigin, role: 'unrelated' });
  if (production.protocol === 'https:') crafted.push({ origin: at(host, 'http:'), role: 'insecure-scheme' });
  const registrable = registrableDomain(host);
  if (registrable) {
    crafted.push(
      { origin: at(`${host}.evil.test`), role: 'lookalike-suffix' },
      { origin: at(`evil${registrable}`), role: 'lookalike-prefix' },
      { origin: at(`evil-${registrable}`), role: 'lookalike-hyphen' },
    );
    if (host !== registrable) {
      const below = host.slice(0, -registrable.length - 1);
      crafted.push({ origin: at(`${below}x${registrable}`), role: 'lookalike-unescaped-dot' });
      crafted.push({ origin: at(`evil${host}`), role: 'subdomain-prefix' });
    }
    crafted.push({ origin: at(`evil.${registrable}`), role: 'subdomain' });
  }
  const seen = new Set<string>();
  return crafted.filter(({ origin }) => !seen.has(origin) && seen.add(origin));
}
