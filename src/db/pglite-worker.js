// The embedded database on a thread of its own: its queries run beside the main thread's sockets and requests
// instead of between them. Plain JavaScript, so that it loads wherever the process runs (tsx, vitest, node).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const INT8 = 20; // bigint ids and counts fit in a JS number here: read them as numbers, as on PostgreSQL
const lite = await PGlite.create(workerData.dataDir, { parsers: { [INT8]: (v) => Number(v) } });

parentPort.on('message', async ({ id, op, sql, params }) => {
  try {
    let result = null;
    if (op === 'query') {
      const r = await lite.query(sql, params);
      result = { rows: r.rows, affectedRows: r.affectedRows };
    } else if (op === 'exec') {
      const r = (await lite.exec(sql)).at(-1);
      result = { rows: r?.rows ?? [], affectedRows: r?.affectedRows };
    } else if (op === 'close') {
      await lite.close();
    }
    parentPort.postMessage({ id, result });
  } catch (err) {
    // The database's error as plain fields (code, detail, constraint…): an Error's own class does not cross threads.
    const fields = {};
    for (const [k, v] of Object.entries(err ?? {})) if (v === undefined || typeof v !== 'object') fields[k] = v;
    parentPort.postMessage({ id, error: { ...fields, name: err?.name, message: err?.message ?? String(err) } });
  }
});
parentPort.postMessage({ ready: true });
