/**
 * Collapses the variable parts of a path so requests that differ only by an id are one shape:
 * `/api/orders/42` → `/api/orders/:id`. Numbers, UUIDs, long hex strings and long opaque tokens count as ids;
 * words (`/api/orders/recent`) stay, so different endpoints stay different shapes.
 */
export function collapsePath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => (isIdSegment(segment) ? ':id' : segment))
    .join('/');
}

function isIdSegment(segment: string): boolean {
  if (segment === '') return false;
  if (/^\d+$/.test(segment)) return true;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment)) return true;
  if (/^[0-9a-f]{12,}$/i.test(segment)) return true;
  // Opaque tokens (base64url, ULIDs, slugs with digits): long and mixing letters with digits.
  return segment.length >= 16 && /\d/.test(segment) && /[a-z]/i.test(segment) && /^[\w-]+$/.test(segment);
}
