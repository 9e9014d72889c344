import { chromiumHeaderOrders } from './header-order-calibration.js';

/**
 * Which disallowed header Chromium names when several fail the preflight. Chromium walks the request headers
 * in the order Blink's HTTPHeaderMap (a hash map) hands them over, so the first failing name is neither the
 * alphabetical nor the written one. That order is calibrated against the real browser per set of header names
 * (scripts/calibrate-header-order.mjs records the order Chromium puts them on the wire) and looked up here.
 *
 * @returns the name Chromium reports, and whether it comes from calibration (`certain`) or is a best guess.
 */
export function pickReportedHeader(
  disallowed: readonly string[],
  requestHeaderNames: readonly string[],
): { name: string; certain: boolean } {
  if (disallowed.length === 1) return { name: disallowed[0] as string, certain: true };
  const key = [...new Set(requestHeaderNames.map((name) => name.toLowerCase()))].sort().join(',');
  const order = chromiumHeaderOrders[key];
  if (order) {
    const first = order.find((name) => disallowed.includes(name));
    if (first) return { name: first, certain: true };
  }
  return { name: [...disallowed].sort()[0] as string, certain: false };
}
