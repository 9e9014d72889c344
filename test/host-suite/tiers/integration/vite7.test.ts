import { viteHarness } from '../../harnesses/vite.js';
import { runHostSuite } from '../../src/run-host-suite.js';

runHostSuite(viteHarness('vite7', 'dev'), 'integration');
runHostSuite(viteHarness('vite7', 'preview'), 'integration');
