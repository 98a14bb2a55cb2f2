import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatShop, conversation, openAgent, openBuyer, routedTo, say } from '../chat/helpers.ts';
import { newBuyer, newItem, newSubAccount, ok, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { refused } from '../trades/helpers.ts';
import { pay, reply } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const DAY = '2026-11-01';
const range = `from=${DAY}&to=${DAY}`;

/** A shop where one agent served a buyer who paid 250.00, and a buyer paid 250.00 without a word (静默). */
async function servedShop() {
  app.clock.set(new Date('2026-11-01T02:00:00Z'));
  const shop = await chatShop(app);
  const item = await newItem(shop, 50);
  const agent = await openAgent(app, shop);
  const buyer = await openBuyer(app, shop);
  const cid = (await say(buyer.socket, '在吗')).conversation_id;
  await routedTo(shop.owner, cid, { status: 'active', agent_id: agent.id });
  app.clock.advance(12_000);
  await reply(agent, cid);
  await pay(buyer, await placeTrade(shop, buyer, item));
  const silent = await newBuyer(app);
  await pay(silent, await placeTrade(shop, silent, item));
  return { shop, item, agent, buyer, cid };
}

describe('stats API', () => {
  it('shows every figure with its definition; the team to a supervisor, only their own to an agent', async () => {
    const { shop, agent, buyer } = await servedShop();
    const teammate = await newSubAccount(app, shop, 'service');
    const defs = await ok(agent.client.get('/api/stats/definitions'));
    expect(defs.metrics.map((m: any) => m.name)).toEqual(['咨询人数', '接待人数', '询单人数', '下单人数', '付款人数', '询单转化率',
      '客服销售额', '客单价', '客件数', '首次响应时间', '平均响应时间', '回复率', '答问比', '满意度', '退款率']);
    expect(defs.metrics.every((m: any) => m.definition && m.definition_en)).toBe(true);

    const supervisor = await newSubAccount(app, shop, 'supervisor');
    const team = await ok(supervisor.client.get(`/api/stats/agents?${range}`));
    const line = team.agents.find((a: any) => a.agent_id === agent.id);
    expect(line.figures).toMatchObject({
      consulted: 1, received: 1, inquired: 1, ordered_buyers: 1, paid_buyers: 1, conversion_rate: 1, sales: 25000,
      avg_order_value: 25000, items_per_buyer: 3, first_response_s: 12, avg_response_s: 12, reply_rate: 1, answer_ratio: 1,
      satisfaction: null, refund_rate: 0,
    });
    // Accounts that receive chats are listed even without figures.
    expect(team.agents.find((a: any) => a.agent_id === teammate.id).figures.consulted).toBe(0);
    expect(team.team.counters.sales).toBe(25000);

    const own = await ok(agent.client.get(`/api/stats/agents?${range}`));
    expect(own.agents.map((a: any) => a.agent_id)).toEqual([agent.id]);
    expect(own.team).toBeNull();
    expect((await ok(agent.client.get(`/api/stats/agents/${agent.id}/days?${range}`))).days).toEqual([
      expect.objectContaining({ day: DAY, figures: expect.objectContaining({ sales: 25000 }) }),
    ]);
    await refused(teammate.client.get(`/api/stats/agents/${agent.id}/days?${range}`), 403, 'PERMISSION_DENIED');
    await refused(agent.client.get(`/api/stats/shop?${range}`), 403, 'PERMISSION_DENIED');
    // Another shop sees none of it.
    const stranger = await chatShop(app);
    expect((await ok(stranger.owner.get(`/api/stats/agents?${range}`))).team.counters.sales).toBe(0);
    await refused(stranger.owner.get(`/api/stats/agents/${agent.id}/days?${range}`), 404, 'ACCOUNT_NOT_FOUND');
    buyer.socket.close();
    agent.socket.close();
  });

  it('reports the shop: sales, trades, buyers, silent sales, per day and per product', async () => {
    const { shop, item, agent, buyer } = await servedShop();
    const report = await ok(shop.owner.get(`/api/stats/shop?from=2026-10-31&to=${DAY}`));
    expect(report.days.map((d: any) => d.day)).toEqual(['2026-10-31', DAY]);
    expect(report.totals).toMatchObject({
      trades: 2, paid_trades: 2, sales: 50000, agent_sales: 25000, silent_sales: 25000, items: 6, paid_buyers: 2, ordered_buyers: 2,
      avg_order_value: 25000,
    });
    const products = await ok(shop.owner.get(`/api/stats/products?${range}`));
    expect(products.products).toEqual([{ num_iid: item.num_iid, title: '纯棉T恤', paid_trades: 2, items: 6, sales: 50000 }]);
    buyer.socket.close();
    agent.socket.close();
  });

  it('exports the team report as CSV only with the export permission', async () => {
    const { shop, agent, buyer } = await servedShop();
    const res = await app.http.inject({ method: 'GET', url: `/api/stats/agents.csv?${range}`, headers: { cookie: shop.owner.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toMatch(/^客服,账号,咨询人数,接待人数,询单人数,下单人数,付款人数,询单转化率,客服销售额\(元\)/);
    expect(lines.find((l) => l.includes(agent.login))).toContain(',250.00,');
    expect(lines.at(-1)).toMatch(/^合计/);
    const supervisorNoExport = await newSubAccount(app, shop, 'supervisor', { permissions: ['trade.view', 'suspend.approve'] });
    await refused(supervisorNoExport.client.get(`/api/stats/agents.csv?${range}`), 403, 'PERMISSION_DENIED');
    await refused(agent.client.get(`/api/stats/agents.csv?${range}`), 403, 'PERMISSION_DENIED');
    buyer.socket.close();
    agent.socket.close();
  });

  it('refuses bad ranges and months with a clear 400', async () => {
    const shop = await chatShop(app);
    await refused(shop.owner.get('/api/stats/agents?from=2026-11-02&to=2026-11-01'), 400, 'BAD_TIME_RANGE');
    await refused(shop.owner.get('/api/stats/agents?from=2026-02-30&to=2026-03-01'), 400, 'BAD_DAY');
    await refused(shop.owner.get('/api/stats/agents?from=2020-01-01&to=2026-03-01'), 400, 'RANGE_TOO_LONG');
    await refused(shop.owner.get('/api/stats/scores?month=2026-13'), 400, 'BAD_MONTH');
    await refused(shop.owner.get('/api/stats/leaderboard?metric=nope'), 400);
  });

  it('ranks agents, and scores the month against weighted targets set with a version', async () => {
    const { shop, agent, buyer } = await servedShop();
    const idle = await newSubAccount(app, shop, 'service');
    const board = await ok(idle.client.get(`/api/stats/leaderboard?${range}&metric=sales`));
    expect(board.ranking.slice(0, 2)).toEqual([
      expect.objectContaining({ rank: 1, agent_id: agent.id, value: 25000 }), expect.objectContaining({ rank: 2, value: 0 }),
    ]);
    const fastest = await ok(idle.client.get(`/api/stats/leaderboard?${range}&metric=first_response_s`));
    expect(fastest.ranking[0]).toMatchObject({ agent_id: agent.id, value: 12 });
    expect(fastest.ranking.at(-1).value).toBeNull();

    const targets = [{ metric: 'sales', target: 50000, weight: 60 }, { metric: 'first_response_s', target: 6, weight: 40 }];
    await refused(agent.client.post('/api/stats/targets', { month: '2026-11', targets, version: 0 }), 403, 'PERMISSION_DENIED');
    await refused(shop.owner.post('/api/stats/targets', { month: '2026-11', targets: [targets[0], targets[0]], version: 0 }), 400, 'KPI_METRIC_TWICE');
    await refused(shop.owner.post('/api/stats/targets', { month: '2026-11', targets: [{ metric: 'reply_rate', target: 2, weight: 10 }], version: 0 }), 400, 'BAD_KPI_TARGET');
    await refused(shop.owner.post('/api/stats/targets', { month: '2026-11', targets: [{ metric: 'sales', target: 1, weight: 0 }], version: 0 }), 400, 'BAD_KPI_WEIGHT');

    // Two supervisors save at once from the same version: one wins, the other is told to reload.
    const supervisor = await newSubAccount(app, shop, 'supervisor');
    const results = await Promise.all([
      shop.owner.post('/api/stats/targets', { month: '2026-11', targets, version: 0 }),
      supervisor.client.post('/api/stats/targets', { month: '2026-11', targets: [targets[0]], version: 0 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('KPI_TARGETS_CHANGED');
    const winner = results.find((r) => r.status === 200)!.body;
    expect(winner.version).toBe(1);
    await ok(shop.owner.post('/api/stats/targets', { month: '2026-11', targets, version: 1 }));

    const scores = await ok(supervisor.client.get('/api/stats/scores?month=2026-11'));
    // Sales 25,000 of 50,000 → 50 %; first response 12 s against 6 s → 50 %: 0.6 × 50 + 0.4 × 50.
    expect(scores.agents[0]).toMatchObject({ agent_id: agent.id, score: 50 });
    expect(scores.agents[0].parts).toEqual([
      { metric: 'sales', actual: 25000, target: 50000, weight: 60, achievement: 0.5 },
      { metric: 'first_response_s', actual: 12, target: 6, weight: 40, achievement: 0.5 },
    ]);
    expect(scores.agents.find((a: any) => a.agent_id === idle.id).score).toBe(0);
    await refused(agent.client.get('/api/stats/scores?month=2026-11'), 403, 'PERMISSION_DENIED');
    buyer.socket.close();
    agent.socket.close();
  });

  it("credits a trade by the shop's rule: 付款 gives it to the agent who served last before payment", async () => {
    app.clock.set(new Date('2026-11-01T02:00:00Z'));
    const shop = await chatShop(app);
    const item = await newItem(shop, 20);
    await refused(shop.owner.patch('/api/stats/settings', { attribution_days: 1 }), 400);
    const { settings } = await ok(shop.owner.get('/api/stats/settings'));
    expect(settings).toEqual({ attribution_days: 3, attribution_rule: 'order_first', version: 1 });
    expect((await ok(shop.owner.patch('/api/stats/settings', { attribution_rule: 'payment', version: 1 }))).settings)
      .toMatchObject({ attribution_rule: 'payment', version: 2 });
    await refused(shop.owner.patch('/api/stats/settings', { attribution_days: 5, version: 1 }), 409, 'STATS_SETTINGS_CHANGED');

    const first = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, '想买')).conversation_id;
    await routedTo(shop.owner, cid, { status: 'active', agent_id: first.id });
    await reply(first, cid);
    const tid = await placeTrade(shop, buyer, item);
    const second = await openAgent(app, shop);
    await ok(first.client.post(`/api/conversations/${cid}/transfer`, { to_agent_id: second.id }));
    expect((await conversation(shop.owner, cid)).agent_id).toBe(second.id);
    app.clock.advance(60_000);
    await reply(second, cid, '已为您改好地址');
    await pay(buyer, tid);
    const team = (await ok(shop.owner.get(`/api/stats/agents?${range}`))).agents;
    expect(team.find((a: any) => a.agent_id === first.id).counters).toMatchObject({ ordered_buyers: 1, paid_buyers: 0, sales: 0 });
    expect(team.find((a: any) => a.agent_id === second.id).counters).toMatchObject({ ordered_buyers: 0, paid_buyers: 1, sales: 25000 });
    for (const s of [buyer, first, second]) s.socket.close();
  });
});
