import net from 'node:net';
import type { ResolvedRoute } from '../config/options.js';
import { nodeCodeOf } from './undici-error-codes.js';

/** What went wrong between the proxy and the upstream, in words a developer can act on. */
export interface UpstreamDiagnosis {
  readonly status: 502 | 504;
  /** Short machine-friendly kind, stable across versions. */
  readonly kind: 'refused' | 'reset' | 'timeout' | 'dns' | 'tls' | 'unreachable' | 'other';
  /** The Node error code when there is one (ECONNREFUSED, CERT_HAS_EXPIRED, …). */
  readonly code: string;
  readonly cause: string;
  readonly hint: string;
}

interface ErrorWithCode extends Error {
  code?: string;
  address?: string;
  port?: number;
  errors?: ErrorWithCode[];
}

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Marks the error we raise ourselves when the upstream does not answer within `timeoutMs`. */
export class UpstreamTimeoutError extends Error {
  readonly code = 'UPSTREAM_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
  }
}

/**
 * The upstream's answer has a value Node's server will not write to the browser (it throws on it): a 502 that
 * says so rather than a throw into the dev server (forward-http.ts). Keeps Node's code (ERR_INVALID_CHAR, …).
 */
export class UnwritableAnswerError extends Error {
  readonly code: string;
  constructor(refusal: Error) {
    super(`its answer cannot be passed on to the browser: ${refusal.message}`, { cause: refusal });
    this.code = (refusal as { code?: string }).code ?? 'ERR_HTTP_INVALID_HEADER_VALUE';
  }
}

/**
 * A refused connection answered at once: a whole retry window already passed with the upstream refusing
 * (upstream-agent.ts), so the request did not wait again. Carries the window and when it ran out, for the
 * diagnosis.
 */
export class UpstreamStillRefusedError extends Error {
  readonly code = 'ECONNREFUSED';
  constructor(
    refusal: Error,
    /** The retry window that passed, in ms. */
    readonly windowMs: number,
    /** When it passed (epoch ms). */
    readonly downSince: number,
  ) {
    super(`still refused: ${refusal.message}`, { cause: refusal });
  }
}

/** HH:MM:SS in local time, as the developer's terminal clock reads. */
function clockTime(epochMs: number): string {
  return new Date(epochMs).toTimeString().slice(0, 8);
}

function codeOf(error: ErrorWithCode): string {
  // Happy eyeballs (Node 20+) reports an AggregateError whose own code is set from the attempts.
  return nodeCodeOf(error, error.code ?? error.errors?.find((inner) => inner.code)?.code) ?? 'UNKNOWN';
}

/**
 * undici's words (its `UND_ERR_SOCKET` messages) for answers it refuses to read, which are not the cut
 * connection that code otherwise means: an interim 100 Continue the request did not ask for (the proxy never
 * sends Expect upstream) or bytes while no request waits; a protocol switch on a request without Upgrade.
 */
const unreadableAnswers: ReadonlyMap<string, (target: string) => { cause: string; hint: string }> = new Map([
  [
    'bad response',
    (target) => ({
      cause: `${target} sent a response the proxy's HTTP client (undici) cannot read: a 100 Continue nobody asked for, or bytes before any request`,
      hint: 'Have the backend send 100 Continue only in answer to "Expect: 100-continue" (the proxy does not send one), and only one response per request.',
    }),
  ],
  [
    'bad upgrade',
    (target) => ({
      cause: `${target} answered 101 Switching Protocols to a request that asked for no upgrade`,
      hint: 'Have the backend switch protocols only on a request with "Upgrade" (WebSockets: a route with ws: true).',
    }),
  ],
]);

const invalidHttpHint =
  "The backend (or a proxy in front of it) answered with a response that is not valid HTTP/1.1, which Node's own HTTP client refuses too: fix how it writes its status line, headers or body framing.";

