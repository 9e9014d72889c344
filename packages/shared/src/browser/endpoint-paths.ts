/**
 * Every path the project itself serves lives under this prefix, so one guard (proxy/own-endpoints.ts) covers
 * them all, present and future. Always at the server's root, whatever base path the app is served under.
 */
export const ownPathPrefix = '/__cors-dev-proxy/';
/** The prefix without its slash: `/__cors-dev-proxy` itself is ours too. */
export const ownPathStem = '/__cors-dev-proxy';
/** Server-sent events: the warnings, for pages of hosts without a channel of their own (webpack, Angular). */
export const warningStreamPath = `${ownPathPrefix}events`;
/** The script such hosts inject: prints the warnings, reports the page's own calls. */
export const clientScriptPath = `${ownPathPrefix}client.js`;
/** Where that script reports the page's calls (credentials mode) for the production audit. */
export const pageCallsPath = `${ownPathPrefix}calls`;
