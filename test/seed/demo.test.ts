import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { DEFAULT_MAX_DISCOUNT_PCT, DEFAULT_PERMISSIONS, type SubRole } from '../../src/modules/accounts/index.ts';
import { calculatePostage } from '../../src/modules/logistics/index.ts';
import { CLOSE_REASONS, TRADE_STATUSES } from '../../src/modules/trades/rules.ts';
import { DEMO_PASSWORD, seedDemo, type DemoLogin } from '../../src/seed/demo.ts';
import { demoKnowledgeEntries } from '../../src/seed/knowledge-demo.ts';
import { DEFAULT_SHIPPING_TEMPLATE } from '../../src/seed/shop.ts';
import { Client } from '../support/client.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { connect, listen } from '../support/sockets.ts';

/*
 * Far in the future, so that the demo's timers are never due for another test's timer runner
 * (the test database is shared, and a runner fires every due timer in it).
 */
const NOW = new Date('2091-06-01T12:00:00Z');

let app: TestApp;
let logins: DemoLogin[];
const db = () => app.ctx.database.db;

beforeAll(async () => {
  app = await createTestApp();
  logins = await seedDemo(app.ctx.database, { now: NOW });
});
afterAll(() => app.close());

/** What the demo put in the database, shop by shop: enough to see that a second run adds nothing. */
async function footprint() {
  const { rows } = await sql<Record<string, number>>`
    select s.name,
      (select count(*)::int from accounts a where a.shop_id = s.id) as accounts,
      (select count(*)::int from products p where p.shop_id = s.id) as products,
      (select count(*)::int from skus k where k.shop_id = s.id) as skus,
      (select count(*)::int from shipping_templates t where t.shop_id = s.id) as templates,
      (select count(*)::int from trades t where t.shop_id = s.id) as trades,
      (select count(*)::int from orders o where o.shop_id = s.id) as orders,
      (select count(*)::int from jobs j where j.shop_id = s.id) as jobs,
      (select count(*)::int from audit_log l where l.shop_id = s.id) as audit,
      (select count(*)::int from buyers b where b.nick in ('买家小王', '买家小李')) as buyers,
      (select count(*)::int from reply_groups g where g.shop_id = s.id) as reply_groups,
      (select count(*)::int from quick_replies q where q.shop_id = s.id) as replies,
      (select count(*)::int from conversations c where c.shop_id = s.id) as conversations,
      (select count(*)::int from messages m where m.shop_id = s.id) as messages,
      (select count(*)::int from conversation_assignments a where a.shop_id = s.id) as assignments,
      (select count(*)::int from knowledge_entries k where k.shop_id = s.id) as knowledge
    from shops s where s.name in ('demo', 'tmall-demo') order by s.name`.execute(db());
  return rows;
}

const demoTrades = (shop: string) =>
  db().selectFrom('trades').innerJoin('shops', 'shops.id', 'trades.shop_id').selectAll('trades')
    .where('shops.name', '=', shop).orderBy('tid').execute();

