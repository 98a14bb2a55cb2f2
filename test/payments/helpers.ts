import type { BusEvent } from '../../src/bus/bus.ts';
import { signedHeaders } from '../../src/modules/payments/index.ts';
import type { TestApp } from '../support/harness.ts';

/** Every event published on the app's bus from now on, in order; `of(type)` filters by type. */
export function recordEvents(app: TestApp) {
  const seen: BusEvent[] = [];
  app.ctx.bus.subscribe((e) => void seen.push(e));
  return {
    seen,
    of: (type: string) => seen.filter((e) => e.type === type),
    clear: () => void seen.splice(0),
  };
}

/**
 * A POST as an outside party sends it: the JSON text exactly as signed, the timestamp and signature headers
 * (`secret` null sends none, `tamper` changes the body after signing).
 */
export async function signedPost(
  app: TestApp, url: string, secret: string | null, body: unknown,
  opts: { at?: Date; tamper?: (text: string) => string } = {},
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = secret ? signedHeaders(secret, text, opts.at ?? app.clock.now()) : { 'content-type': 'application/json' };
  const res = await app.http.inject({ method: 'POST', url, headers, payload: opts.tamper ? opts.tamper(text) : text });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

/** Rows of a table for one trade, for "nothing changed" checks beyond the trade's own snapshot. */
export async function rowsOf(app: TestApp, table: 'bank_transfers' | 'bank_transfer_notices' | 'payment_notifications' | 'escrow_payments', tid: number) {
  return app.ctx.database.db.selectFrom(table).selectAll().where('tid', '=', tid).execute();
}
