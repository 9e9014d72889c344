import { checkAccess } from './check-access.js';
import { combinedValue, isToken, splitList } from './header-lines.js';
import { pickReportedHeader } from './header-order.js';
import { isSafelistedMethod } from './request-rules.js';
import type { CorsErrorName, CorsProblem, ObservedResponse, PortabilityNote } from './types.js';

export interface PreflightContext {
  readonly url: string;
  readonly requestOrigin: string;
  readonly includeCredentials: boolean;
  /** The method as sent (after normalisation). */
  readonly method: string;
  /** CORS-unsafe request header names, lower-cased, in the order the browser walks them. */
  readonly unsafeNames: readonly string[];
  /** Every header name the page set: the key for the calibrated blame order. */
  readonly requestHeaderNames: readonly string[];
}

export interface PreflightResult {
  /** In Chromium's check order: the first is the one it reports. */
  readonly problems: readonly CorsProblem[];
  readonly notes: readonly PortabilityNote[];
  /** False when several headers fail and the blamed one is a guess (uncalibrated header set). */
  readonly blameCertain: boolean;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export function isRedirect(response: ObservedResponse): boolean {
  return redirectStatuses.has(response.status) && combinedValue(response.headers, 'location') !== undefined;
}

/**
 * Judges a preflight response in the order Chromium's PreflightController does
 * (services/network/cors/preflight_controller.cc): redirect, CORS check, status, parse methods and headers,
 * method, headers. Every problem is collected; the order decides which one the console shows.
 */
export function evaluatePreflight(response: ObservedResponse, context: PreflightContext): PreflightResult {
  const problems: CorsProblem[] = [];
  const notes: PortabilityNote[] = [];
  const problem = (corsError: CorsErrorName, failedParameter: string, detail: string) =>
    problems.push({ corsError, failedParameter, stage: 'preflight', url: context.url, detail });

  if (isRedirect(response)) {
    problem(
      'PreflightDisallowedRedirect',
      '',
      `the preflight was answered with a ${response.status} redirect`,
    );
    // Chromium stops here: the redirect's own headers are never looked at.
    return { problems, notes, blameCertain: true };
  }
  const access = checkAccess(response.headers, context.requestOrigin, context.includeCredentials);
  if (access) {
    problem(
      `Preflight${access.corsError}` as CorsErrorName,
      access.failedParameter,
      `preflight: ${access.corsError}`,
    );
  }
  if (response.status < 200 || response.status > 299) {
    problem(
      'PreflightInvalidStatus',
      '',
      `the preflight answered ${response.status}; it must be 2xx (204 is typical)`,
    );
  }

  const methodsValue = combinedValue(response.headers, 'access-control-allow-methods') ?? '';
  const headersValue = combinedValue(response.headers, 'access-control-allow-headers') ?? '';
  const allowedMethods = splitList(methodsValue);
  const allowedHeaders = splitList(headersValue);
  const methodsParse = allowedMethods.every(isToken);
  const headersParse = allowedHeaders.every(isToken);
  if (!methodsParse)
    problem(
      'InvalidAllowMethodsPreflightResponse',
      '',
      `Access-Control-Allow-Methods is not a token list: ${methodsValue}`,
    );
  if (!headersParse)
    problem(
      'InvalidAllowHeadersPreflightResponse',
      '',
      `Access-Control-Allow-Headers is not a token list: ${headersValue}`,
    );

  if (methodsParse) {
    // Case-sensitive, as spec-conformant Chromium matches: `patch` is not allowed by `PATCH`.
    const methodAllowed =
      isSafelistedMethod(context.method) ||
      allowedMethods.includes(context.method) ||
      (allowedMethods.includes('*') && !context.includeCredentials);
    if (!methodAllowed) {
      problem(
        'MethodDisallowedByPreflightResponse',
        context.method,
        `Access-Control-Allow-Methods does not list ${context.method}`,
      );
    }
  }

  let blameCertain = true;
  if (headersParse) {
    const allowedLower = allowedHeaders.map((name) => name.toLowerCase());
    const wildcard = allowedLower.includes('*') && !context.includeCredentials;
    const disallowed = context.unsafeNames.filter((name) => !wildcard && !allowedLower.includes(name));
    if (
      wildcard &&
      context.unsafeNames.includes('authorization') &&
      !allowedLower.includes('authorization')
    ) {
      notes.push({
        id: 'authorization-wildcard',
        message:
          'Chromium lets Authorization through Access-Control-Allow-Headers: *, but the Fetch standard does not (Firefox warns it will stop). List authorization explicitly.',
      });
    }
    if (disallowed.length > 0) {
      const { name, certain } = pickReportedHeader(disallowed, context.requestHeaderNames);
      blameCertain = certain;
      for (const header of [name, ...disallowed.filter((other) => other !== name)]) {
        problem(
          'HeaderDisallowedByPreflightResponse',
          header,
          `Access-Control-Allow-Headers does not list ${header}`,
        );
      }
    }
  }
  return { problems, notes, blameCertain };
}
