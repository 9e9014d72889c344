import type { HostCapabilities, HostHarness } from './harness.js';

/** The Vitest project a contract runs in: each has its own time limits and file parallelism (vitest.config.ts). */
export type Tier = 'integration' | 'faults' | 'browser';

/** One group of contracts: what it needs of the host, and its tests per tier. */
export interface ContractGroup {
  readonly title: string;
  /** Why a host with these capabilities cannot run the group; undefined when it can. */
  readonly unsupported?: (capabilities: HostCapabilities) => string | undefined;
  /** Registers the group's describe/it blocks for one harness. */
  readonly tiers: Partial<Record<Tier, (harness: HostHarness) => void>>;
}
