import { backendHost, type Check, type CheckResult, whenAborted } from './check.ts';

interface Hello {
  type: 'hello';
  origin: string | null;
  host: string | null;
}

export const websocketCheck: Check = {
  name: 'websocket',
  title: 'WebSocket',
  about:
    'A WebSocket to /api/ws on this origin is upgraded through the proxy to the backend, which first reports ' +
    'the Origin and Host of the handshake, then echoes each message.',
  async run({ signal }) {
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/ws`;
    const socket = new WebSocket(url);
    try {
      return await Promise.race([pingPong(socket, url), whenAborted(signal)]);
    } finally {
      socket.close();
    }
  },
};

function pingPong(socket: WebSocket, url: string): Promise<CheckResult> {
  let hello: Hello | undefined;
  return new Promise((resolve) => {
    function finish(reply: string | undefined, problem?: string) {
      const pass = hello !== undefined && reply === 'echo:ping';
      resolve({
        pass,
        summary: pass
          ? 'Connected through the proxy; "ping" came back as "echo:ping".'
          : (problem ?? `Expected "echo:ping", got ${JSON.stringify(reply)}.`),
        details: [
          { label: 'URL', value: url },
          { label: 'Origin the backend saw', value: hello?.origin ?? '(none)' },
          { label: 'Host the backend saw', value: describeHost(hello?.host) },
          { label: 'Sent', value: 'ping' },
          { label: 'Received', value: reply ?? '(nothing)' },
        ],
      });
    }
    socket.addEventListener('message', (event) => {
      const data = String(event.data);
      if (hello === undefined) {
        hello = JSON.parse(data) as Hello;
        socket.send('ping');
        return;
      }
      finish(data);
    });
    socket.addEventListener('close', (event) => {
      finish(undefined, `The socket closed (code ${event.code}) before the echo arrived.`);
    });
  });
}

function describeHost(host: string | null | undefined): string {
  if (host == null) return '(none)';
  return host === backendHost ? `${host} (the backend's own)` : host;
}
