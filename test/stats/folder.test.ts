import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsFolder } from '../../src/modules/stats/index.ts';
import { recomputeDay } from '../../src/modules/stats/recompute.ts';
import { chatShop, openAgent, openBuyer, routedTo, say } from '../chat/helpers.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { agentDay, reply, statsOf } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  // This test drives the folds itself.
  await app.stats.folder.stop();
});
afterAll(() => app.close());

const DAY = '2026-11-01';

describe('the folder that keeps the message figures', () => {
  it('counts each message once, whatever folds run at the same time, and goes on where it stopped after a restart', async () => {
    app.clock.set(new Date('2026-11-01T02:00:00Z'));
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, '在吗')).conversation_id;
    await routedTo(shop.owner, cid, { status: 'active', agent_id: agent.id });
    await say(buyer.socket, '这件有货吗');
    app.clock.advance(9_000);
    await reply(agent, cid);

    // Three folders (three nodes) at once: the figures count the messages once.
    const db = app.ctx.database.db;
    await Promise.all([new StatsFolder(db).fold(), new StatsFolder(db).fold(), app.stats.folder.fold()]);
    expect(await agentDay(app, shop.shopId, agent.id, DAY)).toMatchObject({ consulted: 1, received: 1, buyer_msgs: 2, agent_msgs: 1, responses: 1, response_ms: 9_000 });

    // A node that starts afresh knows nothing in memory: it finds nothing left to add, then adds only what is new.
    const restarted = new StatsFolder(db);
    await restarted.fold();
    expect(await agentDay(app, shop.shopId, agent.id, DAY)).toMatchObject({ buyer_msgs: 2, agent_msgs: 1 });
    app.clock.advance(60_000);
    await say(buyer.socket, '好的，拍了');
    app.clock.advance(4_000);
    await reply(agent, cid, '收到');
    await restarted.fold();
    expect(await agentDay(app, shop.shopId, agent.id, DAY)).toMatchObject({ consulted: 1, received: 1, buyer_msgs: 3, agent_msgs: 2, responses: 2, response_ms: 13_000 });

    // And the day rebuilt from the raw rows agrees.
    const kept = await statsOf(app, shop.shopId, DAY);
    await recomputeDay(db, shop.shopId, DAY);
    expect(await statsOf(app, shop.shopId, DAY)).toEqual(kept);
    buyer.socket.close();
    agent.socket.close();
  });

  it('keeps the supervisor board and reports current without waiting for the interval', async () => {
    app.clock.set(new Date('2026-11-01T03:00:00Z'));
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, '在吗')).conversation_id;
    await routedTo(shop.owner, cid, { status: 'active', agent_id: agent.id });
    const board = (await shop.owner.get('/api/supervision/board')).body;
    expect(board.agents.find((a: any) => a.account_id === agent.id).longest_wait).toMatchObject({ conversation_id: cid });
    await reply(agent, cid);
    const report = (await shop.owner.get(`/api/stats/agents?from=${DAY}&to=${DAY}`)).body;
    expect(report.agents.find((a: any) => a.agent_id === agent.id).counters).toMatchObject({ consulted: 1, received: 1 });
    buyer.socket.close();
    agent.socket.close();
  });
});
