import { nodeHttpHarness } from '../../harnesses/node-http.js';
import { runHostSuite } from '../../src/run-host-suite.js';

runHostSuite(nodeHttpHarness, 'faults');
