import { describe } from 'vitest';
import type { ContractGroup } from '../../contract-group.js';
import { backendDownContracts } from './backend-down.js';
import { eachFaultContracts } from './each-fault.js';
import { nameResolutionContracts } from './name-resolution.js';
import { stormContracts } from './storm.js';
import { upstreamFailureContracts } from './upstream-failures.js';
import { webSocketFaultContracts } from './websocket-faults.js';

/**
 * Every way an upstream fails (and a storm of all of them at once): each request ends in time with a diagnosis
 * or a cut response, and the dev server keeps serving without leaking sockets, descriptors, listeners or heap.
 */
export const faults: ContractGroup = {
  title: 'faults',
  tiers: {
    faults(harness) {
      describe('one upstream fault at a time', () => {
        eachFaultContracts(harness);
        upstreamFailureContracts(harness);
        backendDownContracts(harness);
        nameResolutionContracts(harness);
        webSocketFaultContracts(harness);
      });
      // Last: it compares heap and descriptors with its own baseline, after every other group has settled.
      stormContracts(harness);
    },
  },
};
