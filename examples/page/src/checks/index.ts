import { auditCheck } from './audit.ts';
import type { Check } from './check.ts';
import { cookieCheck } from './cookie.ts';
import { diagnosticsCheck } from './diagnostics.ts';
import { directCheck } from './direct.ts';
import { fetchCheck } from './fetch.ts';
import { redirectCheck } from './redirect.ts';
import { sseCheck } from './sse.ts';
import { websocketCheck } from './websocket.ts';

/** In the order the cards appear on the page. */
export const checks: readonly Check[] = [
  fetchCheck,
  cookieCheck,
  redirectCheck,
  sseCheck,
  websocketCheck,
  diagnosticsCheck,
  directCheck,
  auditCheck,
];
