import { craftOrigins, type OriginRole, unrelatedOrigin } from './crafted-origins.js';
import { type OriginProbe, type OriginResponder, probeOrigin } from './origin-admission.js';
import { judgeOriginProbes, type OriginFinding } from './origin-finding-rules.js';

// The assessment's vocabulary, so a caller of assessOrigins() needs one import.
export { allowlistResponder } from './allowlist-responder.js';
export {
  type Admission,
  type OriginProbe,
  type OriginResponder,
  scanActualMethod,
  scanPreflight,
} from './origin-admission.js';
export {
  type FindingSeverity,
  type OriginFinding,
  type OriginFindingId,
  severities,
} from './origin-finding-rules.js';
export { craftOrigins, type OriginRole, unrelatedOrigin };

export interface OriginAssessment {
  /** Most severe first. */
  readonly findings: readonly OriginFinding[];
  readonly probes: readonly OriginProbe[];
}

/**
 * Security review of a CORS allowlist: sends the production origin, the local dev origin and origins an
 * attacker can hold (null, an unrelated site, http, look-alikes, a subdomain) as a PUT preflight and a GET, and
 * reports who may read the responses, with and without credentials.
 */
export async function assessOrigins(
  responder: OriginResponder,
  options: {
    readonly productionOrigin: string;
    readonly localOrigin?: string;
    /** Called after each crafted origin's probes (the CLI's progress line). */
    readonly onProbed?: () => void;
  },
): Promise<OriginAssessment> {
  const probes: OriginProbe[] = [];
  // One at a time: a production server is being probed, and its rate limits should not skew the answers.
  for (const { origin, role } of craftOrigins(options.productionOrigin, options.localOrigin)) {
    probes.push(await probeOrigin(responder, origin, role));
    options.onProbed?.();
  }
  return { findings: judgeOriginProbes(probes, options.productionOrigin), probes };
}
