import { viteHarness } from '../../harnesses/vite.js';
import { runHostSuite } from '../../src/run-host-suite.js';

runHostSuite(viteHarness('vite8', 'dev'), 'faults');
runHostSuite(viteHarness('vite8', 'preview'), 'faults');
