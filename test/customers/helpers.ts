import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Client } from '../support/client.ts';
import { ok } from '../support/factories.ts';
import type { TestApp } from '../support/harness.ts';

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** Sends a file as a browser's form does: multipart/form-data with a `kind` field and the `file`. */
export async function uploadCsv(app: TestApp, client: Client, data: Buffer, opts: { kind?: string; filename?: string } = {}) {
  const boundary = '----xiaoer-test-boundary';
  const parts: Buffer[] = [];
  if (opts.kind) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${opts.kind}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.filename ?? 'upload.csv'}"\r\n`
    + 'Content-Type: text/csv\r\n\r\n'));
  parts.push(data, Buffer.from(`\r\n--${boundary}--\r\n`));
  const res = await app.http.inject({
    method: 'POST', url: '/api/customers/import',
    headers: { cookie: client.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

/** Sends the CSV as the request body itself. */
export async function postCsv(app: TestApp, client: Client, text: string | Buffer, query = '') {
  const res = await app.http.inject({
    method: 'POST', url: `/api/customers/import${query}`,
    headers: { cookie: client.cookie, 'content-type': 'text/csv' }, payload: text,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

/** Polls an import until it has finished, as the web page does. */
export async function waitForImport(client: Client, id: number) {
  for (let i = 0; i < 400; i++) {
    const { import: row } = await ok(client.get(`/api/customers/imports/${id}`));
    if (row.status !== 'running') return row;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${id} did not finish`);
}

export async function customer(client: Client, nick: string) {
  return ok(client.get(`/api/customers/${encodeURIComponent(nick)}`));
}

export async function listNicks(client: Client, query: string) {
  const body = await ok(client.get(`/api/customers?${query}`));
  return (body.customers as { nick: string }[]).map((c) => c.nick);
}

export function expectSorted<T>(list: T[], key: (t: T) => number, order: 'asc' | 'desc') {
  const values = list.map(key);
  const sorted = [...values].sort((a, b) => (order === 'asc' ? a - b : b - a));
  expect(values).toEqual(sorted);
}

/** PUT as a signed-in client sends it (the shared test client speaks GET, POST, PATCH and DELETE). */
export async function put(app: TestApp, client: Client, url: string, body?: unknown) {
  const res = await app.http.inject({
    method: 'PUT', url, headers: client.cookie ? { cookie: client.cookie } : {},
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}
