import { elideQuery } from '../redact.js';

export { elideQuery };

export interface AccessLogEntry {
  readonly method: string;
  readonly url: string;
  /** The upstream URL the request went to. */
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
  return `${entry.method} ${elideQuery(entry.url)} → ${elideQuery(entry.target)} ${entry.status} ${Math.round(entry.durationMs)} ms`;
}
