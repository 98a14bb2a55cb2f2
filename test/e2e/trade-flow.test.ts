import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasChromium, launchBrowser, measureFirstLoad, newContext, screenshot, writeTimings, type LoadTiming,
} from './support/browser.ts';
import { apiTrade, PASSWORD, RECEIVER, seedShop } from './support/data.ts';
import { startWebServer, type WebServer } from './support/server.ts';
import { chooseRadio, logIn, pickOption } from './support/ui.ts';

// On a machine without Chromium the browser tests are skipped, except in CI where they must run.
describe.skipIf(!hasChromium && !process.env.CI)('a trade through the browser: storefront, back-office, warehouse', () => {
  let server: WebServer;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof seedShop>>;
  let buyer: Page;
  let agent: Page;
  let olderPaidTid: number;
  let tid: number;
  const contexts: BrowserContext[] = [];
  const timings: LoadTiming[] = [];
  const buyerNick = `小王${Date.now().toString(36)}`;

  async function open(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await newContext(browser, server.url, options);
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    server = await startWebServer();
    shop = await seedShop(server.app.http);
    // Paid before our buyer's trade and without a flag: the warehouse must still see the red flag first.
    olderPaidTid = await apiTrade(server.app.http, shop.name, shop.item, { pay: true, num: 2 });
    await apiTrade(server.app.http, shop.name, shop.item, { pay: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    if (timings.length) writeTimings(timings);
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('a buyer signs up on the storefront, reads the product knowledge and places an order', async () => {
    buyer = await open();
    timings.push(await measureFirstLoad(buyer, `/shop/${shop.name}`,
      () => buyer.getByTestId(`item-${shop.item.num_iid}`).waitFor(), 'storefront'));
    await expect.poll(() => buyer.getByTestId('knowledge-not_suitable_for').textContent()).toContain('3 岁以下婴幼儿');
    await expect.poll(() => buyer.getByTestId('knowledge-care').textContent()).toContain('30℃ 以下手洗');
    await screenshot(buyer, 'storefront');

    await chooseRadio(buyer, `sku-${shop.item.skus[0].sku_id}`);
    await buyer.getByTestId('buy-num').fill('2');
    await buyer.getByTestId(`buy-${shop.item.num_iid}`).click();
    await buyer.getByTestId('buyer-mode-signup').click();
    await buyer.getByTestId('buyer-nick-input').fill(buyerNick);
    await buyer.getByTestId('buyer-password-input').fill(PASSWORD);
    await buyer.getByTestId('buyer-auth-submit').click();

    await buyer.getByTestId('receiver-name').fill(RECEIVER.receiver_name);
    await buyer.getByTestId('receiver-mobile').fill(RECEIVER.receiver_mobile);
    await pickOption(buyer, 'receiver-state', RECEIVER.receiver_state);
    await buyer.getByTestId('receiver-city').fill(RECEIVER.receiver_city);
    await buyer.getByTestId('receiver-district').fill(RECEIVER.receiver_district);
    await buyer.getByTestId('receiver-address-input').fill(RECEIVER.receiver_address);
    await buyer.getByTestId('place-order').click();

    const card = buyer.locator('[data-testid^="buyer-trade-"]').first();
    await card.waitFor();
    tid = Number((await card.getAttribute('data-testid'))!.replace('buyer-trade-', ''));
    expect(await card.getAttribute('data-status')).toBe('WAIT_BUYER_PAY');
    await expect.poll(() => card.getByTestId('buyer-payment').textContent()).toBe('¥200.00');
    await expect.poll(() => buyer.getByTestId('buyer-nick').textContent()).toContain(buyerNick);
    await screenshot(buyer, 'storefront-my-trades');
  });

  it('customer service lowers the price before payment, and the buyer pays the new total', async () => {
    agent = await open();
    timings.push(await measureFirstLoad(agent, '/', () => agent.getByTestId('login-account').waitFor(), 'login (back-office entry)'));
    await logIn(agent, shop.team.service, PASSWORD);
    await agent.getByTestId('workbench-page').waitFor();
    // The agent's main page opened in a profile with the session but an empty cache: what a morning's first visit costs.
    const cold = await open({ storageState: await agent.context().storageState() });
    timings.push(await measureFirstLoad(cold, '/trades',
      () => cold.locator(`tr[data-tid="${olderPaidTid}"]`).waitFor(), 'trades page (signed in, empty cache)'));

    await agent.getByRole('menuitem', { name: '已卖出的宝贝' }).click();
    await agent.getByTestId('trades-page').waitFor();
    await agent.locator(`tr[data-tid="${olderPaidTid}"]`).waitFor();
    await agent.getByTestId('search-buyer-nick').fill(buyerNick);
    await agent.getByTestId('search-submit').click();
    await agent.locator(`tr[data-tid="${tid}"]`).waitFor();
    await expect.poll(() => agent.locator('tbody tr[data-tid]').count()).toBe(1);
    await agent.getByTestId(`open-trade-${tid}`).click();

    const detail = agent.getByTestId('trade-detail');
    await detail.waitFor();
    expect(await agent.getByTestId('trade-actions').getAttribute('data-actions')).toContain('modify_price');
    const oid: number = (await (await agent.request.get(`/api/trades/${tid}`)).json()).trade.orders[0].oid;
    await agent.getByTestId(`action-modify-price-${oid}`).click();
    await agent.getByTestId('price-input').fill('90');
    await agent.getByTestId(`submit-modify-price-${oid}`).click();
    await expect.poll(() => agent.getByTestId(`order-price-${oid}`).textContent()).toBe('¥90.00');
    await expect.poll(() => agent.getByTestId('trade-payment').textContent()).toBe('¥180.00');
    await agent.getByTestId(`submit-modify-price-${oid}`).waitFor({ state: 'detached' });
    await screenshot(agent, 'trade-detail');

    // The buyer's page still shows the old total: paying it is refused with the server's Chinese message.
    await buyer.getByTestId(`pay-${tid}`).click();
    await buyer.getByText('应付金额已变为 18000 分').waitFor();
    const card = buyer.getByTestId(`buyer-trade-${tid}`);
    await expect.poll(() => card.getByTestId('buyer-payment').textContent()).toBe('¥180.00');
    await buyer.getByTestId(`pay-${tid}`).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('WAIT_SELLER_SEND_GOODS');
  });

  it('after payment the price action is gone, the server refuses a direct change, and a red flag goes to the warehouse', async () => {
    await agent.reload();
    const detail = agent.getByTestId('trade-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('WAIT_SELLER_SEND_GOODS');
    expect(await agent.getByTestId('trade-actions').getAttribute('data-actions')).not.toContain('modify_price');
    expect(await agent.locator('[data-testid^="action-modify-price-"]').count()).toBe(0);
    expect(await agent.getByTestId('action-modify-postage').count()).toBe(0);

    const { trade } = await (await agent.request.get(`/api/trades/${tid}`)).json();
    const refused = await agent.request.post(`/api/trades/${tid}/price`, { data: { oid: trade.orders[0].oid, price: 100 } });
    expect(refused.status()).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'TRADE_ACTION_NOT_ALLOWED', message: expect.stringContaining('买家已付款') });

    await agent.getByTestId('action-memo').click();
    await chooseRadio(agent, 'flag-option-1');
    await agent.getByTestId('memo-input').fill('买家要求发顺丰，并附赠小礼物');
    await agent.getByTestId('submit-memo').click();
    await expect.poll(() => agent.getByTestId('trade-memo').textContent()).toBe('买家要求发顺丰，并附赠小礼物');
    await agent.locator('.ant-drawer-close').click();
    await agent.getByTestId('trade-detail').waitFor({ state: 'detached' });
    await agent.getByTestId('search-buyer-nick').fill('');
    await agent.getByTestId('search-submit').click();
    await agent.locator(`tr[data-tid="${olderPaidTid}"]`).waitFor();
    await screenshot(agent, 'trades');
  });

  it('the warehouse sees the red-flag trade first, ships it, and flags another trade yellow', async () => {
    const warehouse = await open();
    await warehouse.goto('/login');
    await logIn(warehouse, shop.team.warehouse, PASSWORD);
    await warehouse.getByTestId('warehouse-page').waitFor();
    const rows = warehouse.locator('tbody tr[data-tid]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-tid')).toBe(String(tid));
    expect(await rows.nth(0).getAttribute('data-flag')).toBe('1');
    expect(await rows.nth(1).getAttribute('data-tid')).toBe(String(olderPaidTid));
    await expect.poll(() => rows.nth(0).getByTestId('queue-memo').textContent()).toContain('发顺丰');
    await screenshot(warehouse, 'warehouse');

    const other = warehouse.locator(`tr[data-tid="${olderPaidTid}"]`);
    await other.getByTestId('action-memo').click();
    expect(await warehouse.getByTestId('flag-option-1').isDisabled()).toBe(true);
    await chooseRadio(warehouse, 'flag-option-2');
    await warehouse.getByTestId('memo-input').fill('蓝色 120 码暂时缺货，预计三天后到');
    await warehouse.getByTestId('submit-memo').click();
    await expect.poll(() => other.getAttribute('data-flag')).toBe('2');

    await warehouse.getByTestId(`action-ship-${tid}`).click();
    await pickOption(warehouse, 'ship-company', '顺丰');
    await warehouse.getByTestId('ship-out-sid').fill('SF1234567890');
    await warehouse.getByTestId(`submit-ship-${tid}`).click();
    await warehouse.locator(`tr[data-tid="${tid}"]`).waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(1);
  });

  it('customer service extends the receipt time by 5 days', async () => {
    await agent.goto(`/trades?open=${tid}`);
    const detail = agent.getByTestId('trade-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('WAIT_BUYER_CONFIRM_GOODS');
    await expect.poll(() => agent.getByTestId('out-sid').textContent()).toBe('SF1234567890');
    const before = await agent.getByTestId('timeout-action-time').textContent();
    await agent.getByTestId('action-delay-receive').click();
    await chooseRadio(agent, 'delay-5');
    await agent.getByTestId('submit-delay-receive').click();
    await expect.poll(() => agent.getByTestId('timeout-action-time').textContent()).not.toBe(before);
    const after = await agent.getByTestId('timeout-action-time').textContent();
    const days = (Date.parse(`${after}+08:00`) - Date.parse(`${before}+08:00`)) / 86_400_000;
    expect(days).toBe(5);
  });

  it('the buyer confirms receipt and the trade finishes', async () => {
    await buyer.reload();
    await buyer.getByTestId('tab-my-trades').click();
    const card = buyer.getByTestId(`buyer-trade-${tid}`);
    await expect.poll(() => card.getAttribute('data-status')).toBe('WAIT_BUYER_CONFIRM_GOODS');
    await buyer.getByTestId(`confirm-${tid}`).click();
    await buyer.getByTestId(`confirm-ok-${tid}`).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('TRADE_FINISHED');
  });

  it('a sub-account without the price permission sees no price action on an unpaid trade', async () => {
    const unpaid = await apiTrade(server.app.http, shop.name, shop.item, { pay: false });
    const junior = await open();
    await junior.goto('/login');
    await logIn(junior, shop.team.junior, PASSWORD);
    await junior.getByTestId('workbench-page').waitFor();
    await junior.goto(`/trades?open=${unpaid}`);
    const detail = junior.getByTestId('trade-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('WAIT_BUYER_PAY');
    const actions = (await junior.getByTestId('trade-actions').getAttribute('data-actions'))!.split(' ');
    expect(actions).toContain('close');
    expect(actions).not.toContain('modify_price');
    expect(await junior.locator('[data-testid^="action-modify-price-"]').count()).toBe(0);
    expect(await junior.getByTestId('action-modify-postage').count()).toBe(0);
    const refused = await junior.request.post(`/api/trades/${unpaid}/postage`, { data: { post_fee: 0 } });
    expect(refused.status()).toBe(403);
  });
});
