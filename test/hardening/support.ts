import { sql } from 'kysely';
import type { TestApp } from '../support/harness.ts';

export type Schema = Record<string, any>;
export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  id: string;
  pathParams: { name: string; schema: Schema }[];
  query: { name: string; schema: Schema; required: boolean }[];
  body: Schema | undefined;
  bodyType: string | undefined;
  op: Schema;
}

/** Every operation of the live OpenAPI document, as the fuzz and the matrices walk them. */
export async function loadOperations(app: TestApp): Promise<{ doc: Schema; operations: Operation[] }> {
  const doc = (await app.http.inject({ url: '/api/openapi.json' })).json();
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []) as { name: string; in: string; schema: Schema; required?: boolean }[];
      const content = op.requestBody?.content as Record<string, { schema: Schema }> | undefined;
      const bodyType = content ? Object.keys(content)[0] : undefined;
      operations.push({
        method: method.toUpperCase() as Operation['method'], path, id: op.operationId, op,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: Boolean(p.required) })),
        body: bodyType ? content![bodyType].schema : undefined,
        bodyType,
      });
    }
  }
  return { doc, operations };
}

export const isBuyerOperation = (o: Operation) => o.path.startsWith('/api/buyer/') || o.id === 'trade.add';
/** Operations that need no session (sign-up, log-in, the storefront, the providers' callbacks). */
export const isPublic = (o: Operation) => !o.op.security;
export const isAccountOperation = (o: Operation) => !isPublic(o) && !isBuyerOperation(o);

export function fillPath(path: string, values: Record<string, string | number>) {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(values[name] ?? 1)));
}

function pick(schema: Schema): Schema {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return pick(options.find((s: Schema) => s.type !== 'null') ?? options[0]);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map(pick));
  return schema;
}

/** A value that satisfies the schema (the smallest one that does), for the fields the caller does not set. */
export function example(input: Schema | undefined, overrides: Record<string, unknown> = {}): unknown {
  if (!input) return undefined;
  const schema = pick(input);
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined && schema.type !== 'object') return schema.default;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = example(schema.properties?.[key] ?? {});
      return { ...out, ...overrides };
    }
    case 'array': return Array.from({ length: schema.minItems ?? 0 }, () => example(schema.items ?? {}));
    case 'integer':
    case 'number': {
      if (schema.exclusiveMinimum === true) return (schema.minimum ?? 0) + 1;
      return Math.max(schema.minimum ?? 1, typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 1);
    }
    case 'boolean': return false;
    case 'string': {
      if (schema.format === 'date-time') return '2025-01-01T00:00:00.000Z';
      if (schema.format === 'date') return '2025-01-01';
      if (schema.format === 'uri') return 'https://example.com/';
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
    }
    default: return 'x';
  }
}

/** The tables that hold a shop's rows (a `shop_id` column), found in the catalogue so later modules are covered too. */
export async function shopTables(app: TestApp) {
  const r = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where column_name = 'shop_id' and table_schema = current_schema()
    order by table_name`.execute(app.ctx.database.db);
  return r.rows.map((x) => x.table_name);
}

/**
 * A fingerprint of everything a shop owns: per table, the number of its rows and an md5 of their text. Tables that
 * record reading rather than writing (a session's or token's last use, presence) are left out.
 */
export async function shopChecksum(app: TestApp, shopId: number, skip: readonly string[] = []) {
  const out: Record<string, string> = {};
  for (const table of await shopTables(app)) {
    if (skip.includes(table)) continue;
    const r = await sql<{ n: number; h: string | null }>`
      select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h
      from ${sql.table(table)} t where t.shop_id = ${shopId}`.execute(app.ctx.database.db);
    out[table] = `${r.rows[0].n}:${r.rows[0].h ?? ''}`;
  }
  return out;
}

/** Tables whose rows change by being read or by time passing. */
export const VOLATILE_TABLES = ['api_tokens', 'agent_status', 'agent_states', 'agent_presence'];

export type Res = { status: number; body: any; raw: string };

export async function send(app: TestApp, o: {
  method: string; url: string; cookie?: string; token?: string; payload?: string | Buffer | object; contentType?: string;
}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (o.cookie) headers.cookie = o.cookie;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.contentType) headers['content-type'] = o.contentType;
  const res = await app.http.inject({ method: o.method as 'GET', url: o.url, headers, ...(o.payload === undefined ? {} : { payload: o.payload }) });
  let body: any;
  try {
    body = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, body, raw: res.body };
}
