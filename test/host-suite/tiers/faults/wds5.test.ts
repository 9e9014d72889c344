import { webpackHarness } from '../../harnesses/webpack.js';
import { runHostSuite } from '../../src/run-host-suite.js';

runHostSuite(webpackHarness('wds5'), 'faults');
