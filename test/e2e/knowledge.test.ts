import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { uniqueName } from '../support/harness.ts';
import { hasChromium, launchBrowser, newContext } from './support/browser.ts';
import { apiTrade, PASSWORD, seedShop } from './support/data.ts';
import { startWebServer, type WebServer } from './support/server.ts';
import { logIn, pickOption } from './support/ui.ts';

async function must(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

describe.skipIf(!hasChromium && !process.env.CI)('knowledge base, quick replies and broadcasts in the back-office', () => {
  let server: WebServer;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof seedShop>>;
  let owner: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startWebServer();
    // createApp leaves the timer loop to the process that runs it (`npm start` starts it in src/main.ts); broadcasts
    // are delivered by those timers, so this server runs them as a worker node does.
    server.app.jobs.start(200);
    shop = await seedShop(server.app.http);
    browser = await launchBrowser();
    const context = await newContext(browser, server.url);
    contexts.push(context);
    owner = await context.newPage();
    await owner.goto('/login');
    await logIn(owner, shop.name, PASSWORD);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('the owner adds a knowledge entry, and "try it" ranks it first for a question worded differently', async () => {
    await owner.getByRole('menuitem', { name: '知识库' }).click();
    await owner.getByTestId('knowledge-page').waitFor();

    await owner.getByTestId('kb-add').click();
    await owner.getByTestId('kb-entry-question').fill('拍下后多久发货');
    const similar = owner.getByTestId('kb-entry-similar').locator('input');
    for (const s of ['几天能发货', '什么时候发出']) {
      await similar.fill(s);
      await similar.press('Enter');
    }
    await owner.getByTestId('kb-entry-answer').fill('付款后 48 小时内从杭州仓发出，默认中通快递，<b>偏远地区</b>除外。');
    await owner.getByTestId('kb-entry-submit').click();

    const row = owner.locator('tr[data-entry-id]', { hasText: '拍下后多久发货' });
    await row.waitFor();
    const id = await row.getAttribute('data-entry-id');
    // The answer is shown as the text it is, markup and all.
    await row.getByText('<b>偏远地区</b>', { exact: false }).waitFor();
    const { entry } = await must(shop.owner.get(`/api/knowledge/entries/${id}`));
    expect(entry).toMatchObject({ question: '拍下后多久发货', similar: ['几天能发货', '什么时候发出'], num_iid: null });

    const ask = owner.getByTestId('kb-try-input').locator('input');
    await ask.fill('我今天下单的话大概哪天能给我发出去呀');
    await ask.press('Enter');
    const first = owner.getByTestId('kb-try-result').first();
    await expect.poll(() => first.getAttribute('data-id')).toBe(id);
    expect(await first.getByTestId('kb-try-question').textContent()).toBe('拍下后多久发货');
    expect(await first.getByTestId('kb-try-score').textContent()).toMatch(/置信度 \d+%/);
  });

  it('the owner adds a team quick reply with a shortcut code, and an import reports the row it skipped', async () => {
    await owner.getByTestId('kb-tab-replies').click();
    await owner.getByTestId('reply-add').click();
    const group = owner.getByTestId('reply-group');
    await group.click();
    await owner.keyboard.press('ControlOrMeta+A');
    await owner.keyboard.type('问候');
    await owner.getByTestId('reply-code').fill('hi');
    await owner.getByTestId('reply-text').fill('您好{买家}，我是{客服}，很高兴为您服务～');
    await owner.getByTestId('reply-submit').click();

    const row = owner.locator('tr[data-code="hi"]');
    await row.waitFor();
    expect(await row.getByTestId('reply-row-code').textContent()).toBe('/hi');
    expect(await row.textContent()).toContain('问候');
    const { replies } = await must(shop.owner.get('/api/replies?scope=team'));
    expect(replies).toEqual([expect.objectContaining({ code: 'hi', group_name: '问候', text: '您好{买家}，我是{客服}，很高兴为您服务～', used: 0 })]);

    await owner.getByTestId('reply-import').click();
    await owner.getByTestId('reply-import-text').fill('分组,快捷编码,内容\n售后,th,退货请寄回：杭州市滨江区江南大道 588 号\n售后,bad code!,编码不合规的一行\n');
    await owner.getByTestId('reply-import-submit').click();
    await owner.getByTestId('reply-import-result').waitFor();
    expect(await owner.getByTestId('reply-import-result').textContent()).toContain('导入 1 条');
    expect(await owner.getByTestId('reply-import-skipped').locator('li').getAttribute('data-line')).toBe('3');
    await owner.keyboard.press('Escape');
    await owner.locator('tr[data-code="th"]').waitFor();
  });

  it('a broadcast to a saved segment reaches done on the page, with each recipient\'s status', async () => {
    // Who may receive it: buyers who opened the shop's chat or traded with it; one of them refuses broadcasts.
    const nicks: string[] = [];
    const buyers: Client[] = [];
    for (let i = 0; i < 3; i++) {
      const buyer = new Client(server.app.http);
      const nick = uniqueName('群发');
      await must(buyer.post('/api/buyer/signup', { nick, password: PASSWORD }), 201);
      await must(buyer.get(`/api/buyer/chat/${shop.name}`));
      nicks.push(nick);
      buyers.push(buyer);
    }
    const optedOut = nicks[2];
    const put = await server.app.http.inject({ method: 'PUT', url: `/api/buyer/shops/${shop.name}/subscription`,
      headers: { cookie: buyers[2].cookie }, payload: { opt_out: true } });
    expect(put.statusCode).toBe(200);
    const tid = await apiTrade(server.app.http, shop.name, shop.item, { pay: true });
    nicks.push((await must(shop.owner.get(`/api/trades/${tid}`))).trade.buyer_nick);

    const tag = (await must(shop.owner.post('/api/customers/tags', { name: '上新提醒' }), 201)).tag;
    for (const nick of nicks) await must(shop.owner.patch(`/api/customers/${encodeURIComponent(nick)}`, { tag_ids: [tag.id] }));
    const { segment, preview } = await must(shop.owner.post('/api/customers/segments', { name: '上新提醒客户', rule: { tag_ids: [tag.id] } }), 201);
    expect(preview).toMatchObject({ count: 4, opted_out: 1 });

    await owner.getByRole('menuitem', { name: '群发' }).click();
    await owner.getByTestId('broadcasts-page').waitFor();
    await owner.getByTestId('broadcast-new').click();
    await pickOption(owner, 'broadcast-segment', segment.name);
    await expect.poll(() => owner.getByTestId('segment-reach').getAttribute('data-count')).toBe('4');
    expect(await owner.getByTestId('segment-reach').textContent()).toContain('1 位已拒收');
    await owner.getByTestId('broadcast-text').fill('亲爱的');
    await owner.getByTestId('broadcast-insert-nick').click();
    await owner.getByTestId('broadcast-text').press('End');
    await owner.keyboard.type('，夏季新品已上架，老客专享 9 折！');
    await expect.poll(() => owner.getByTestId('broadcast-preview').textContent()).toBe('亲爱的买家小王，夏季新品已上架，老客专享 9 折！');
    await owner.getByTestId('broadcast-rate').fill('120');
    await owner.getByTestId('broadcast-submit').click();

    // Two a second: the page follows the batches until every recipient is dealt with.
    const detail = owner.getByTestId('broadcast-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    expect(await owner.getByTestId('broadcast-detail-progress').getAttribute('data-percent')).toBe('100');
    expect(await owner.getByTestId('broadcast-count-sent').getAttribute('data-value')).toBe('3');
    expect(await owner.getByTestId('broadcast-count-skipped_opt_out').getAttribute('data-value')).toBe('1');
    const rows = owner.getByTestId('recipient-table').locator('tbody tr[data-nick]');
    await expect.poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-nick')}=${tr.getAttribute('data-status')}`))).sort())
      .toEqual(nicks.map((n) => `${n}=${n === optedOut ? 'skipped_opt_out' : 'sent'}`).sort());

    await owner.getByTestId('recipient-filter-skipped_opt_out').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-nick')).toBe(optedOut);

    // What the buyer got: the text with their own nick, from the shop.
    const { broadcasts } = await must(shop.owner.get('/api/broadcasts'));
    const id = broadcasts[0].id;
    const { messages } = await must(buyers[0].get(`/api/buyer/chat/${shop.name}/messages`));
    expect(messages.filter((m: any) => m.body?.broadcast_id === id)).toEqual([expect.objectContaining({
      sender: 'system', body: { text: `亲爱的${nicks[0]}，夏季新品已上架，老客专享 9 折！`, broadcast_id: id },
    })]);

    // The list shows it done too.
    await owner.locator('.ant-drawer-close').click();
    await expect.poll(() => owner.getByTestId(`broadcast-progress-${id}`).getAttribute('data-status')).toBe('done');
  });
});
