import { angularHarness } from '../../harnesses/angular.js';
import { runHostSuite } from '../../src/run-host-suite.js';

runHostSuite(angularHarness('ng21'), 'integration');
