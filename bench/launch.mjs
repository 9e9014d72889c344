/**
 * Starts a system under test in its own process and checks that it proxies before any timing starts.
 * @typedef {import('./systems/index.mjs').SystemDescriptor} SystemDescriptor
 * @typedef {{
 *   descriptor: SystemDescriptor,
 *   url: string,
 *   pid: number | undefined,
 *   ready: import('./child-process.mjs').ReadyMessage | undefined,
 *   closesConnection: boolean,
 *   gcStats?: () => Promise<import('./child-process.mjs').GcStats | undefined>,
 *   stop(): Promise<void>,
 * }} RunningSystem
 */
import { Agent, request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './child-process.mjs';
import { jsonBody } from './constants.mjs';

const childEntry = fileURLToPath(new URL('./systems/child.mjs', import.meta.url));

/**
 * @param {SystemDescriptor} descriptor
 * @param {{ upstreamUrl: string, root: string, execArgv?: string[], check?: boolean }} context
 * @returns {Promise<RunningSystem>}
 */
export async function launchSystem(descriptor, { upstreamUrl, root, execArgv = [], check = true }) {
  if (descriptor.direct) {
    return {
      descriptor,
      url: upstreamUrl,
      pid: undefined,
      ready: undefined,
      closesConnection: false,
      stop: async () => {},
    };
  }
  if (!descriptor.file) throw new Error(`${descriptor.label} has no child entry`);
  const child = await startChild(childEntry, {
    label: descriptor.label,
    args: [path.basename(descriptor.file), JSON.stringify({ upstreamUrl, root, ...descriptor.config })],
    execArgv,
  });
  const running = {
    descriptor,
    url: child.url,
    pid: descriptor.measuresProcess === false ? undefined : child.pid,
    gcStats: descriptor.measuresProcess === false ? undefined : () => child.gcStats(),
    ready: child.ready,
    closesConnection: false,
    stop: () => child.stop(),
  };
  if (check) {
    try {
      running.closesConnection = (await checkProxies(running.url)).closesConnection;
    } catch (error) {
      await child.stop();
      throw new Error(`${descriptor.label} does not proxy: ${/** @type {Error} */ (error).message}`);
    }
  }
  return running;
}

/**
 * One GET /api/json through the system must return the upstream's exact document. Also tells whether the
 * system closes the client's connection after the response (Vite's server.proxy does: it asks its upstream
 * for `Connection: close` and passes the answer's header on).
 * @param {string} baseUrl
 * @returns {Promise<{ closesConnection: boolean }>}
 */
export function checkProxies(baseUrl) {
  return new Promise((resolve, reject) => {
    // A keep-alive client, as the load generator and browsers are.
    const agent = new Agent({ keepAlive: true });
    const req = request(`${baseUrl}/api/json`, { agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text) => {
        body += text;
      });
      res.on('end', () => {
        agent.destroy();
        if (res.statusCode === 200 && body === jsonBody) {
          resolve({ closesConnection: res.headers.connection === 'close' });
        } else reject(new Error(`GET /api/json answered ${res.statusCode}: ${body.slice(0, 200)}`));
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end();
  });
}
