export interface AccessLogEntry {
  readonly method: string;
  readonly url: string;
  readonly target: string;
  /** HTTP status, or a word when no status reached the client ("aborted", "error"). */
  readonly status: number | string;
  readonly durationMs: number;
}

/**
 * One line per proxied request. Query strings are elided: they often carry tokens (OAuth codes, API keys),
 * and logs get pasted into issues.
 */
export function formatAccessLog(entry: AccessLogEntry): string {
  const query = entry.url.indexOf('?');
  const path = query === -1 ? entry.url : `${entry.url.slice(0, query)}?…`;
  return `${entry.method} ${path} → ${entry.target} ${entry.status} ${Math.round(entry.durationMs)} ms`;
}
