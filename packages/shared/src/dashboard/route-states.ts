import type { FailureDiagnosis } from './request-ring.js';

/**
 * `unknown`: nothing sent yet; `starting`: connections refused, the proxy is waiting for the backend
 * (retryConnectMs); `up`: it answered; `down`: the last request failed.
 */
export type RouteStateName = 'unknown' | 'starting' | 'up' | 'down';

export interface RouteState {
  readonly prefix: string;
  readonly state: RouteStateName;
  /** Epoch ms of the change into this state. */
  readonly since: number;
  /** The last failure's diagnosis (kept after the route is up again, marked by `state`). */
  readonly diagnosis?: FailureDiagnosis;
}

export interface RouteStates {
  up(prefix: string): void;
  starting(prefix: string): void;
  down(prefix: string, diagnosis: FailureDiagnosis): void;
  list(): readonly RouteState[];
}

/** Each route's health, from what its requests met. `up` on an up route is one comparison: it runs per response. */
export function createRouteStates(
  prefixes: readonly string[],
  onChange: () => void,
  now: () => number = Date.now,
): RouteStates {
  const states = new Map<string, RouteState>(
    prefixes.map((prefix) => [prefix, { prefix, state: 'unknown', since: now() }]),
  );
  const set = (prefix: string, state: RouteStateName, diagnosis?: FailureDiagnosis) => {
    const current = states.get(prefix);
    if (!current) return;
    const since = current.state === state ? current.since : now();
    const kept = diagnosis ?? current.diagnosis;
    states.set(prefix, { prefix, state, since, ...(kept ? { diagnosis: kept } : {}) });
    onChange();
  };
  return {
    up(prefix) {
      if (states.get(prefix)?.state !== 'up') set(prefix, 'up');
    },
    starting(prefix) {
      set(prefix, 'starting');
    },
    down(prefix, diagnosis) {
      set(prefix, 'down', diagnosis);
    },
    list: () => [...states.values()],
  };
}
