const none: readonly string[] = Object.freeze([]);

/**
 * The field names a `Connection` header lists besides its options `close` and `keep-alive`, lower-cased: the
 * fields that are for this hop only (RFC 9110 §7.6.1), on either side of the proxy. Nearly every message says
 * only `keep-alive` or `close`; that answer allocates nothing.
 */
export function fieldsNamedInConnection(connection: string): readonly string[] {
  const value = connection.toLowerCase();
  if (value === 'keep-alive' || value === 'close') return none;
  const names: string[] = [];
  for (const token of value.split(',')) {
    const name = token.trim();
    if (name && name !== 'close' && name !== 'keep-alive') names.push(name);
  }
  return names;
}
