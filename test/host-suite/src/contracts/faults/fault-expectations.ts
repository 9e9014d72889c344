import { type HttpFault, trickleBody } from '../../../../../packages/shared/test/support/fault-upstream.js';
import type { Outcome } from './fault-rig.js';

/**
 * How the browser must see each fault, as one short label, so a storm of thousands of requests can be counted
 * and compared with what each fault gives alone: `502 refused` (status and diagnosis kind),
 * `200 aborted-after-headers`, `200 ok`.
 */
export const expectedLabels: Readonly<Record<Exclude<HttpFault, 'stall-after-headers'>, string>> = {
  ok: '200 ok',
  // The backend is down: say so (502, "nothing is listening"), not "it did not answer in time".
  refuse: '502 refused',
  'reset-headers': '502 reset',
  'reset-status-line': '502 reset',
  // The headers reached the browser: the only honest signal left is to cut the response.
  'reset-body': '200 aborted-after-headers',
  hang: '504 timeout',
  'trickle-headers': '504 timeout',
  // Once the headers are in, the time limit no longer applies: a slow stream is not a dead backend.
  'trickle-body': '200 ok',
  malformed: '502 other',
  'oversized-headers': '502 other',
  // Nothing reached the browser yet when the bad chunk arrives, so the proxy can still answer a diagnosis.
  'broken-chunked': '502 other',
  'broken-chunked-mid-body': '200 aborted-after-headers',
  // The final answer, however late after the interim ones (102, 103) it comes.
  'interim-then-answer': '200 ok',
  // Framing Node refuses is a protocol error, not a cut connection.
  'duplicate-content-length': '502 other',
  'length-and-chunked': '502 other',
  // A protocol switch nobody asked for is named as such, not as a cut connection.
  'unrequested-upgrade': '502 other',
  // Node's standard reason phrase instead of one it will not write: the status and body are what count.
  'unwritable-reason': '200 ok',
  'bad-tls': '502 tls',
};

/**
 * A second outcome that is just as right, when the timing of a loaded machine makes it possible. Mid-body,
 * the first chunk and the bad one can arrive in one read (the event loop was busy for the upstream's pause):
 * the parser then fails before the first chunk is handed on, nothing has reached the browser, and the proxy
 * answers the diagnosis a body broken from its start gets. Seen in storms inside webpack-dev-server 6.
 */
export const alsoRightUnderLoad: Readonly<Partial<Record<keyof typeof expectedLabels, string>>> = {
  'broken-chunked-mid-body': '502 other',
};

/** The faults whose requests end by themselves (a stalled stream stays open until the browser leaves). */
export const endingFaults = Object.keys(expectedLabels) as (keyof typeof expectedLabels)[];

/** The label of one outcome; anything unexpected (a wrong body, a missing diagnosis) gets a label that says so. */
export function labelOf(fault: string, outcome: Outcome): string {
  if (outcome.kind === 'aborted') return `aborted before headers (${outcome.error})`;
  if (outcome.kind === 'aborted-after-headers') return `${outcome.status} aborted-after-headers`;
  if (outcome.status === 200) {
    const expectedBody = fault === 'trickle-body' ? trickleBody : '{"ok":true}';
    return outcome.body === expectedBody
      ? '200 ok'
      : `200 with body ${JSON.stringify(outcome.body.slice(0, 80))}`;
  }
  const kind = outcome.headers['x-cors-dev-proxy-error'];
  return `${outcome.status} ${typeof kind === 'string' ? kind : `without diagnosis: ${outcome.body.slice(0, 80)}`}`;
}
