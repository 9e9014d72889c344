/** The baseline: the client talks to the upstream itself. No dev server, so no dev-server RSS either. */

/** @type {import('./index.mjs').SystemDescriptor} */
export const direct = {
  id: 'direct',
  label: 'direct',
  direct: true,
  proxiesWebSockets: true,
};
