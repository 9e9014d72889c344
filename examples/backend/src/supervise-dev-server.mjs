/**
 * What every example's `scripts/dev.mjs` does once it has started the backend and its dev server as a child
 * process: relays the dev server's output, prints the URL to open once the dev server names its port (the real
 * one, also when PORT is 0), and stops both together (a second Ctrl-C while closing gives up waiting).
 */

/**
 * @param {import('node:child_process').ChildProcess} serve the dev server, spawned with stdout and stderr piped
 * @param {{ url: string, close(): Promise<void> }} backend
 * @param {{ name: string, localUrl: RegExp }} options `name` for the exit message ("webpack serve"); `localUrl`
 *   finds the dev server's local URL in its output (first group: the origin)
 */
export function superviseDevServer(serve, backend, { name, localUrl }) {
  let output = '';
  let announced = false;
  function relay(/** @type {Buffer} */ chunk, /** @type {NodeJS.WriteStream} */ to) {
    to.write(chunk);
    if (announced) return;
    output += chunk;
    const local = localUrl.exec(output);
    if (!local) return;
    announced = true;
    console.log(`\n  Open ${local[1]}/ — backend (a strict production-like API) at ${backend.url}\n`);
  }
  serve.stdout?.on('data', (chunk) => relay(chunk, process.stdout));
  serve.stderr?.on('data', (chunk) => relay(chunk, process.stderr));

  let stopping = false;
  serve.once('exit', async (code, signal) => {
    await backend.close();
    if (!stopping) console.error(`${name} exited (${signal ?? `code ${code}`}).`);
    process.exit(stopping ? 0 : (code ?? 1));
  });

  function stop() {
    if (stopping) process.exit(1);
    stopping = true;
    serve.kill('SIGINT');
  }
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
