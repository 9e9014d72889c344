import WebSocket from 'ws';

/** `http://…` → `ws://…` */
export function wsUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** Opens a WebSocket and resolves with its first message, or rejects on error/close. */
export function firstMessage(
  url: string,
  options: WebSocket.ClientOptions & { protocol?: string } = {},
): Promise<string> {
  const { protocol, ...rest } = options;
  return new Promise((resolve, reject) => {
    const socket = protocol ? new WebSocket(url, protocol, rest) : new WebSocket(url, rest);
    socket.once('message', (data) => {
      resolve(String(data));
      socket.close();
    });
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`closed with ${code} before any message`)));
  });
}
