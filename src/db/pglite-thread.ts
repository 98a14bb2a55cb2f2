import { Worker } from 'node:worker_threads';

/** What the Kysely dialect needs of PGlite: statements in, rows out. */
export interface PGliteLike {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec<R>(sql: string): Promise<{ rows: R[]; affectedRows?: number }>;
  close(): Promise<void>;
}

interface Reply {
  id: number;
  result?: { rows: unknown[]; affectedRows?: number } | null;
  error?: Record<string, unknown> & { message: string };
  ready?: true;
}

/**
 * PGlite on a worker thread (pglite-worker.js). PGlite runs each statement synchronously in WebAssembly; on the main
 * thread that would stall every socket for as long as the statement takes.
 */
export async function openPGliteThread(dataDir: string | undefined): Promise<PGliteLike> {
  const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: { dataDir } });
  const waiting = new Map<number, { resolve: (r: any) => void; reject: (e: unknown) => void }>();
  let next = 0;
  let failed: unknown;
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: Reply) => {
      if (m.ready) {
        worker.unref();
        return resolve();
      }
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      // The thread keeps the process alive only while a statement is on its way, as a socket to PostgreSQL would.
      if (!waiting.size) worker.unref();
      if (m.error) w?.reject(Object.assign(new Error(m.error.message), m.error));
      else w?.resolve(m.result);
    });
    const fail = (err: unknown) => {
      failed = err;
      for (const w of waiting.values()) w.reject(err);
      waiting.clear();
      reject(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the database thread stopped (exit code ${code})`)));
  });
  const call = <T>(op: string, sql?: string, params?: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = ++next;
      if (!waiting.size) worker.ref();
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, op, sql, params });
    });
  return {
    query: (sql, params) => call('query', sql, params),
    exec: (sql) => call('exec', sql),
    async close() {
      await call('close');
      await worker.terminate();
    },
  };
}
