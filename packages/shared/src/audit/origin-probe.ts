import type { HeaderLine, ObservedResponse } from '../cors/types.js';
import { sendOnWire } from '../outbound/wire-client.js';
import { scanActualMethod, scanPreflight } from './origin-admission.js';

/**
 * Sends one crafted origin the way Chromium would: an OPTIONS preflight for a PUT with Content-Type, or a GET.
 * Never another method, so a production server's data cannot change; no cookies, no redirects followed (the
 * answer at this URL is what is judged). Chromium's bytes (Host and Connection first, names as Chromium writes
 * them), through HTTPS_PROXY/HTTP_PROXY when the environment names one: see cors/wire-client.ts.
 */
export function sendOriginProbe(
  url: URL,
  origin: string,
  kind: 'preflight' | 'actual',
  timeoutMs: number,
): Promise<ObservedResponse> {
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
  return sendOnWire({ method, url, headers }, { timeoutMs, label: `${method} ${url.href}` });
}
