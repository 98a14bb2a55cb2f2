import { tmpdir } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { uniqueName } from '../support/harness.ts';
import { clientId, connect, type TestSocket } from '../support/sockets.ts';
import { hasChromium, launchBrowser, newContext, screenshot } from './support/browser.ts';
import { PASSWORD, RECEIVER, seedShop } from './support/data.ts';
import { startWebServer, type WebServer } from './support/server.ts';
import { logIn, pickOption } from './support/ui.ts';

async function must(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The figures are per day of the shop (Asia/Shanghai): a script started just before midnight waits for the new day. */
async function clearOfMidnight() {
  const shanghai = new Date(Date.now() + 8 * 3600_000);
  const left = 86_400_000 - (shanghai.getTime() % 86_400_000);
  if (left < 180_000) await new Promise((r) => setTimeout(r, left + 5000));
}

describe.skipIf(!hasChromium && !process.env.CI)("the supervisor's statistics and live team board in the browser", () => {
  let server: WebServer;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof seedShop>>;
  let lead: Page;
  const contexts: BrowserContext[] = [];
  const sockets: TestSocket[] = [];
  type Agent = { client: Client; socket: TestSocket; id: number };
  let a: Agent; // 小美
  let b: Agent; // 小新
  const buyers: Record<string, { client: Client; socket: TestSocket; nick: string; cid?: number }> = {};
  const tids: Record<string, number> = {};

  async function open(): Promise<Page> {
    const context = await newContext(browser, server.url);
    contexts.push(context);
    return context.newPage();
  }

  async function agent(login: string): Promise<Agent> {
    const client = new Client(server.app.http);
    await must(client.post('/api/auth/login', { account: login, password: PASSWORD }));
    const socket = await connect(server.url, '/agent', client.cookie);
    sockets.push(socket);
    return { client, socket, id: (await must(client.get('/api/auth/me'))).account.id };
  }

  /** A buyer with the shop's chat open, who says something; resolves once the conversation is served by `by`. */
  async function buyerSays(key: string, text: string, by: Agent) {
    const client = new Client(server.app.http);
    const nick = uniqueName(`买家${key}`);
    await must(client.post('/api/buyer/signup', { nick, password: PASSWORD }), 201);
    const socket = await connect(server.url, '/buyer', client.cookie, { shop: shop.name });
    sockets.push(socket);
    await socket.next('conversation');
    const ack = await socket.ask('message:send', { kind: 'text', client_msg_id: clientId(), text });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    const cid = ack.message.conversation_id as number;
    await expect.poll(async () => (await must(shop.owner.get(`/api/conversations/${cid}`))).conversation, { timeout: 10_000 })
      .toMatchObject({ status: 'active', agent_id: by.id });
    buyers[key] = { client, socket, nick, cid };
    return cid;
  }

  async function reply(by: Agent, key: string, text: string) {
    const ack = await by.socket.ask('message:send', { conversation_id: buyers[key].cid, kind: 'text', client_msg_id: clientId(), text });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
  }

  /** The buyer orders `num` of a SKU (red 100.00, blue 50.00; no postage), and pays when asked. */
  async function order(key: string, sku: 0 | 1, num: number, pay: boolean) {
    const buyer = buyers[key];
    const s = shop.item.skus[sku];
    const placed = await must(buyer.client.post(`/api/storefront/${shop.name}/trades`, {
      orders: [{ num_iid: shop.item.num_iid, sku_id: s.sku_id, num }], ...RECEIVER,
    }), 201);
    expect(placed.payment).toBe(s.price * num);
    tids[key] = placed.tid;
    if (pay) return (await must(buyer.client.post(`/api/buyer/trades/${placed.tid}/pay`, { payment: placed.payment }))).trade;
  }

  async function say(key: string, text: string) {
    expect((await buyers[key].socket.ask('message:send', { kind: 'text', client_msg_id: clientId(), text })).ok).toBe(true);
  }

  beforeAll(async () => {
    server = await startWebServer();
    shop = await seedShop(server.app.http);
    await must(shop.owner.post('/api/accounts', { name: '老王', role: 'supervisor', password: PASSWORD }), 201);
    await clearOfMidnight();
    a = await agent(shop.team.service);
    b = await agent(shop.team.junior);
    browser = await launchBrowser();
  }, 300_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await lead?.screenshot({ path: `${tmpdir()}/xiaoer-e2e-stats.png` }).catch(() => {});
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('the team board shows each agent live: a status change, a new chat, its messages read-only', async () => {
    lead = await open();
    await lead.goto('/login');
    await logIn(lead, `${shop.name}:老王`, PASSWORD);
    await lead.getByTestId('team-board').waitFor();
    const status = (agent: Agent) => lead.getByTestId(`board-status-${agent.id}`);
    await expect.poll(() => status(b).textContent()).toBe('在线');

    // 小新 steps away: the board turns them 忙碌 without a reload, and new buyers go to 小美.
    await must(b.client.post('/api/routing/status', { status: 'busy' }));
    await expect.poll(() => status(b).textContent()).toBe('忙碌');
    const cid = await buyerSays('1', '在吗？这件T恤有货吗', a);
    const row = lead.getByTestId(`board-conversation-${cid}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('小美');
    await expect.poll(() => lead.getByTestId(`board-load-${a.id}`).textContent()).toMatch(/^1 \/ /);

    // The supervisor reads the chat; 小美's answer appears in it as it is sent, and there is nothing to write with.
    await lead.getByTestId(`board-view-${cid}`).click();
    const view = lead.getByTestId('conversation-view');
    await view.getByText('在吗？这件T恤有货吗').waitFor();
    await reply(a, '1', '有货的，亲');
    await view.getByText('有货的，亲').waitFor();
    expect(await view.locator('textarea').count()).toBe(0);
    await lead.keyboard.press('Escape');
    await view.waitFor({ state: 'detached' });
    // Answered: nobody waits on 小美 any more.
    await expect.poll(() => lead.getByTestId(`board-agent-${a.id}`).textContent()).toContain('无');
    await lead.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await lead.mouse.move(0, 0);
    await screenshot(lead, 'team-board');
  });

  it("after a scripted day the supervisor's page shows the figures worked out by hand, with their definitions", async () => {
    // 小美 (online) serves buyers 1–3: 1 buys one blue (50.00), 2 buys two red (200.00), 3 orders one red and never pays.
    await order('1', 1, 1, true);
    await buyerSays('2', '有优惠吗', a);
    await reply(a, '2', '两件包邮哦');
    await order('2', 0, 2, true);
    await buyerSays('3', '发什么快递', a);
    await reply(a, '3', '默认中通');
    await order('3', 0, 1, false);
    // Then 小美 is busy and 小新 back: buyer 4 buys one red (100.00) and gets it refunded; buyer 5 is never answered.
    await must(a.client.post('/api/routing/status', { status: 'busy' }));
    await must(b.client.post('/api/routing/status', { status: 'online' }));
    await buyerSays('4', '能便宜点吗', b);
    await reply(b, '4', '已经是最低价了');
    const t4 = await order('4', 0, 1, true);
    const refund = (await must(buyers['4'].client.post(`/api/buyer/trades/${t4.tid}/refunds`,
      { oid: t4.orders[0].oid, dispute_type: 'REFUND', refund_fee: 10000, reason: '不想要了' }), 201)).refund;
    expect((await must(shop.owner.post(`/api/refunds/${refund.refund_id}/agree`, {}))).refund.status).toBe('SUCCESS');
    await buyerSays('5', '在吗', b);
    // Buyer 6 buys one blue (50.00) without a word: the shop's sales, no agent's (静默销售额).
    const silent = new Client(server.app.http);
    await must(silent.post('/api/buyer/signup', { nick: uniqueName('静默'), password: PASSWORD }), 201);
    buyers['6'] = { client: silent, socket: undefined as never, nick: '' };
    await order('6', 1, 1, true);

    // Worked out by hand. 咨询: 1, 2, 3 (小美) + 4, 5 (小新) = 5; 接待: all but 5 = 4; 询单: the 4 received, none had
    // ordered before = 4; 下单: 1, 2, 3, 4 = 4 (6 is nobody's); 付款: 1, 2, 4 = 3; 询单转化率 3 / 4;
    // 客服销售额 50 + 200 + 100 = 350.00; 退款率: 1 of the 3 credited paid trades.
    const team = {
      consulted: '5', received: '4', inquired: '4', ordered_buyers: '4', paid_buyers: '3', conversion_rate: '75.00%',
      sales: '¥350.00', refund_rate: '33.33%',
    };
    const perAgent = {
      [a.id]: { consulted: '3', received: '3', inquired: '3', ordered_buyers: '3', paid_buyers: '2', conversion_rate: '66.67%', sales: '¥250.00', refund_rate: '0.00%', reply_rate: '100.00%' },
      [b.id]: { consulted: '2', received: '1', inquired: '1', ordered_buyers: '1', paid_buyers: '1', conversion_rate: '100.00%', sales: '¥100.00', refund_rate: '100.00%', reply_rate: '50.00%' },
    };

    await lead.goto('/stats');
    await lead.getByTestId('stats-headline').waitFor();
    for (const [key, value] of Object.entries(team)) {
      await expect.poll(() => lead.getByTestId(`figure-${key}`).textContent(), { message: key }).toBe(value);
    }
    for (const [id, figures] of Object.entries(perAgent)) {
      for (const [key, value] of Object.entries(figures)) {
        expect(await lead.getByTestId(`cell-${id}-${key}`).textContent(), `${id} ${key}`).toBe(value);
      }
    }
    // Each figure's exact definition, as the server words it, is one hover away.
    const defs = (await must(shop.owner.get('/api/stats/definitions'))).metrics;
    await lead.getByTestId('stats-headline').getByTestId('metric-label-inquired-help').hover();
    await lead.locator('.ant-tooltip:visible').getByText(defs.find((m: any) => m.key === 'inquired').definition).waitFor();
    expect(await lead.getByTestId('stats-export').isVisible()).toBe(true);
    for (const chart of ['chart-trend', 'chart-funnel', 'chart-compare']) await lead.getByTestId(chart).locator('canvas').first().waitFor();
    await screenshot(lead, 'stats');

    // 小美's 付款人数 opens the two trades behind it; the refunded one shows under 小新's 退款率.
    await lead.getByTestId(`cell-${a.id}-paid_buyers`).click();
    const drill = lead.getByTestId('drilldown');
    await expect.poll(() => drill.getByTestId('drilldown-count').textContent()).toBe('共 2 条');
    for (const key of ['1', '2']) await drill.getByTestId(`drill-trade-${tids[key]}`).waitFor();
    await lead.keyboard.press('Escape');
    await drill.waitFor({ state: 'detached' });
    await lead.getByTestId(`cell-${b.id}-refund_rate`).click();
    await lead.getByTestId('drilldown').getByText('已退款 ¥100.00').waitFor();
    await lead.keyboard.press('Escape');

    // The shop's sales: 350.00 by the agents and 50.00 silent.
    await lead.getByTestId('stats-tab-shop').click();
    await expect.poll(() => lead.getByTestId('shop-sales').textContent()).toBe('¥400.00');
    expect(await lead.getByTestId('shop-silent_sales').textContent()).toBe('¥50.00');
    expect(await lead.getByTestId('shop-refunded_trades').textContent()).toBe('1');

    // 月度考核: a target of 500.00 in 客服销售额 with the whole weight scores 小美 at 250 / 500 and 小新 at 100 / 500.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    await lead.getByTestId('stats-tab-kpi').click();
    await lead.getByTestId('kpi-add').click();
    await pickOption(lead, 'kpi-metric-0', '客服销售额');
    await lead.getByTestId('kpi-target-0').fill('500');
    await lead.getByTestId('kpi-weight-0').fill('100');
    await lead.getByTestId('kpi-save').click();
    await expect.poll(() => lead.getByTestId(`kpi-row-${a.id}`).textContent()).toContain('50.0');
    expect(await lead.getByTestId(`kpi-row-${b.id}`).textContent()).toContain('20.0');
    expect((await must(shop.owner.get(`/api/stats/targets?month=${month}`))).targets).toEqual([{ metric: 'sales', target: 50000, weight: 100 }]);

    // An agent sees only their own figures, and no export.
    const own = await open();
    await own.goto('/login');
    await logIn(own, shop.team.junior, PASSWORD);
    await own.goto('/stats');
    await expect.poll(() => own.getByTestId('figure-consulted').textContent()).toBe('2');
    expect(await own.getByTestId('figure-sales').textContent()).toBe('¥100.00');
    expect(await own.getByTestId('stats-export').count()).toBe(0);
    await own.context().close();
  });

  it('quality inspection: the supervisor samples and scores a chat, the agent reads and acknowledges it', async () => {
    await say('1', '谢谢');
    await reply(a, '1', '不客气～');
    await must(a.client.post(`/api/conversations/${buyers['1'].cid}/end`));
    await lead.goto('/team/qa');
    await lead.getByTestId('qa-template').click();
    await lead.getByTestId('qa-sample').click();
    const row = lead.locator('[data-testid^="qa-review-"]').first();
    await row.waitFor();
    expect(await row.textContent()).toContain(buyers['1'].nick);
    await row.locator('[data-testid^="qa-open-"]').click();
    const drawer = lead.getByTestId('review-drawer');
    await drawer.getByText('有货的，亲').waitFor();
    const scores = { courtesy: 18, speed: 17, accuracy: 27, selling: 18, norms: 9 };
    for (const [key, value] of Object.entries(scores)) await drawer.getByTestId(`score-${key}`).fill(String(value));
    await drawer.getByTestId('review-comment-input').fill('回复及时，可以主动推荐搭配');
    await drawer.getByTestId('review-submit').click();
    await drawer.waitFor({ state: 'detached' });

    const agentPage = await open();
    await agentPage.goto('/login');
    await logIn(agentPage, shop.team.service, PASSWORD);
    await agentPage.goto('/my-reviews');
    const mine = agentPage.locator('[data-testid^="my-review-"]').first();
    await expect.poll(() => mine.textContent()).toContain('89 / 100');
    await mine.locator('[data-testid^="my-review-open-"]').click();
    // The agent reads the chat that was reviewed, with the scores and the comment.
    await agentPage.getByTestId('review-drawer').getByText('不客气～').waitFor();
    expect(await agentPage.getByTestId('review-items').textContent()).toContain('27 / 30');
    await agentPage.getByTestId('review-comment').getByText('回复及时，可以主动推荐搭配').waitFor();
    await agentPage.getByTestId('review-acknowledge').click();
    await agentPage.getByText(/确认于/).waitFor();
    const [review] = (await must(a.client.get('/api/supervision/qa/mine'))).reviews;
    expect(review).toMatchObject({ total: 89, comment: '回复及时，可以主动推荐搭配', acknowledged_at: expect.any(String) });
  });
});
