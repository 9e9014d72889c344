/** Workload 2: POST with a 64 KiB body on keep-alive connections (the upstream reads it and answers its size). */
import { comparedSystems } from '../systems/index.mjs';
import { compareUnderLoad, loadColumns, rowRatio } from '../workload-kit.mjs';

/** @type {import('../workload-kit.mjs').Workload} */
export const postWorkload = {
  id: 'post',
  title: 'POST, 64 KiB body, keep-alive',
  async run(context) {
    const { connections, warmupS, roundS, rounds } = context.profile.load;
    const bytes = context.profile.postBodyBytes;
    const rows = await compareUnderLoad(context, 'post', comparedSystems, {
      path: '/api/echo',
      method: 'POST',
      body: Buffer.alloc(bytes, 'x'),
      headers: { 'content-type': 'application/octet-stream' },
      expectBody: JSON.stringify({ received: bytes }),
      rounds,
    });
    return {
      id: 'post',
      title: this.title,
      method: `autocannon, ${connections} connections, POST /api/echo with ${bytes / 1024} KiB, warm-up ${warmupS} s, ${rounds} × ${roundS} s rounds round-robin; every answer checked`,
      columns: loadColumns,
      rows,
      comparisons: [
        rowRatio(rows, 'rps', 'cdp', 'vite'),
        rowRatio(rows, 'rps', 'cdp', 'minimal'),
        rowRatio(rows, 'rps', 'cdp', 'direct'),
        rowRatio(rows, 'rps', 'cdp-wds', 'wds'),
        rowRatio(rows, 'rps', 'cdp-wds', 'minimal'),
        rowRatio(rows, 'rps', 'cdp-ng', 'ng'),
        rowRatio(rows, 'rps', 'cdp-ng', 'minimal'),
        {
          ...rowRatio(rows, 'cpuUsPerRequest', 'cdp', 'minimal'),
          label: 'CPU per request, cors-dev-proxy / minimal keep-alive proxy',
        },
      ],
    };
  },
};
