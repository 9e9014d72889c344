import { describe } from 'vitest';
import type { ContractGroup, Tier } from './contract-group.js';
import { buildAudit } from './contracts/build-audit.js';
import { dashboard } from './contracts/dashboard.js';
import { faults } from './contracts/faults/index.js';
import { inChromium } from './contracts/in-chromium.js';
import { productionAudit } from './contracts/production-audit.js';
import { proxyScenarios } from './contracts/proxy-scenarios.js';
import { security } from './contracts/security.js';
import { theBrowserChannel } from './contracts/the-browser-channel.js';
import { webSocketsNextToHmr } from './contracts/websockets-next-to-hmr.js';
import type { HostHarness } from './harness.js';

export type { ContractGroup, Tier } from './contract-group.js';

/** Every contract a host owes, in the order they run. */
export const contractGroups: readonly ContractGroup[] = [
  proxyScenarios,
  webSocketsNextToHmr,
  security,
  productionAudit,
  buildAudit,
  faults,
  inChromium,
  theBrowserChannel,
  dashboard,
];

/**
 * Registers every contract of `tier` for one host. A group the host cannot do (its capabilities say so) is
 * registered skipped, so its tests show as skipped, and printed once:
 * `host-suite: node-http skips 'websockets next to HMR' (no HMR socket)`.
 */
export function runHostSuite(harness: HostHarness, tier: Tier): void {
  for (const group of contractGroups) {
    const define = group.tiers[tier];
    if (!define) continue;
    const reason = group.unsupported?.(harness.capabilities);
    if (reason) {
      console.info(`host-suite: ${harness.name} skips '${group.title}' (${reason})`);
      describe.skip(`${harness.name}: ${group.title} (skipped: ${reason})`, () => define(harness));
    } else {
      describe(`${harness.name}: ${group.title}`, () => define(harness));
    }
  }
}
