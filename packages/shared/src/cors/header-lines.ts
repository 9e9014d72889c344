import type { HeaderLine } from './types.js';

/**
 * A header's value the way Chromium reads it from a response: every field line with that name (case-insensitive)
 * joined with ", ", then trimmed. Undefined when no line has the name. Two `Access-Control-Allow-Origin` lines
 * thus become one value with a comma, which is why Chromium reports "multiple values".
 */
export function combinedValue(headers: readonly HeaderLine[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  const values = headers.filter(([key]) => key.toLowerCase() === wanted).map(([, value]) => value);
  return values.length === 0 ? undefined : values.join(', ').trim();
}

/** Splits a comma-separated header into trimmed items, dropping empty ones (`a,, b` → `a`, `b`). */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** RFC 9110 token: what each item of Access-Control-Allow-Methods/-Headers must be. */
export function isToken(value: string): boolean {
  return tokenPattern.test(value);
}
