import { sql } from 'kysely';
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

  it('folds the conversations just written to, at any moment, to the figures the day rebuilt from raw rows has', async () => {
    app.clock.set(new Date('2026-11-01T04:00:00Z'));
    const shop = await chatShop(app);
    const db = app.ctx.database.db;
    // A worker node's folder that hears this node's writer; it folds only what it is told of, one at a time.
    const recent = new StatsFolder(db, undefined, { intervalMs: 3_600_000, chunk: 1, fullEveryMs: 3_600_000, restFactor: 0 });
    recent.start();
    app.chat.onStored((stored) => recent.touched(stored));
    const kept = async (agentId: number) => (await sql<Record<string, number>>`select buyer_msgs, agent_msgs, responses, response_ms
      from stats_agent_days where shop_id = ${shop.shopId} and agent_id = ${agentId} and day = ${DAY}::date`.execute(db)).rows[0];

    // A buyer leaves a message while nobody is online (folded as waiting), then an agent comes and is given it.
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, '有人吗')).conversation_id;
    expect(await recent.foldTouched()).toMatchObject({ conversations: 1, messages: 1 });
    app.clock.advance(20_000);
    const agent = await openAgent(app, shop);
    await routedTo(shop.owner, cid, { status: 'active', agent_id: agent.id });
    app.clock.advance(5_000);
    await reply(agent, cid);
    await recent.foldTouched();
    // The answer is folded without a full fold: the waiting message went to the agent, answered 5 s after assignment.
    expect(await kept(agent.id)).toMatchObject({ buyer_msgs: 1, agent_msgs: 1, responses: 1, response_ms: 5_000 });
    const other = await openBuyer(app, shop);
    const cid2 = (await say(other.socket, '在吗')).conversation_id;
    await routedTo(shop.owner, cid2, { status: 'active', agent_id: agent.id });
    for (const [who, text] of [[buyer, '红色有吗'], [other, '包邮吗'], [buyer, 'L 码']] as const) {
      app.clock.advance(3_000);
      await say(who.socket, text);
      await recent.foldTouched();
    }
    app.clock.advance(2_000);
    await reply(agent, cid, '有的');
    await reply(agent, cid2, '包邮');
    expect(await recent.foldTouched()).toMatchObject({ conversations: 2, messages: 2 });
    expect(await kept(agent.id)).toMatchObject({ buyer_msgs: 5, agent_msgs: 3, responses: 3 });

    // A full fold finds nothing left, and the day rebuilt from the raw rows agrees.
    const before = await statsOf(app, shop.shopId, DAY);
    await recomputeDay(db, shop.shopId, DAY);
    expect(await statsOf(app, shop.shopId, DAY)).toEqual(before);
    await recent.stop();
    for (const s of [buyer.socket, other.socket, agent.socket]) s.close();
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

  it('spreads a fold on the interval over time, and one that needs the figures meanwhile does not wait for its rests', async () => {
    app.clock.set(new Date('2026-11-01T05:00:00Z'));
    const shop = await chatShop(app);
    const db = app.ctx.database.db;
    // One conversation per statement, resting a million times as long as each took: minutes, unless hurried, even
    // where a statement takes a fraction of a millisecond.
    const paced = new StatsFolder(db, undefined, { intervalMs: 3_600_000, chunk: 1, fullEveryMs: 3_600_000, restFactor: 1_000_000 });
    paced.start();
    app.chat.onStored((stored) => paced.touched(stored));
    const agent = await openAgent(app, shop);
    const buyers = [await openBuyer(app, shop), await openBuyer(app, shop), await openBuyer(app, shop)];
    for (const b of buyers) {
      const cid = (await say(b.socket, '在吗')).conversation_id;
      await routedTo(shop.owner, cid, { status: 'active', agent_id: agent.id });
    }

    const resting = paced.foldTouched({ paced: true });
    const after = (ms: number) => new Promise((resolve) => setTimeout(() => resolve('resting'), ms));
    expect(await Promise.race([resting.then(() => 'done'), after(1500)])).toBe('resting');
    // A report (or the board) folds before it reads: the resting fold ends its rests and the report waits only for it.
    const asked = Date.now();
    await paced.foldTouched();
    expect(await resting).toMatchObject({ conversations: 3, messages: 3 });
    expect(Date.now() - asked).toBeLessThan(5000);

    // Stopping the folder does not wait for the rests either.
    await say(buyers[0].socket, '还在吗');
    await say(buyers[1].socket, '发货了吗');
    const again = paced.foldTouched({ paced: true });
    expect(await Promise.race([again.then(() => 'done'), after(1500)])).toBe('resting');
    const stopping = Date.now();
    await paced.stop();
    expect(await again).toMatchObject({ conversations: 2, messages: 2 });
    expect(Date.now() - stopping).toBeLessThan(5000);
    for (const b of buyers) b.socket.close();
    agent.socket.close();
  });
});
