/** A Vite 8 dev server with no proxy at all: the start-up baseline. */
import { startViteDevServer } from './vite-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const viteBare = {
  id: 'vite-bare',
  label: 'Vite, no proxy',
  file: 'vite-bare.mjs',
  proxiesWebSockets: false,
};

/** @param {{ root: string }} config */
export function start({ root }) {
  return startViteDevServer({ root });
}
