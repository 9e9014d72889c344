import { viteHarness } from '../../harnesses/vite.js';
import { runHostSuite } from '../../src/run-host-suite.js';

runHostSuite(viteHarness('vite6', 'dev'), 'faults');
runHostSuite(viteHarness('vite6', 'preview'), 'faults');
