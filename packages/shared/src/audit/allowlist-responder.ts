import type { CorsAllowlist } from '../config/production-options.js';
import { type OriginResponder, scanActualMethod, scanPreflight } from './origin-admission.js';
import { simulateAllowlist } from './simulate-allowlist.js';

/** A responder for a declared allowlist: what a server using the `cors` package with it would answer. */
export function allowlistResponder(allowlist: CorsAllowlist): OriginResponder {
  return async (origin, kind) =>
    simulateAllowlist(
      allowlist,
      kind === 'preflight' ? { origin, ...scanPreflight } : { origin, method: scanActualMethod },
      kind,
    );
}
