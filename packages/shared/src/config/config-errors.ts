import { CorsDevProxyError } from '../errors.js';
import { suggestName } from './suggest.js';

/** Quotes a user value for an error message without dumping huge objects or functions. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return 'an object';
  }
}

export function invalid(
  option: string,
  value: unknown,
  requirement: string,
  example: string,
): CorsDevProxyError {
  return new CorsDevProxyError(
    'CONFIG_INVALID',
    `${option} ${requirement}, but got ${show(value)}.\n  Fix it in your cors-dev-proxy options, for example:\n    ${example}`,
  );
}

export function unknownOption(option: string, known: readonly string[], example: string): CorsDevProxyError {
  const key = option.slice(option.lastIndexOf('.') + 1).replace(/^\[|\]$/g, '');
  const guess = suggestName(key, known);
  return new CorsDevProxyError(
    'CONFIG_UNKNOWN_OPTION',
    `${option} is not an option${guess ? ` (did you mean "${guess}"?)` : ''}. Known options here: ${known.join(', ')}.\n` +
      `  For example:\n    ${example}`,
  );
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function resolveBoolean(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    // `ws: 'true'` (a string, as from an env variable or a JSON-minded habit) means the boolean it spells.
    const meant = value === 'true' || value === 'false' ? value : String(fallback);
    throw invalid(
      `${where}.${name}`,
      value,
      'must be true or false (a boolean, not a string)',
      `${name}: ${meant}`,
    );
  }
  return value;
}
