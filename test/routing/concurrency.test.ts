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
      select ${shop.shopId}, id, 'b', 1, now(), now() from unnest(${buyerIds}::bigint[]) id returning id`.execute(db);

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
});
