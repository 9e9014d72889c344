/**
 * Child-process entry for one system under test: `node child.mjs <system-file> <json-config>`. Imports the
 * system's module, calls its `start(config)` and reports the port to the runner over IPC.
 */
import { serveAsChild } from '../child-process.mjs';

const [systemFile, configJson] = process.argv.slice(2);
const system = await import(new URL(`./${systemFile}`, import.meta.url).href);
await serveAsChild(() => system.start(JSON.parse(configJson ?? '{}')));
