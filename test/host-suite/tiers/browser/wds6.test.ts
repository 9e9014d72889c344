import { webpackHarness } from '../../harnesses/webpack.js';
import { runHostSuite } from '../../src/run-host-suite.js';

runHostSuite(webpackHarness('wds6'), 'browser');
