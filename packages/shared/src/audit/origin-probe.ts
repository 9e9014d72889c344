import http from 'node:http';
import https from 'node:https';
import { NetworkFailure } from '../cors/live-check.js';
import type { HeaderLine, ObservedResponse } from '../cors/types.js';
import { envProxyAgentFor } from '../proxy/env-proxy.js';
import { scanActualMethod, scanPreflight } from './origin-findings.js';

/**
 * Sends one crafted origin the way Chromium would: an OPTIONS preflight for a PUT with Content-Type, or a GET.
 * Never another method, so a production server's data cannot change; no cookies, no redirects followed (the
 * answer at this URL is what is judged).
 */
export function sendOriginProbe(
  url: URL,
  origin: string,
  kind: 'preflight' | 'actual',
  timeoutMs: number,
): Promise<ObservedResponse> {
  const client = url.protocol === 'https:' ? https : http;
  const method = kind === 'preflight' ? 'OPTIONS' : scanActualMethod;
  const headers: HeaderLine[] = [
    ['Accept', '*/*'],
    ...(kind === 'preflight'
      ? ([
          ['Access-Control-Request-Method', scanPreflight.method],
          ['Access-Control-Request-Headers', scanPreflight.accessControlRequestHeaders],
        ] as const)
      : []),
    ['Origin', origin],
    ['Sec-Fetch-Mode', 'cors'],
  ];
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      // An object: Node sets Host itself, and a forward-proxy agent (HTTP_PROXY) can adjust it.
      { method, headers: Object.fromEntries(headers), agent: envProxyAgentFor(url, {}, false) ?? false },
      (response) => {
        const lines: HeaderLine[] = [];
        for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
          lines.push([response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string]);
        }
        response.resume();
        resolve({ status: response.statusCode ?? 0, headers: lines });
      },
    );
    request.setTimeout(timeoutMs, () =>
      request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new NetworkFailure(
          url.href,
          error.code ?? 'ERR_FAILED',
          `${method} ${url.href} failed: ${error.message}`,
        ),
      ),
    );
    request.end();
  });
}
