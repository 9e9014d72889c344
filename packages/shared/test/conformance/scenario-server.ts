import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HeaderLine, ObservedResponse } from '../../src/cors/types.js';
import type { Scenario, ScenarioResponse } from './scenario-types.js';

/** A request a scenario server received, with header lines in wire order (for header-order calibration). */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly HeaderLine[];
}

export interface ScenarioServers {
  /** Base URLs of the two API servers (cross-origin to each other and to the page). */
  readonly urls: { readonly a: string; readonly b: string };
  readonly pageOrigin: string;
  register(scenarios: readonly Scenario[]): void;
  /** URL of a scenario's hop: `<server>/s/<id>/<hop>`. */
  hopUrl(scenario: Scenario, hop: number): string;
  /** The response a hop sends, exactly as served (placeholders resolved, Location added). */
  servedResponse(scenario: Scenario, hop: number, kind: 'preflight' | 'actual'): ObservedResponse | undefined;
  received(): readonly ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Two API servers that answer each registered scenario exactly as it says (raw header lines, duplicates kept),
 * plus a blank page server the browser loads as the requesting origin. All on loopback, port 0. The page is
 * served as http://localhost:P and the APIs as http://127.0.0.1:P: cross-origin, same address space.
 */
export async function startScenarioServers(): Promise<ScenarioServers> {
  const scenarios = new Map<string, Scenario>();
  const log: ReceivedRequest[] = [];
  let pageOrigin = '';
  const urls = { a: '', b: '' };

  const resolveResponse = (
    scenario: Scenario,
    hop: number,
    kind: 'preflight' | 'actual',
  ): ObservedResponse | undefined => {
    const definition: ScenarioResponse | undefined = scenario.hops[hop]?.[kind];
    if (!definition) return undefined;
    const headers: HeaderLine[] = definition.headers.map(([name, value]) => [
      name,
      value.replaceAll('{origin}', pageOrigin),
    ]);
    if (definition.redirectTo !== undefined) {
      const location = hopUrl(scenario, definition.redirectTo);
      headers.push([
        'Location',
        definition.redirectWithCredentials ? location.replace('://', '://user:secret@') : location,
      ]);
    }
    return { status: definition.status, headers };
  };
  const hopUrl = (scenario: Scenario, hop: number) =>
    `${urls[scenario.hops[hop]?.server ?? 'a']}/s/${scenario.id}/${hop}`;

  const apiHandler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const headers: HeaderLine[] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
      headers.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
    log.push({ method: req.method ?? '', url: req.url ?? '', headers });
    const match = /^\/s\/([^/]+)\/(\d+)/.exec(req.url ?? '');
    const scenario = match ? scenarios.get(match[1] as string) : undefined;
    const response = scenario
      ? resolveResponse(scenario, Number(match?.[2]), req.method === 'OPTIONS' ? 'preflight' : 'actual')
      : undefined;
    req.resume();
    if (!response) {
      res.writeHead(404, ['Content-Type', 'text/plain']).end('no such scenario');
      return;
    }
    res.writeHead(response.status, [...response.headers.flat(), 'Content-Type', 'application/json']);
    res.end(response.status === 204 || req.method === 'HEAD' ? undefined : '{"ok":true}');
  };

  const servers = [http.createServer(apiHandler), http.createServer(apiHandler)];
  const page = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>conformance</title>');
  });
  const listen = async (server: http.Server, host: string) => {
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return (server.address() as AddressInfo).port;
  };
  urls.a = `http://127.0.0.1:${await listen(servers[0] as http.Server, '127.0.0.1')}`;
  urls.b = `http://127.0.0.1:${await listen(servers[1] as http.Server, '127.0.0.1')}`;
  pageOrigin = `http://localhost:${await listen(page, '127.0.0.1')}`;

  return {
    urls,
    pageOrigin,
    register(list) {
      for (const scenario of list) scenarios.set(scenario.id, scenario);
    },
    hopUrl,
    servedResponse: resolveResponse,
    received: () => log,
    async close() {
      for (const server of [...servers, page]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
