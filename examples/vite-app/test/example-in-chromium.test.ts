import { fileURLToPath } from 'node:url';
import { testEveryCardInChromium } from '../../page/test/example-in-chromium.js';

// The Vite example, started as the README's Quick start does (`npm run example`): every card green.
testEveryCardInChromium(fileURLToPath(new URL('..', import.meta.url)));
