export type { CorsDevProxyOptions, RouteOptions } from 'cors-dev-proxy';
export { corsDevProxy } from './plugin.js';

import { corsDevProxy } from './plugin.js';
export default corsDevProxy;
