import { fileURLToPath } from 'node:url';
import { testEveryCardInChromium } from '../../page/test/example-in-chromium.js';

// The webpack example, started as `npm run example:webpack` does (`webpack serve`): every card green.
testEveryCardInChromium(fileURLToPath(new URL('..', import.meta.url)));
