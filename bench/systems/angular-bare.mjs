/** `ng serve` (Angular 22) with no proxy at all: the start-up baseline of the Angular rows. */
import { angularHostUnavailableReason, ngServeStartsSlowly, startNgServe } from './angular-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const angularBare = {
  id: 'ng-bare',
  label: 'ng serve, no proxy',
  file: 'angular-bare.mjs',
  proxiesWebSockets: false,
  unavailableReason: angularHostUnavailableReason,
  startsSlowly: ngServeStartsSlowly,
};

/** @param {{ root: string }} config */
export function start({ root }) {
  return startNgServe({ root, serve: { builder: '@angular/build:dev-server' } });
}
