import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../../src/modules/routing/index.ts';
import type { Hub } from '../../src/realtime/server.ts';
import { newBuyer, newShop, newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const quiet: Hub = { toBuyer() {}, toAgents() {} };

describe('two nodes routing at the same moment', () => {
  it('never puts an agent above its limit nor assigns a conversation twice', async () => {
    const shop = await newShop(app);
    const agents = [];
    for (let i = 0; i < 3; i++) {
      const a = await newSubAccount(app, shop, 'service');
      await ok(a.client.post('/api/routing/status', { status: 'online' }));
      await ok(shop.owner.patch(`/api/routing/agents/${a.id}`, { reception_limit: 4 }));
      agents.push(a);
    }
    const buyers = await Promise.all(Array.from({ length: 8 }, () => newBuyer(app)));
    const db = app.ctx.database.db;
    // Many more conversations than the buyers who signed up through the API: straight into the tables.
    const { rows: extra } = await sql<{ id: number }>`
      insert into buyers (nick, password_hash) select 'race' || ${shop.shopId} || '_' || g, 'x' from generate_series(1, 22) g
      returning id`.execute(db);
    const buyerIds = [...buyers.map((b) => b.id), ...extra.map((b) => b.id)];
    const { rows: convs } = await sql<{ id: number }>`
      insert into conversations (shop_id, buyer_id, buyer_nick, last_seq, last_message_at, last_buyer_message_at)
      select ${shop.shopId}, b.id, b.nick, 1, now(), now() from buyers b where b.id = any(${buyerIds}::bigint[]) order by b.id
      returning id`.execute(db);

    // Two routers stand for two nodes; each is asked for every conversation, interleaved.
    const nodeA = new Router(app.ctx, quiet);
    const nodeB = new Router(app.ctx, quiet);
    await Promise.all(convs.flatMap((c, i) => (i % 2 ? [nodeA.route(shop.shopId, c.id), nodeB.route(shop.shopId, c.id)]
      : [nodeB.route(shop.shopId, c.id), nodeA.route(shop.shopId, c.id)])));

    const { rows: load } = await sql<{ agent_id: number; n: number }>`
      select agent_id, count(*)::int as n from conversations where shop_id = ${shop.shopId} and status = 'active' group by agent_id`.execute(db);
    expect(load.map((l) => l.n).sort()).toEqual([4, 4, 4]);
    const { rows: [counts] } = await sql<{ queued: number; assignments: number; distinct_convs: number }>`
      select (select count(*)::int from conversations where shop_id = ${shop.shopId} and status = 'queued') as queued,
             (select count(*)::int from conversation_assignments where shop_id = ${shop.shopId}) as assignments,
             (select count(distinct conversation_id)::int from conversation_assignments where shop_id = ${shop.shopId}) as distinct_convs`
      .execute(db);
    expect(counts).toEqual({ queued: 18, assignments: 12, distinct_convs: 12 });
    const { rows: seqs } = await sql<{ queue_seq: number }>`
      select queue_seq from conversations where shop_id = ${shop.shopId} and status = 'queued' order by queue_seq`.execute(db);
    expect(new Set(seqs.map((s) => s.queue_seq)).size).toBe(18);
    nodeA.close();
    nodeB.close();
  });

  it('hands an offline agent’s chats over under the same lock: nobody above the limit, no chat twice', async () => {
    const shop = await newShop(app);
    const db = app.ctx.database.db;
    const [leaving, b, c] = [await newSubAccount(app, shop, 'service'), await newSubAccount(app, shop, 'service'), await newSubAccount(app, shop, 'service')];
    await ok(leaving.client.post('/api/routing/status', { status: 'online' }));
    await ok(shop.owner.patch(`/api/routing/agents/${leaving.id}`, { reception_limit: 6 }));
    const buyers = await Promise.all(Array.from({ length: 16 }, () => newBuyer(app)));
    const { rows: convs } = await sql<{ id: number }>`
      insert into conversations (shop_id, buyer_id, buyer_nick, last_seq, last_message_at, last_buyer_message_at)
      select ${shop.shopId}, b.id, b.nick, 1, now(), now() from buyers b where b.id = any(${buyers.map((x) => x.id)}::bigint[]) order by b.id
      returning id`.execute(db);
    const nodeA = new Router(app.ctx, quiet);
    const nodeB = new Router(app.ctx, quiet);
    // The leaving agent serves six; the others come online with room for four each.
    await Promise.all(convs.slice(0, 6).map((x) => nodeA.route(shop.shopId, x.id)));
    for (const agent of [b, c]) {
      await ok(agent.client.post('/api/routing/status', { status: 'online' }));
      await ok(shop.owner.patch(`/api/routing/agents/${agent.id}`, { reception_limit: 4 }));
    }

    // It goes offline while ten new buyers are routed on two nodes at the same moment.
    await Promise.all([
      app.chat.routing.setStatus(shop.shopId, leaving.id, 'offline'),
      ...convs.slice(6).flatMap((x, i) => (i % 2 ? [nodeA.route(shop.shopId, x.id), nodeB.route(shop.shopId, x.id)]
        : [nodeB.route(shop.shopId, x.id), nodeA.route(shop.shopId, x.id)])),
    ]);
    const { rows: active } = await sql<{ agent_id: number; n: number }>`
      select agent_id, count(*)::int as n from conversations where shop_id = ${shop.shopId} and status = 'active' group by agent_id order by agent_id`.execute(db);
    expect(active.map((x) => [x.agent_id, x.n])).toEqual([[b.id, 4], [c.id, 4]]);
    const { rows: [counts] } = await sql<{ queued: number; twice: number; mismatched: number }>`
      select (select count(*)::int from conversations where shop_id = ${shop.shopId} and status = 'queued') as queued,
             (select count(*)::int from (select conversation_id from conversation_assignments where shop_id = ${shop.shopId} and ended_at is null
               group by conversation_id having count(*) > 1) t) as twice,
             (select count(*)::int from conversations c where c.shop_id = ${shop.shopId} and c.status = 'active' and not exists (
               select 1 from conversation_assignments a where a.conversation_id = c.id and a.ended_at is null and a.agent_id = c.agent_id)) as mismatched`
      .execute(db);
    expect(counts).toEqual({ queued: 8, twice: 0, mismatched: 0 });
    // Each of the six got its system message, in order after the buyer's first message.
    const { rows: told } = await sql<{ seq: number }>`
      select seq from messages where conversation_id = any(${convs.slice(0, 6).map((x) => x.id)}::bigint[]) and kind = 'system'`.execute(db);
    expect(told.map((x) => Number(x.seq))).toEqual([2, 2, 2, 2, 2, 2]);
    nodeA.close();
    nodeB.close();
  });
});
