/** A webpack-dev-server 6 with no proxy at all: the start-up baseline of the webpack rows. */
import { startWebpackDevServer, webpackHostUnavailableReason } from './webpack-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const webpackBare = {
  id: 'wds-bare',
  label: 'webpack-dev-server, no proxy',
  file: 'webpack-bare.mjs',
  proxiesWebSockets: false,
  unavailableReason: webpackHostUnavailableReason,
};

/** @param {{ root: string }} config */
export function start({ root }) {
  return startWebpackDevServer({ root });
}
