import { viteHarness } from '../../harnesses/vite.js';
import { runHostSuite } from '../../src/run-host-suite.js';

runHostSuite(viteHarness('vite6', 'dev'), 'faults');
// ~55 s per harness, mostly the faults' own time limits; preview proxies through the same server and handover
// as dev (without Vite's HMR listener), so the default matrix keeps the tier within CI's budget without it.
runHostSuite(viteHarness('vite6', 'preview'), 'faults', {
  leaveOutUnlessFull: 'same server path as vite6 dev; CI time',
});
