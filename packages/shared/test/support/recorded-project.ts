import fs from 'node:fs/promises';
import path from 'node:path';
import { shapeOfRequest, writeShapes } from '../../src/index.js';

/**
 * Writes into `root` what development leaves behind for a build or `cors-dev-proxy audit` to judge: two
 * recorded shapes (a GET production allows, a PUT with a JSON body its strict policy blocks) and the shared
 * config file with the production target.
 */
export async function writeRecordedProject(root: string, productionUrl: string): Promise<void> {
  const shapes = [
    shapeOfRequest({ method: 'GET', url: '/api/hello', headers: {} }, '/api', 'auto'),
    shapeOfRequest(
      { method: 'PUT', url: '/api/orders/7', headers: { 'content-type': 'application/json' } },
      '/api',
      'auto',
    ),
  ];
  await writeShapes(path.join(root, '.cors-dev-proxy', 'shapes.json'), shapes);
  await fs.writeFile(
    path.join(root, 'cors-dev-proxy.config.mjs'),
    `export default { routes: { '/api': 'http://127.0.0.1:1' }, production: { origin: 'https://app.example.com', targets: { '/api': '${productionUrl}' } } };\n`,
  );
}
