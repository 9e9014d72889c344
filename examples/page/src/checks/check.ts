/** The contract between a check (what to try and how to judge it) and the page that shows it. */

export type CheckStatus = 'pending' | 'pass' | 'fail';

export interface Detail {
  readonly label: string;
  readonly value: string;
}

export interface CheckResult {
  readonly pass: boolean;
  /** One sentence: what happened, in the terms of the feature. */
  readonly summary: string;
  readonly details: readonly Detail[];
  /** Lines in arrival order (SSE ticks); replaces what `log()` showed while the check ran. */
  readonly log?: readonly string[];
}

export interface CheckContext {
  /** Aborted by "Run again" or the page's timeout; a check stops its requests and sockets on it. */
  readonly signal: AbortSignal;
  /** Shows a line on the card at once, while the check is still running. */
  readonly log: (line: string) => void;
}

export interface Check {
  /** Stable id, written to the card's `data-check` attribute for browser tests. */
  readonly name: string;
  readonly title: string;
  /** What the card demonstrates and what would happen without cors-dev-proxy. */
  readonly about: string;
  readonly links?: readonly { readonly href: string; readonly label: string }[];
  readonly run: (context: CheckContext) => Promise<CheckResult>;
}

/** The backend's own origin, which the proxy hides from the page (`__BACKEND_URL__`: env.d.ts). */
export const backendOrigin = new URL(__BACKEND_URL__).origin;
export const backendHost = new URL(__BACKEND_URL__).host;

/** Rejects with the abort reason; for checks built on events rather than on an abortable fetch. */
export function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export function formatStatus(response: Response): string {
  return `${response.status} ${response.statusText}`.trim();
}