describe('the demo seed', () => {
  it('is idempotent: a second run changes nothing and returns the same log-ins', async () => {
    const before = await footprint();
    expect(before.map((r) => r.name)).toEqual(['demo', 'tmall-demo']);
    expect(await seedDemo(app.ctx.database, { progress: false, now: new Date(NOW.getTime() + DAY) })).toEqual(logins);
    expect(await footprint()).toEqual(before);
    expect(before[0]).toMatchObject({ accounts: 5, buyers: 2, templates: 1 });
    expect(before[1]).toMatchObject({ accounts: 2, templates: 1 });
    expect(before[0]).toMatchObject({ knowledge: demoKnowledgeEntries().length, conversations: 4 });
    expect(before[0].replies).toBeGreaterThanOrEqual(20);
    expect(before[1].replies).toBeGreaterThanOrEqual(3);
  });

  it('names the log-ins of the spec, and every one of them logs in with the demo password', async () => {
    const expected = [
      ['demo', 'owner'], ['demo:小美', 'service'], ['demo:阿强', 'warehouse'], ['demo:小林', 'aftersales'],
      ['demo:主管', 'supervisor'], ['tmall-demo', 'owner'], ['tmall-demo:客服', 'service'],
    ];
    for (const [account, role] of expected) expect(logins).toContainEqual(expect.objectContaining({ account, role }));
    expect(DEMO_PASSWORD).toBe('demo1234');

    for (const login of logins) {
      const client = new Client(app.http);
      const res = login.role === 'buyer'
        ? await client.post('/api/buyer/login', { nick: login.account, password: DEMO_PASSWORD })
        : await client.post('/api/auth/login', { account: login.account, password: DEMO_PASSWORD });
      expect(res.status, `${login.account}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    const shops = await db().selectFrom('shops').select(['name', 'type']).where('name', 'in', ['demo', 'tmall-demo'])
      .orderBy('name').execute();
    expect(shops).toEqual([{ name: 'demo', type: 'C' }, { name: 'tmall-demo', type: 'B' }]);
  });

  it('gives sub-accounts the default permissions and maximum discount of their role', async () => {
    const accounts = await db().selectFrom('accounts').innerJoin('shops', 'shops.id', 'accounts.shop_id')
      .select(['login', 'role', 'is_main', 'permissions', 'max_discount_pct'])
      .where('shops.name', 'in', ['demo', 'tmall-demo']).execute();
    for (const a of accounts) {
      if (a.is_main) {
        expect(a.role).toBe('owner');
        continue;
      }
      expect(a.permissions, a.login).toEqual(DEFAULT_PERMISSIONS[a.role as SubRole]);
      expect(a.max_discount_pct, a.login).toBe(DEFAULT_MAX_DISCOUNT_PCT[a.role as SubRole]);
    }
  });

  it('has products with real knowledge text: a toy not for infants, a size chart, care and usage', async () => {
    const products = await db().selectFrom('products').innerJoin('shops', 'shops.id', 'products.shop_id')
      .selectAll('products').where('shops.name', '=', 'demo').execute();
    expect(products.length).toBeGreaterThanOrEqual(4);
    expect(products.find((p) => p.title.includes('积木'))?.not_suitable_for).toContain('3岁以下');
    expect(products.find((p) => p.title.includes('T恤'))?.size_chart).toMatch(/胸围/);
    for (const p of products) {
      for (const field of ['material', 'usage', 'care', 'suitable_for', 'not_suitable_for'] as const) {
        expect(p[field].length, `${p.title} ${field}`).toBeGreaterThan(4);
      }
    }
  });

  it('has trades in every status, worked through the use cases: audit rows, flags, timers and escrow', async () => {
    const trades = await demoTrades('demo');
    expect(trades.length).toBeGreaterThanOrEqual(12);
    const statuses = new Set(trades.map((t) => t.status));
    for (const s of TRADE_STATUSES.filter((s) => s !== 'TRADE_CLOSED')) expect(statuses, s).toContain(s);

    const paid = trades.filter((t) => t.status === 'WAIT_SELLER_SEND_GOODS');
    expect(paid.map((t) => t.flag)).toEqual(expect.arrayContaining([1, 5]));
    expect(paid.filter((t) => t.flag !== 0).every((t) => t.memo.length > 0)).toBe(true);

    const extended = trades.filter((t) => t.status === 'WAIT_BUYER_CONFIRM_GOODS' && t.receive_delay_days > 0);
    expect(extended).toHaveLength(1);
    const timer = await db().selectFrom('jobs').selectAll().where('kind', '=', 'trade.auto_finish')
      .where('key', '=', String(extended[0].tid)).executeTakeFirstOrThrow();
    expect(timer.done_at).toBeNull();
    expect(new Date(timer.run_at).getTime())
      .toBe(new Date(extended[0].consign_time!).getTime() + (10 + extended[0].receive_delay_days) * DAY);

    for (const t of trades.filter((t) => t.status === 'TRADE_CLOSED_BY_TAOBAO')) {
      expect(CLOSE_REASONS).toContain(t.close_reason);
    }
    for (const t of trades.filter((t) => t.status === 'WAIT_BUYER_PAY')) {
      const close = await db().selectFrom('jobs').selectAll().where('kind', '=', 'trade.auto_close')
        .where('key', '=', String(t.tid)).executeTakeFirstOrThrow();
      expect(close.done_at).toBeNull();
      // Still unpaid, so placed less than the shop's limit ago: the timer has not fired yet.
      expect(new Date(close.run_at).getTime()).toBe(new Date(t.created).getTime() + 24 * 3_600_000);
    }

    const audit = await db().selectFrom('audit_log').select(['entity_id', 'action'])
      .where('entity', '=', 'trade').where('entity_id', 'in', trades.map((t) => String(t.tid))).execute();
    for (const t of trades) expect(audit, String(t.tid)).toContainEqual({ entity_id: String(t.tid), action: 'trade.add' });
    const actions = new Set(audit.map((a) => a.action));
    for (const a of ['trade.pay', 'logistics.offline.send', 'trade.memo.update', 'trade.receivetime.delay', 'trade.confirm',
      'trade.auto_finish', 'trade.auto_close', 'trade.close', 'trade.price.update']) expect(actions, a).toContain(a);

    const escrow = await db().selectFrom('escrow_payments').select(['tid', 'status'])
      .where('tid', 'in', trades.map((t) => t.tid)).execute();
    const escrowOf = new Map(escrow.map((e) => [e.tid, e.status]));
    for (const t of trades) {
      if (t.status === 'TRADE_FINISHED') expect(escrowOf.get(t.tid), String(t.tid)).toBe('released');
      if (t.status === 'WAIT_SELLER_SEND_GOODS' || t.status === 'WAIT_BUYER_CONFIRM_GOODS') expect(escrowOf.get(t.tid)).toBe('held');
    }
  });

  it('charges postage from the default template, dearer in remote provinces, free from 99 yuan elsewhere', async () => {
    const template = await db().selectFrom('shipping_templates').innerJoin('shops', 'shops.id', 'shipping_templates.shop_id')
      .selectAll('shipping_templates').where('shops.name', '=', 'demo').executeTakeFirstOrThrow();
    expect(template).toMatchObject({ first_weight_g: 1000, first_fee: 800, additional_weight_g: 500, additional_fee: 400,
      free_threshold: 9900, is_default: true });
    expect(template.region_fees).toEqual(DEFAULT_SHIPPING_TEMPLATE.region_fees);
    const trades = await demoTrades('demo');
    const remote = trades.find((t) => t.receiver_state.startsWith('新疆') && t.total_fee < 9900)!;
    expect(remote.post_fee).toBe(calculatePostage(DEFAULT_SHIPPING_TEMPLATE, { weightG: 350, itemsTotal: remote.total_fee, state: '新疆' }));
    expect(remote.post_fee).toBeGreaterThan(800);
    const remoteStates = DEFAULT_SHIPPING_TEMPLATE.region_fees.flatMap((r) => r.states);
    const free = trades.filter((t) => t.total_fee >= 9900 && t.status !== 'TRADE_CLOSED_BY_TAOBAO'
      && !remoteStates.some((s) => t.receiver_state.startsWith(s)));
    expect(free.length).toBeGreaterThan(0);
    expect(free.every((t) => t.post_fee === 0)).toBe(true);
  });

  it('gives the mall shop its own trades, with item prices it may not change', async () => {
    const trades = await demoTrades('tmall-demo');
    expect(trades.length).toBeGreaterThanOrEqual(4);
    const actions = await db().selectFrom('audit_log').select('action').where('entity', '=', 'trade')
      .where('entity_id', 'in', trades.map((t) => String(t.tid))).execute();
    expect(actions.map((a) => a.action)).not.toContain('trade.price.update');
  });
});

describe('the demo after-sales desk', () => {
  it('has refunds in each state, made through the rules: deadlines, the green flag, the escrow paid back once', async () => {
    const xiaolin = await logIn('demo:小林');
    const { refunds } = (await xiaolin.get('/api/refunds?page_size=100')).body;
    const byStatus = new Map<string, any>(refunds.map((r: any) => [r.status, r]));
    for (const s of ['WAIT_SELLER_AGREE', 'WAIT_BUYER_RETURN_GOODS', 'WAIT_SELLER_CONFIRM_GOODS', 'SELLER_REFUSE_BUYER', 'SUCCESS']) {
      expect(byStatus.has(s), s).toBe(true);
    }
    // The queue comes by deadline, and every open refund waits for someone until a time still ahead.
    const open = refunds.filter((r: any) => r.timeout !== null);
    expect(open.map((r: any) => r.timeout)).toEqual([...open.map((r: any) => r.timeout)].sort());
    expect(open.every((r: any) => new Date(r.timeout).getTime() > NOW.getTime())).toBe(true);
    expect(byStatus.get('WAIT_SELLER_AGREE').allowed_actions).toEqual(expect.arrayContaining(['agree', 'refuse']));
    const returned = byStatus.get('WAIT_SELLER_CONFIRM_GOODS');
    expect(returned.good_received_time).not.toBeNull();
    expect(returned.allowed_actions).toEqual(['returngoods_confirm']);
    const trade = (await xiaolin.get(`/api/trades/${returned.tid}`)).body.trade;
    expect(trade).toMatchObject({ flag: 3, memo: expect.stringContaining('[退货已收到]') });

    const paid = byStatus.get('SUCCESS');
    const escrow = await db().selectFrom('escrow_payments').selectAll().where('tid', '=', paid.tid).executeTakeFirstOrThrow();
    expect(escrow).toMatchObject({ status: 'held', refunded: paid.refund_fee });
  });

  it('has a bad review being followed up and a neutral one resolved, in the last 30 days statistics', async () => {
    const xiaolin = await logIn('demo:小林');
    const active = (await xiaolin.get('/api/review-followups')).body.followups;
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ status: 'contacted', result: 'bad', contacts: 1 });
    const closed = (await xiaolin.get('/api/review-followups?status=closed')).body.followups;
    expect(closed[0]).toMatchObject({ outcome: 'resolved', result: 'neutral' });
    const stats = (await xiaolin.get(`/api/reviews/stats?end=${NOW.toISOString()}`)).body;
    expect(stats.totals).toMatchObject({ good: 1, neutral: 1, bad: 1, total: 3 });
  });
});

const logIn = async (account: string) => {
  const client = new Client(app.http);
  const res = await client.post('/api/auth/login', { account, password: DEMO_PASSWORD });
  expect(res.status).toBe(200);
  return client;
};

describe('the demo team at work', () => {
  it('has team quick replies in four groups with variables, and personal ones that only their agent sees', async () => {
    const xiaomei = await logIn('demo:小美');
    const list = (await xiaomei.get('/api/replies')).body;
    const team = list.groups.filter((g: any) => g.scope === 'team');
    expect(team.map((g: any) => g.name)).toEqual(['问候', '发货物流', '售后', '结束语']);
    expect(team.reduce((n: number, g: any) => n + g.replies.length, 0)).toBeGreaterThanOrEqual(20);
    const texts = team.flatMap((g: any) => g.replies.map((r: any) => r.text)).join('');
    for (const v of ['{买家}', '{订单号}', '{运单号}', '{客服}']) expect(texts).toContain(v);
    expect(list.groups.filter((g: any) => g.scope === 'personal').map((g: any) => g.name)).toEqual(['我的常用']);

    const aqiang = await logIn('demo:阿强');
    expect((await aqiang.get('/api/replies')).body.groups.every((g: any) => g.scope === 'team')).toBe(true);
    const mall = (await (await logIn('tmall-demo:客服')).get('/api/replies')).body;
    expect(mall.total).toBeGreaterThanOrEqual(3);
    expect(mall.replies.map((r: any) => r.text).join('')).not.toContain('小二优选');
  });

  it('fills a phrase from a demo conversation: the buyer, the agent, the latest trade', async () => {
    const xiaomei = await logIn('demo:小美');
    const phrase = (await xiaomei.get('/api/replies?q=%2Fhi')).body.replies.find((r: any) => r.code === '/hi');
    const conversation = await db().selectFrom('conversations').innerJoin('shops', 'shops.id', 'conversations.shop_id')
      .select('conversations.id').where('shops.name', '=', 'demo').where('buyer_nick', '=', '买家小王').executeTakeFirstOrThrow();
    const res = await xiaomei.post(`/api/replies/${phrase.id}/use`, { conversation_id: conversation.id });
    expect(res.body).toMatchObject({ missing: [], text: '买家小王您好，欢迎光临小二优选生活馆，我是客服小美，很高兴为您服务～' });
  });

  it('has the knowledge base, and suggests from it', async () => {
    const owner = await logIn('demo');
    const res = await owner.get(`/api/knowledge/suggest?q=${encodeURIComponent('能发顺丰吗')}&limit=1`);
    expect(res.body.suggestions[0]).toMatchObject({ question: '可以发顺丰吗' });
  });

  it("has past chats with 小美, ended, in order, each agent line filled; and one 留言 waiting for an agent", async () => {
    const conversations = await db().selectFrom('conversations').innerJoin('shops', 'shops.id', 'conversations.shop_id')
      .selectAll('conversations').where('shops.name', '=', 'demo').orderBy('conversations.id').execute();
    const xiaomei = await db().selectFrom('accounts').select('id').where('login', '=', 'demo:小美').executeTakeFirstOrThrow();
    const ended = conversations.filter((c) => c.status === 'ended');
    expect(ended.map((c) => c.buyer_nick)).toEqual(expect.arrayContaining(['买家小王', '买家小李']));
    for (const c of ended) {
      expect(c).toMatchObject({ agent_id: null, last_agent_id: xiaomei.id, route_pending: false });
      expect(Number(c.agent_read_seq)).toBe(Number(c.last_seq));
    }
    const waiting = conversations.filter((c) => c.status === 'waiting');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ agent_id: null, route_pending: false, situation: 'unshipped' });
    expect(waiting[0].queue_seq).not.toBeNull();
    expect(new Date(waiting[0].last_buyer_message_at!).getTime()).toBeLessThan(NOW.getTime());

    const messages = await db().selectFrom('messages').selectAll().where('conversation_id', 'in', conversations.map((c) => c.id))
      .orderBy('conversation_id').orderBy('seq').execute();
    for (const c of conversations) {
      const own = messages.filter((m) => m.conversation_id === c.id);
      expect(own.map((m) => Number(m.seq))).toEqual(own.map((_, i) => i + 1));
      expect(Number(c.last_seq)).toBe(own.length);
      const times = own.map((m) => new Date(m.created_at).getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
    const agentTexts = messages.filter((m) => m.sender_kind === 'agent').map((m) => (m.body as { text: string }).text);
    expect(agentTexts.length).toBeGreaterThan(5);
    expect(agentTexts.join('')).not.toMatch(/\{(买家|订单号|运单号|客服)\}/);
    expect(agentTexts.join('')).toContain('78645120039871');
    const sessions = await db().selectFrom('conversation_assignments').selectAll()
      .where('conversation_id', 'in', ended.map((c) => c.id)).execute();
    expect(sessions.length).toBeGreaterThanOrEqual(ended.length);
    expect(sessions.every((s) => s.agent_id === xiaomei.id && s.ended_at !== null)).toBe(true);
  });

  it('routes the waiting message to 小美 as soon as she comes online', async () => {
    const base = await listen(app);
    const xiaomei = await logIn('demo:小美');
    const waiting = await db().selectFrom('conversations').select(['id', 'buyer_nick']).where('status', '=', 'waiting')
      .where('buyer_nick', '=', '学生党小雨').executeTakeFirstOrThrow();
    const socket = await connect(base, '/agent', xiaomei.cookie);
    try {
      const assigned = await socket.next('conversation:assigned', (e) => e.conversation.id === waiting.id);
      expect(assigned.conversation).toMatchObject({ buyer_nick: '学生党小雨', status: 'active' });
    } finally {
      socket.close();
    }
  });
});
