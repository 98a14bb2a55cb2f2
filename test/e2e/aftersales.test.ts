import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { uniqueName } from '../support/harness.ts';
import { hasChromium, launchBrowser, newContext, screenshot } from './support/browser.ts';
import { PASSWORD, RECEIVER, seedShop, type Item } from './support/data.ts';
import { startWebServer, type WebServer } from './support/server.ts';
import { say } from './support/buyer.ts';
import { logIn, pickOption } from './support/ui.ts';

async function must(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A buyer of their own with a paid trade of the given SKUs (one of each), through the API. */
async function paidTrade(http: FastifyInstance, shop: string, item: Item, nick: string, skus: number[]) {
  const buyer = new Client(http);
  await must(buyer.post('/api/buyer/signup', { nick, password: PASSWORD }), 201);
  const placed = await must(buyer.post(`/api/storefront/${shop}/trades`, {
    orders: skus.map((i) => ({ num_iid: item.num_iid, sku_id: item.skus[i].sku_id, num: 1 })), ...RECEIVER,
  }), 201);
  await must(buyer.post(`/api/buyer/trades/${placed.tid}/pay`, { payment: placed.payment }));
  const { trade } = await must(buyer.get(`/api/buyer/trades/${placed.tid}`));
  return { buyer, tid: placed.tid as number, oids: (trade.orders as { oid: number }[]).map((o) => o.oid) };
}

// On a machine without Chromium the browser tests are skipped, except in CI where they must run.
describe.skipIf(!hasChromium && !process.env.CI)('a return through the browser: buyer, after-sales, warehouse, escrow', () => {
  let server: WebServer;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof seedShop>>;
  let buyer: Page;
  let aftersales: Page;
  let warehouse: Page;
  let tid: number;
  let oid: number;
  let refundId: number;
  let otherRefundId: number;
  const contexts: BrowserContext[] = [];
  const buyerNick = `小王${Date.now().toString(36)}`;

  async function open(): Promise<Page> {
    const context = await newContext(browser, server.url);
    contexts.push(context);
    return context.newPage();
  }
  const refundRow = (page: Page, id: number) => page.locator(`tr[data-refund-id="${id}"]`);

  beforeAll(async () => {
    server = await startWebServer();
    shop = await seedShop(server.app.http);
    await must(shop.owner.post('/api/accounts', { name: '小林', role: 'aftersales', password: PASSWORD }), 201);
    // Our buyer: a red 110 (¥100) and a blue 120 (¥50), shipped, so a return may be asked for the red one.
    const ours = await paidTrade(server.app.http, shop.name, shop.item, buyerNick, [0, 1]);
    tid = ours.tid;
    oid = ours.oids[0];
    await must(shop.owner.post(`/api/trades/${tid}/ship`, { company_code: 'SF', out_sid: 'SF1234567890' }));
    // Another buyer asks for a refund before shipping: 48 hours to answer, before our return's 5 days.
    const other = await paidTrade(server.app.http, shop.name, shop.item, uniqueName('买家'), [1]);
    otherRefundId = (await must(other.buyer.post(`/api/buyer/trades/${other.tid}/refunds`, {
      oid: other.oids[0], dispute_type: 'REFUND', refund_fee: 5000, reason: '拍错了，不想要了',
    }), 201)).refund.refund_id;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('the buyer tells the shop in the chat, then asks to return one sub-order from "my trades"', async () => {
    buyer = await open();
    await buyer.goto(`/shop/${shop.name}`);
    await buyer.getByTestId('buyer-login-open').click();
    await buyer.getByTestId('buyer-nick-input').fill(buyerNick);
    await buyer.getByTestId('buyer-password-input').fill(PASSWORD);
    await buyer.getByTestId('buyer-auth-submit').click();
    await buyer.getByTestId('buyer-nick').waitFor();
    await buyer.getByTestId('chat-open').click();
    await buyer.getByTestId('chat-window').waitFor();
    await say(buyer, '红色 110 码偏大了，我申请退货，麻烦尽快处理');
    await buyer.getByTestId('chat-window').locator('[data-sender="buyer"]', { hasText: '偏大了' }).waitFor();

    await buyer.getByTestId('tab-my-trades').click();
    const card = buyer.getByTestId(`buyer-trade-${tid}`);
    await expect.poll(() => card.getAttribute('data-status')).toBe('WAIT_BUYER_CONFIRM_GOODS');
    await card.getByTestId(`action-apply-refund-${oid}`).click();
    // Shipped: return and refund is offered first, for the whole sub-order.
    await expect.poll(() => buyer.getByTestId('refund-fee-input').inputValue()).toBe('100.00');
    await buyer.getByTestId('refund-reason').locator('input').fill('尺码不合适');
    await buyer.getByTestId('refund-desc').fill('110 码偏大，想退货');
    await buyer.getByTestId(`submit-apply-refund-${oid}`).click();
    const line = card.getByTestId(`buyer-order-${oid}`);
    await expect.poll(() => line.getAttribute('data-refund-status')).toBe('WAIT_SELLER_AGREE');
    // The other sub-order may still be asked for; this one may not, while its refund is in progress.
    expect(await card.getByTestId(`action-apply-refund-${oid}`).count()).toBe(0);
    refundId = (await (await buyer.request.get('/api/buyer/refunds')).json()).refunds.find((r: any) => r.tid === tid).refund_id;
  });

  it('after-sales finds it in the queue by deadline, reads the chat and the trade, and agrees to the return', async () => {
    aftersales = await open();
    await aftersales.goto('/login');
    await logIn(aftersales, `${shop.name}:小林`, PASSWORD);
    await aftersales.getByRole('menuitem', { name: '售后' }).click();
    await aftersales.getByTestId('refund-queue').waitFor();
    const rows = aftersales.locator('tbody tr[data-refund-id]');
    await expect.poll(() => rows.count()).toBe(2);
    // The nearest deadline first: the unshipped refund's 48 hours before our shipped return's 5 days.
    expect(await rows.nth(0).getAttribute('data-refund-id')).toBe(String(otherRefundId));
    expect(await rows.nth(1).getAttribute('data-refund-id')).toBe(String(refundId));

    await refundRow(aftersales, refundId).getByTestId(`open-refund-${refundId}`).click();
    const detail = aftersales.getByTestId('refund-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('WAIT_SELLER_AGREE');
    const actions = (await detail.getByTestId(`refund-actions-${refundId}`).getAttribute('data-actions'))!.split(' ');
    expect(actions.sort()).toEqual(['refuse', 'returngoods_agree']);
    await aftersales.getByTestId('refund-chat').locator('[data-sender="buyer"]', { hasText: '偏大了' }).waitFor();
    await expect.poll(() => aftersales.getByTestId('escrow-held').textContent()).toBe('¥150.00');

    await detail.getByTestId(`refund-action-returngoods_agree-${refundId}`).click();
    await aftersales.getByTestId(`refund-confirm-returngoods_agree-${refundId}`).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('WAIT_BUYER_RETURN_GOODS');
    expect(await detail.getByTestId(`refund-actions-${refundId}`).getAttribute('data-actions')).toBe('');
  });

  it('the buyer sends the goods back with the courier and tracking number', async () => {
    await buyer.reload();
    await buyer.getByTestId('tab-my-trades').click();
    const line = buyer.getByTestId(`buyer-order-${oid}`);
    await expect.poll(() => line.getAttribute('data-refund-status')).toBe('WAIT_BUYER_RETURN_GOODS');
    await line.getByTestId(`action-return-goods-${refundId}`).click();
    await pickOption(buyer, 'return-company', '中通');
    await buyer.getByTestId('return-sid').fill('ZT7788990011');
    await buyer.getByTestId(`submit-return-goods-${refundId}`).click();
    await expect.poll(() => line.getAttribute('data-refund-status')).toBe('WAIT_SELLER_CONFIRM_GOODS');
  });

  it('the warehouse marks the returned parcel received from its after-sales queue: the trade gets the green flag', async () => {
    warehouse = await open();
    await warehouse.goto('/login');
    await logIn(warehouse, shop.team.warehouse, PASSWORD);
    await warehouse.getByTestId('warehouse-page').waitFor();
    await warehouse.getByRole('menuitem', { name: '售后' }).click();
    // The warehouse's queue opens on the parcels coming back; only its own action is offered.
    const row = refundRow(warehouse, refundId);
    await expect.poll(() => row.getAttribute('data-status')).toBe('WAIT_SELLER_CONFIRM_GOODS');
    expect(await warehouse.locator('tbody tr[data-refund-id]').count()).toBe(1);
    expect(await row.getByTestId(`refund-actions-${refundId}`).getAttribute('data-actions')).toBe('receive_goods');
    await row.getByTestId(`refund-action-receive_goods-${refundId}`).click();
    await warehouse.getByTestId(`refund-confirm-receive_goods-${refundId}`).click();
    await expect.poll(() => row.getByTestId(`refund-actions-${refundId}`).getAttribute('data-actions')).toBe('');
    const { trade } = await (await warehouse.request.get(`/api/trades/${tid}`)).json();
    expect(trade).toMatchObject({ flag: 3, memo: expect.stringContaining('ZT7788990011') });
  });

  it('after-sales confirms the parcel: the refund succeeds and the escrow shows the money back to the buyer', async () => {
    await aftersales.goto(`/aftersales?open=${refundId}`);
    const detail = aftersales.getByTestId('refund-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('WAIT_SELLER_CONFIRM_GOODS');
    await expect.poll(() => detail.getByTestId('goods-received').textContent()).toMatch(/^\d{4}-\d\d-\d\d /);
    await detail.getByTestId(`refund-action-returngoods_confirm-${refundId}`).click();
    await aftersales.getByTestId(`refund-confirm-returngoods_confirm-${refundId}`).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('SUCCESS');
    await expect.poll(() => aftersales.getByTestId('escrow-refunded').textContent()).toBe('¥100.00');
    expect(await aftersales.getByTestId('escrow-amount').textContent()).toBe('¥150.00');
    expect(await aftersales.getByTestId('escrow-held').textContent()).toBe('¥50.00');
    expect(await aftersales.getByTestId('escrow-released').textContent()).toBe('¥0.00');
    await aftersales.getByTestId('refund-chat').locator('[data-sender="buyer"]').first().waitFor();
    await screenshot(aftersales, 'aftersales');

    // The trade drawer shows the same: the sub-order's refund and the escrow.
    await aftersales.getByTestId('refund-open-trade').click();
    const refunds = aftersales.getByTestId('trade-refunds');
    await expect.poll(() => refunds.locator(`tr[data-oid="${oid}"]`).getAttribute('data-status')).toBe('SUCCESS');
    expect(await refunds.getByTestId('escrow-held').textContent()).toBe('¥50.00');
  });

  it('the buyer sees the refund done, on the trade and in the refunds tab', async () => {
    await buyer.reload();
    await buyer.getByTestId('tab-my-trades').click();
    await expect.poll(() => buyer.getByTestId(`buyer-order-${oid}`).getAttribute('data-refund-status')).toBe('SUCCESS');
    await buyer.getByTestId('tab-my-refunds').click();
    const card = buyer.getByTestId(`buyer-refund-${refundId}`);
    await expect.poll(() => card.getAttribute('data-status')).toBe('SUCCESS');
    expect(await card.getByTestId('buyer-refund-fee').textContent()).toBe('¥100.00');
  });

  it('after-sales opens the chat in the workbench, where the sidebar shows the refund state of the sub-order', async () => {
    await aftersales.goto(`/aftersales?open=${refundId}`);
    await aftersales.getByTestId('open-in-workbench').click();
    const pane = aftersales.getByTestId('chat-pane');
    await pane.locator('[data-sender="buyer"]', { hasText: '偏大了' }).waitFor();
    expect(await aftersales.getByTestId('chat-buyer').textContent()).toBe(buyerNick);
    await aftersales.getByTestId('buyer-pane').getByRole('tab', { name: '订单' }).click();
    const tag = aftersales.getByTestId(`sidebar-refund-${oid}`);
    await expect.poll(() => tag.getAttribute('data-status')).toBe('SUCCESS');
  });
});
