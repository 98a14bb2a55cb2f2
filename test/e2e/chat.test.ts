import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, measureFirstLoad, newContext, screenshot, writeTimings, type LoadTiming } from './support/browser.ts';
import { say, signUpBuyer } from './support/buyer.ts';
import { PASSWORD, seedShop } from './support/data.ts';
import { startWebServer, type WebServer } from './support/server.ts';
import { logIn } from './support/ui.ts';

describe.skipIf(!hasChromium && !process.env.CI)('chat in the browser: storefront widget and the agent workbench', () => {
  let server: WebServer;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof seedShop>>;
  let agent: Page;
  let buyer: Page;
  const contexts: BrowserContext[] = [];
  const timings: LoadTiming[] = [];
  const buyerNick = `问问${Date.now().toString(36)}`;

  async function open(storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<Page> {
    const context = await newContext(browser, server.url, storageState ? { storageState } : {});
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    server = await startWebServer();
    shop = await seedShop(server.app.http);
    const imported = await shop.owner.post('/api/knowledge/entries/import', {
      entries: [{
        question: '3岁以下的宝宝能穿吗', similar: ['两岁宝宝可以穿吗', '适合多大的孩子'],
        answer: '这款适合 3–8 岁的小朋友；3 岁以下宝宝不建议穿，领口有小纽扣哦。', num_iid: shop.item.num_iid,
      }, {
        question: '什么时候发货', similar: ['多久能发货', '今天能发出吗'],
        answer: '下午 4 点前付款当天发货，之后的次日发出，节假日照常发货～',
      }],
    });
    expect(imported.body).toMatchObject({ imported: 2 });
    const replies = await shop.owner.post('/api/replies/import', {
      scope: 'team', replies: [{ group: '问候', code: '/hi', text: '{买家}您好，我是客服{客服}，这就帮您看看～' }],
    });
    expect(replies.body).toMatchObject({ imported: 1 });
    browser = await launchBrowser();
  });

  // A failure leaves pictures of both sides behind, to see what the person would have seen.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const [who, page] of [['buyer', buyer], ['agent', agent]] as const) {
      await page?.screenshot({ path: `${tmpdir()}/xiaoer-e2e-${who}.png` }).catch(() => {});
    }
  });

  afterAll(async () => {
    if (timings.length) writeTimings(timings);
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('a buyer asks from the storefront and the agent sees it live, with a suggested answer to insert', async () => {
    agent = await open();
    await agent.goto('/login');
    await logIn(agent, shop.team.service, PASSWORD);
    await agent.getByTestId('workbench-page').waitFor();
    await expect.poll(() => agent.getByTestId('status-select').textContent()).toContain('在线');
    // The agent's first page of the day, signed in but with an empty cache.
    const cold = await open(await agent.context().storageState());
    timings.push(await measureFirstLoad(cold, '/workbench',
      () => cold.getByTestId('status-select').filter({ hasText: '在线' }).waitFor(), 'workbench (signed in, empty cache)'));
    // The next morning: the same browser, its cache holding the app's files (and the code compiled from them).
    const returning = await cold.context().newPage();
    await cold.close();
    timings.push(await measureFirstLoad(returning, '/workbench',
      () => returning.getByTestId('status-select').filter({ hasText: '在线' }).waitFor(), 'workbench (signed in, files cached)'));
    await returning.context().close();

    buyer = await open();
    await buyer.goto(`/shop/${shop.name}`);
    await buyer.getByTestId('chat-open').click();
    await signUpBuyer(buyer, buyerNick, PASSWORD);
    await buyer.getByTestId('buyer-nick').waitFor();
    // 收藏 first: the agent sees it on the buyer's card.
    await buyer.getByTestId(`favourite-${shop.item.num_iid}`).click();
    await expect.poll(() => buyer.getByTestId(`favourite-${shop.item.num_iid}`).getAttribute('data-on')).toBe('true');
    await buyer.getByTestId('chat-open').click();
    await buyer.getByTestId('chat-window').waitFor();
    await say(buyer, '请问这件T恤两岁宝宝能穿吗？');

    const row = agent.locator(`[data-testid="conversation-row"][data-buyer="${buyerNick}"]`);
    await row.waitFor();
    await expect.poll(() => row.getByTestId('unread').textContent()).toBe('1');
    await expect.poll(() => agent.title()).toMatch(/^\(1\)/);
    await row.click();
    await agent.getByTestId('chat-pane').locator('[data-sender="buyer"]', { hasText: '两岁宝宝' }).waitFor();
    await expect.poll(() => agent.getByTestId('customer-favourites').textContent()).toBe('1');
    await expect.poll(() => agent.title()).not.toMatch(/^\(/);

    // A quick reply by its code, its variables filled from the conversation.
    const composer = agent.getByTestId('composer').locator('textarea');
    await composer.fill('/h');
    await agent.getByTestId('quick-reply-option').filter({ hasText: '/hi' }).click();
    await expect.poll(() => composer.inputValue()).toBe(`${buyerNick}您好，我是客服小美，这就帮您看看～`);
    await composer.press('Enter');
    await buyer.getByTestId('chat-window').locator('[data-sender="agent"]', { hasText: `${buyerNick}您好，我是客服小美` }).waitFor();

    // The buyer sees the agent typing, then the answer the agent took from the suggestions.
    const suggestion = agent.getByTestId('suggestion').first();
    await expect.poll(() => suggestion.textContent()).toContain('3 岁以下宝宝不建议穿');
    await suggestion.click();
    await expect.poll(() => agent.getByTestId('composer').locator('textarea').inputValue()).toContain('3–8 岁');
    await agent.getByTestId('composer').locator('textarea').press('End');
    await agent.keyboard.type('～');
    await buyer.getByText('正在输入').waitFor();
    await agent.getByTestId('composer').locator('textarea').press('Enter');
    await buyer.getByTestId('chat-window').locator('[data-sender="agent"]', { hasText: '3–8 岁' }).waitFor();
    // The buyer's window is open, so the agent's message turns read.
    await expect.poll(() => agent.getByTestId('chat-pane').locator('[data-sender="agent"] [data-testid="read-state"]').last().textContent()).toBe('已读');
    await screenshot(buyer, 'storefront-chat');
  });

  it('what a buyer types is shown as text, never run as markup, on both sides', async () => {
    const attack = '<img src=x onerror="window.__xss=1"><b>粗体</b>';
    await say(buyer, attack);
    const shown = agent.getByTestId('chat-pane').locator('[data-sender="buyer"]', { hasText: '<img src=x' });
    await shown.waitFor();
    expect(await shown.locator('img[src="x"], b').count()).toBe(0);
    expect(await agent.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await buyer.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('an emoji and a product card go from the workbench to the buyer', async () => {
    await agent.getByTestId('composer').getByLabel('表情').click();
    await agent.getByTestId('emoji-grid').getByLabel('微笑').click();
    await buyer.getByTestId('chat-window').locator('[data-sender="agent"] [aria-label="微笑"]').waitFor();

    await agent.getByTestId('buyer-pane').getByRole('tab', { name: '商品' }).click();
    await agent.getByTestId('buyer-pane').getByRole('button', { name: '发送' }).first().click();
    await buyer.getByTestId('chat-window').getByTestId('product-card').filter({ hasText: '儿童纯棉短袖T恤' }).waitFor();
    await say(buyer, '好的，请问今天下单什么时候能发货？');
    await agent.getByTestId('buyer-pane').getByRole('tab', { name: '智能推荐' }).click();
    await expect.poll(() => agent.getByTestId('suggestion').first().textContent()).toContain('当天发货');
    await screenshot(agent, 'workbench');
  });

  it('the agent ends the chat and the buyer rates it once', async () => {
    await agent.getByTestId('end-conversation').click();
    await agent.locator(`[data-testid="conversation-row"][data-buyer="${buyerNick}"]`).waitFor({ state: 'detached' });
    await buyer.getByTestId('rating-form').waitFor();
    await buyer.getByTestId('rating-submit').click();
    await buyer.getByTestId('rating-form').waitFor({ state: 'detached' });
    const { body } = await shop.owner.get('/api/chat/ratings');
    expect(body.ratings).toEqual([expect.objectContaining({ score: 5 })]);
  });

  it('the widget works on another site with one script tag', async () => {
    const host = await hostPage(`<h1>另一个网站</h1><script src="${server.url}/widget.js" data-shop="${shop.name}" async></script>`);
    try {
      const page = await open();
      await page.goto(host.url);
      await page.locator('[data-xiaoer="launcher"]').click();
      const frame = page.frameLocator('[data-xiaoer="chat"]');
      await frame.getByTestId('buyer-mode-signup').click();
      const nick = `外站${Date.now().toString(36)}`;
      await frame.getByTestId('buyer-nick-input').fill(nick);
      await frame.getByTestId('buyer-password-input').fill(PASSWORD);
      await frame.getByTestId('buyer-auth-submit').click();
      const input = frame.getByTestId('chat-window').locator('textarea');
      await input.fill('你们周末发货吗？');
      await input.press('Enter');
      await agent.locator(`[data-testid="conversation-row"][data-buyer="${nick}"]`).waitFor();
    } finally {
      await host.close();
    }
  });

  it('200 open conversations and a 5,000-message history stay virtualised and quick to open', async () => {
    const big = await seedLoad(server, shop.team.service);
    const cold = await open(await agent.context().storageState());
    timings.push(await measureFirstLoad(cold, '/workbench',
      () => cold.getByTestId('conversation-row').first().waitFor(), 'workbench (signed in, empty cache, 200 conversations)'));
    // Only what fits on the screen is in the page.
    expect(await cold.getByTestId('conversation-row').count()).toBeLessThan(60);

    const started = Date.now();
    await cold.locator(`[data-testid="conversation-row"][data-buyer="${big.nick}"]`).click();
    await cold.getByTestId('chat-pane').locator('[data-seq="5000"]').waitFor();
    const openMs = Date.now() - started;
    expect(openMs).toBeLessThan(3000);
    expect(await cold.getByTestId('msg').count()).toBeLessThan(80);

    // Scrolling up pages the history in; the page keeps a bounded number of rows however far the reader goes.
    const scroller = cold.getByTestId('chat-pane').locator('[data-virtuoso-scroller="true"]');
    const frames = await scroller.evaluate(async (el) => {
      const gaps: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 120; i++) {
        el.scrollTop = Math.max(0, el.scrollTop - 600);
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }
      gaps.sort((a, b) => a - b);
      return { p50: gaps[Math.floor(gaps.length / 2)], p95: gaps[Math.floor(gaps.length * 0.95)], max: gaps.at(-1) };
    });
    await expect.poll(async () => Number(await cold.getByTestId('msg').first().getAttribute('data-seq'))).toBeLessThan(4800);
    expect(await cold.getByTestId('msg').count()).toBeLessThan(120);
    timings.push({
      page: 'open a 5,000-message history, then scroll it up', visible_ms: openMs, dom_content_loaded_ms: 0, load_event_ms: 0,
      transferred_kb: 0, scroll_frame_ms: { p50: Math.round(frames.p50!), p95: Math.round(frames.p95!), max: Math.round(frames.max!) },
    });
  });
});

/** A page of another site (another origin) for the embed test. */
async function hostPage(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="zh-CN"><body>${body}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** 200 buyers in active conversations with the agent, one of them with 5,000 messages, written straight to the database. */
async function seedLoad(server: WebServer, agentLogin: string) {
  const db = server.app.ctx.database.db;
  const agent = await db.selectFrom('accounts').select(['id', 'shop_id']).where('login', '=', agentLogin).executeTakeFirstOrThrow();
  const tag = Date.now().toString(36);
  await sql`update agent_states set reception_limit = 500 where account_id = ${agent.id}`.execute(db);
  await sql`insert into buyers (nick, password_hash) select 'load' || ${tag} || '-' || g, 'x' from generate_series(1, 200) g`.execute(db);
  await sql`
    insert into conversations (shop_id, buyer_id, buyer_nick, status, agent_id, assigned_at, last_seq, last_message_at)
    select ${agent.shop_id}, id, nick, 'active', ${agent.id}, now(), case when nick like '%-1' then 5000 else 3 end, now()
    from buyers where nick like ${`load${tag}-%`}`.execute(db);
  await sql`
    insert into messages (conversation_id, seq, shop_id, sender_kind, sender_id, sender_name, client_msg_id, kind, body, created_at)
    select c.id, s, c.shop_id, case when s % 2 = 1 then 'buyer' else 'agent' end, case when s % 2 = 1 then c.buyer_id else ${agent.id} end,
           case when s % 2 = 1 then c.buyer_nick else ${agentLogin} end, 'load-' || s, 'text',
           jsonb_build_object('text', '第 ' || s || ' 条消息：请问什么时候发货？'), now() - make_interval(secs => c.last_seq - s)
    from conversations c cross join lateral generate_series(1, c.last_seq) s
    where c.buyer_nick like ${`load${tag}-%`}`.execute(db);
  return { nick: `load${tag}-1` };
}
