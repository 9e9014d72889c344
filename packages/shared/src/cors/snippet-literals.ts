/**
 * What every framework renderer shares: string literals for each language, line joining, and the questions a
 * renderer asks of a `FixPolicy` (one origin or several, any header, a method list to top up).
 */
import type { FixPolicy } from './fix-policy.js';

export type Renderer = (policy: FixPolicy) => string;

// ---- Literals ----------------------------------------------------------------------------------------------

/**
 * A single-quoted JavaScript string, the repository's Biome style, so the golden files stay as rendered.
 * JSON.stringify does the escaping; only the quote character changes.
 */
export function js(value: string): string {
  const body = JSON.stringify(value).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${body}'`;
}

/** A JavaScript origin: a string literal, or a RegExp literal kept from a declared allowlist. */
export function jsOrigin(value: string | RegExp): string {
  return typeof value === 'string' ? js(value) : String(value);
}

/**
 * A double-quoted string literal for Python, Java, C# and Go: all four read JSON's escapes (`\"`, `\\`, `\n`,
 * `\uXXXX`) the same way. Origins are serialized ASCII and methods and header names are HTTP tokens, so in
 * practice nothing needs escaping; this only keeps a malformed value from breaking out of the string.
 */
export function dq(value: string): string {
  return JSON.stringify(value);
}

/**
 * An nginx double-quoted argument: `"` and `\` are escaped. A `$` would start a variable and nginx has no
 * escape for it; it cannot occur in an origin and, though legal in a header-name token, is not seen in practice.
 */
export function nginxString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

export const list = (values: readonly string[], quote: (value: string) => string) =>
  values.map(quote).join(', ');

/** Joins the lines that are present; `false` and `undefined` mark an option the policy does not need. */
export function lines(...parts: (string | false | undefined)[]): string {
  return parts.filter((part) => typeof part === 'string').join('\n');
}

// ---- Questions about the policy ----------------------------------------------------------------------------

/** The server already allowed any origin with `*` (never with credentials: the policy guarantees it). */
export const isAnyOrigin = (policy: FixPolicy) => policy.origins.length === 1 && policy.origins[0] === '*';

/** The exact origins (or `*`), without the RegExps. */
export const exactOrigins = (policy: FixPolicy) =>
  policy.origins.filter((origin): origin is string => typeof origin === 'string');

/** RegExps kept from a declared allowlist (JavaScript syntax). */
export const originPatterns = (policy: FixPolicy) =>
  policy.origins.filter((origin): origin is RegExp => origin instanceof RegExp);

/** A single exact origin (or `*`): the snippet can send it as a constant instead of echoing an allowlist. */
export const hasOneFixedOrigin = (policy: FixPolicy) =>
  policy.origins.length === 1 && typeof policy.origins[0] === 'string';

/**
 * Outside JavaScript the allowlist's RegExps would need translating into another regex dialect (Python's
 * `re.match` anchors at the start, Spring takes wildcards only), so those renderers name them in a comment
 * rather than guess.
 */
export function originPatternNote(policy: FixPolicy, comment: string): string | false {
  const patterns = originPatterns(policy);
  return (
    patterns.length > 0 &&
    `${comment} The allowlist also allows origins matching ${patterns.map(String).join(', ')} (JavaScript RegExp): keep that rule.`
  );
}

/** Any header the page asks for is allowed (kept from the server). */
export const allowsAnyHeader = (policy: FixPolicy) => policy.allowedHeaders.includes('*');

export const namedHeaders = (policy: FixPolicy) => policy.allowedHeaders.filter((name) => name !== '*');

/** Any method, kept from a server that sent `*` (only ever without credentials). */
export const allowsAnyMethod = (policy: FixPolicy) => policy.methods.includes('*');

const safelistedMethods = ['GET', 'HEAD', 'POST'];

/**
 * For libraries whose method list replaces a default that held GET/HEAD/POST and is enforced. With the
 * server's list known it comes first, in its order: a preflight response need not list the safelisted
 * methods, so a list without them says nothing about whether they work today, and an enforced list must keep
 * them.
 */
export function withSafelistedMethods(policy: FixPolicy): string[] {
  return policy.server?.methods
    ? [...new Set([...policy.methods, ...safelistedMethods])]
    : [...new Set([...safelistedMethods, ...policy.methods])];
}
