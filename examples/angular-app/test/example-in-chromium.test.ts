import { fileURLToPath } from 'node:url';
import { testEveryCardInChromium } from '../../page/test/example-in-chromium.js';

// The Angular example, started as `npm run example:angular` does (`ng serve`): every card green.
testEveryCardInChromium(fileURLToPath(new URL('..', import.meta.url)));