/** Classifies a proxy error. Pure: the localhost address-family probe is separate (see probeLoopbackFamilies). */
export function diagnoseUpstreamError(error: Error, route: ResolvedRoute): UpstreamDiagnosis {
  const target = route.target.origin;
  const failure = error as ErrorWithCode;
  const code = codeOf(failure);
  if (error instanceof UpstreamTimeoutError) {
    return {
      status: 504,
      kind: 'timeout',
      code,
      cause: `${target} did not start answering within ${error.timeoutMs} ms`,
      hint: `If this endpoint is slow on purpose, raise routes['${route.prefix}'].timeoutMs; otherwise check that the backend is not stuck.`,
    };
  }
  if (error instanceof UnwritableAnswerError) {
    return {
      status: 502,
      kind: 'other',
      code,
      cause: `the request to ${target} failed: ${error.message}`,
      hint: 'Fix the value the backend sends (Node writes no control characters, and only characters up to U+00FF, in a status line or header).',
    };
  }
  if (code === 'ECONNREFUSED') {
    const refused = {
      status: 502,
      kind: 'refused',
      code,
      cause: `nothing is listening at ${target} (connection refused)`,
      hint: `Start the backend, or fix routes['${route.prefix}'].target if it listens on another host or port.`,
    } as const;
    if (!(error instanceof UpstreamStillRefusedError)) return refused;
    return {
      ...refused,
      cause: `${refused.cause}, still: not waiting again (the routes['${route.prefix}'].retryConnectMs window of ${error.windowMs} ms already passed at ${clockTime(error.downSince)}); answering at once until it accepts connections`,
    };
  }
  const unreadable = failure.code === 'UND_ERR_SOCKET' ? unreadableAnswers.get(error.message) : undefined;
  if (unreadable) {
    return { status: 502, kind: 'other', code: 'UND_ERR_SOCKET', ...unreadable(target) };
  }
  // One of undici's internal checks failed on what the upstream sent (a status below 100 is one such answer).
  if (code === 'ERR_ASSERTION') {
    return {
      status: 502,
      kind: 'other',
      code,
      cause: `${target} sent a response the proxy's HTTP client (undici) could not read (an internal check failed on it; a status below 100 does this)`,
      hint: invalidHttpHint,
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(error.message)) {
    return {
      status: 502,
      kind: 'reset',
      code,
      cause: `${target} closed the connection before sending a complete response`,
      hint: 'Check the backend log for a crash or an aborted request; a backend that expects TLS on this port also does this.',
    };
  }
  if (code === 'ETIMEDOUT') {
    return {
      status: 504,
      kind: 'timeout',
      code,
      cause: `connecting to ${target} timed out`,
      hint: 'The host did not answer: check VPN, firewall, and HTTPS_PROXY settings.',
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return {
      status: 502,
      kind: 'dns',
      code,
      cause: `the host name "${route.target.hostname}" could not be resolved (${code})`,
      hint: `Check the spelling of routes['${route.prefix}'].target, your VPN, and DNS.`,
    };
  }
  if (tlsCodes.has(code) || /certificate|ssl|tls/i.test(error.message)) {
    return {
      status: 502,
      kind: 'tls',
      code,
      cause: `the TLS connection to ${target} failed: ${error.message}`,
      hint:
        code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER'
          ? `The port may speak plain HTTP: try http:// in routes['${route.prefix}'].target.`
          : `Trust the backend's CA with routes['${route.prefix}'].ca or NODE_EXTRA_CA_CERTS; as a last resort for a self-signed dev backend, set secure: false.`,
    };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return {
      status: 502,
      kind: 'unreachable',
      code,
      cause: `${target} is unreachable (${code})`,
      hint: 'Check the network route to the backend (VPN, Wi-Fi, firewall).',
    };
  }
  return {
    status: 502,
    kind: 'other',
    code,
    cause: `the request to ${target} failed: ${error.message || code}`,
    hint: code.startsWith('HPE_') ? invalidHttpHint : 'Run with DEBUG=cors-dev-proxy:* for details.',
  };
}

function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, autoSelectFamily: false });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * For a refused connection to a loopback target, finds out which loopback family the backend really listens on.
 * Node resolves `localhost` to ::1 first on many systems while many backends bind 127.0.0.1 only (or the
 * reverse); a target written as `127.0.0.1` or `[::1]` misses a backend bound to the other family the same way.
 * Returns a better hint, or undefined when both or neither answer (or the target is not loopback).
 */
export async function probeLoopbackFamilies(route: ResolvedRoute): Promise<string | undefined> {
  const written = route.target.hostname;
  if (written !== 'localhost' && written !== '127.0.0.1' && written !== '[::1]') return undefined;
  const port = Number(route.target.port) || (route.target.protocol === 'https:' ? 443 : 80);
  const [v4, v6] = await Promise.all([canConnect('127.0.0.1', port, 500), canConnect('::1', port, 500)]);
  const path = route.target.pathname === '/' ? '' : route.target.pathname;
  const example = (host: string) => `${route.target.protocol}//${host}:${port}${path}`;
  const tried = written === 'localhost' ? '"localhost" resolved to' : `the target is`;
  if (v4 && !v6 && written !== '127.0.0.1') {
    return `The backend listens on 127.0.0.1 only, but ${tried} ::1. Set routes['${route.prefix}'].target to '${example('127.0.0.1')}'.`;
  }
  if (v6 && !v4 && written !== '[::1]') {
    return `The backend listens on ::1 only, but ${tried} 127.0.0.1. Set routes['${route.prefix}'].target to '${example('[::1]')}'.`;
  }
  return undefined;
}
