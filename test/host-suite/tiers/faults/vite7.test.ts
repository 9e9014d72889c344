import { viteHarness } from '../../harnesses/vite.js';
import { runHostSuite } from '../../src/run-host-suite.js';

runHostSuite(viteHarness('vite7', 'dev'), 'faults');
runHostSuite(viteHarness('vite7', 'preview'), 'faults');
