import { sql } from 'kysely';
import { expect } from 'vitest';
import type { TestApp } from '../support/harness.ts';
import { ok } from '../support/factories.ts';
import type { TestSocket } from '../support/sockets.ts';

let n = 0;
/** An agent's text message in a conversation it serves, acknowledged. */
export async function reply(agent: { socket: TestSocket }, conversationId: number, text = '您好，在的') {
  const ack = await agent.socket.ask('message:send', { conversation_id: conversationId, kind: 'text', client_msg_id: `r${n++}`, text });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return ack.message;
}

export async function pay(buyer: { client: { post(url: string, body?: unknown): Promise<{ status: number; body: any }> } }, tid: number) {
  return ok(buyer.client.post(`/api/buyer/trades/${tid}/pay`, {}));
}

/** Everything the triggers keep for a shop's day, in a stable order, without rows that count nothing. */
export async function statsOf(app: TestApp, shopId: number, day: string) {
  await app.stats.folder.fold();
  const db = app.ctx.database.db;
  const rows = async (table: string, order: string) =>
    (await sql<Record<string, unknown>>`select * from ${sql.table(table)} where shop_id = ${shopId} and day = ${day}::date
      order by ${sql.raw(order)}`.execute(db)).rows.map((r): Record<string, unknown> => ({ ...r, day }))
      .filter((r) => Object.entries(r).some(([k, v]) => !['shop_id', 'day', 'agent_id', 'buyer_id', 'num_iid'].includes(k)
        && v !== 0 && v !== false && v !== null && v !== '0'));
  return {
    contacts: await rows('stats_contacts', 'agent_id, buyer_id'),
    agents: await rows('stats_agent_days', 'agent_id'),
    shop: await rows('stats_shop_days', 'day'),
    buyers: await rows('stats_buyer_days', 'buyer_id'),
    products: await rows('stats_product_days', 'num_iid'),
  };
}

export async function agentDay(app: TestApp, shopId: number, agentId: number, day: string) {
  await app.stats.folder.fold();
  const { rows } = await sql<Record<string, number>>`select * from stats_agent_days where shop_id = ${shopId} and agent_id = ${agentId}
    and day = ${day}::date`.execute(app.ctx.database.db);
  return rows[0];
}
