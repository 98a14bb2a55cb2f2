import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/client.ts';
import { newBuyer, newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { chatShop, openBuyer, routedTo, say, setLimit } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

type Shop = Awaited<ReturnType<typeof chatShop>>;

/** GET /api/conversations as `who` sees it; the rows, each checked to belong to `shopId`. */
async function list(who: Client, shopId: number, query: Record<string, string | number> = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const { conversations } = await ok(who.get(`/api/conversations${qs ? `?${qs}` : ''}`));
  for (const c of conversations) expect(c.shop_id).toBe(shopId);
  return conversations as { id: number; status: string; agent_id: number | null; last_agent_id: number | null; buyer_nick: string }[];
}
const ids = async (...args: Parameters<typeof list>) => (await list(...args)).map((c) => c.id);

/** A buyer who opened the shop's chat window and wrote nothing: a `new` conversation. */
async function openedOnly(shop: Shop) {
  const buyer = await newBuyer(app);
  return (await ok(buyer.client.get(`/api/buyer/chat/${shop.name}`))).conversation.id as number;
}

/** A buyer who wrote to the shop. */
async function wrote(shop: Shop, text: string) {
  const buyer = await openBuyer(app, shop);
  return { ...buyer, cid: (await say(buyer.socket, text)).conversation_id as number };
}

describe('the shop’s conversation list (GET /api/conversations)', () => {
  it('lists every conversation newest first, by status as routing moves them, and `mine` as each agent’s own', async () => {
    const shop = await chatShop(app);
    const a = await newSubAccount(app, shop, 'service');
    const b = await newSubAccount(app, shop, 'service');
    const supervisor = await newSubAccount(app, shop, 'supervisor');

    // Nobody online: one buyer only looked, two left a message (留言).
    const opened = await openedOnly(shop);
    const w1 = await wrote(shop, '在吗');
    const w2 = await wrote(shop, '有货吗');
    await w2.socket.next('conversation', (e) => e.status === 'waiting');
    expect(await ids(shop.owner, shop.shopId)).toEqual([w2.cid, w1.cid, opened]);
    expect(await list(shop.owner, shop.shopId, { status: 'waiting' })).toEqual([
      expect.objectContaining({ id: w2.cid, status: 'waiting', agent_id: null, buyer_nick: w2.nick }),
      expect.objectContaining({ id: w1.cid, status: 'waiting', agent_id: null, buyer_nick: w1.nick }),
    ]);
    expect(await ids(shop.owner, shop.shopId, { status: 'new' })).toEqual([opened]);
    expect(await ids(shop.owner, shop.shopId, { status: 'active' })).toEqual([]);

    // a comes online with room for one: the first 留言 is its, the second joins the queue.
    await setLimit(shop.owner, a.id, 1);
    await ok(a.client.post('/api/routing/status', { status: 'online' }));
    await routedTo(shop.owner, w2.cid, { status: 'queued' });
    expect(await list(shop.owner, shop.shopId, { status: 'active' })).toEqual([expect.objectContaining({ id: w1.cid, agent_id: a.id })]);
    expect(await ids(shop.owner, shop.shopId, { status: 'queued' })).toEqual([w2.cid]);
    expect(await ids(shop.owner, shop.shopId, { status: 'waiting' })).toEqual([]);
    expect(await ids(a.client, shop.shopId, { mine: 'true' })).toEqual([w1.cid]);
    expect(await ids(a.client, shop.shopId, { mine: 'true', status: 'queued' })).toEqual([]);
    expect(await ids(b.client, shop.shopId, { mine: 'true' })).toEqual([]);
    expect(await ids(a.client, shop.shopId, { mine: 'false' })).toEqual([w2.cid, w1.cid, opened]);

    // Without `mine` an agent sees what its lead sees: the queue and the 留言 are anyone's to take.
    const all = await list(shop.owner, shop.shopId);
    for (const who of [a, b, supervisor]) expect(await list(who.client, shop.shopId)).toEqual(all);

    // a ends its chat: it lists under a's ended ones (the workbench's 已结束), and the queued buyer is a's now.
    await ok(a.client.post(`/api/conversations/${w1.cid}/end`));
    await routedTo(shop.owner, w2.cid, { status: 'active', agent_id: a.id });
    expect(await list(a.client, shop.shopId, { mine: 'true', status: 'ended' })).toEqual([
      expect.objectContaining({ id: w1.cid, status: 'ended', agent_id: null, last_agent_id: a.id }),
    ]);
    expect(await ids(a.client, shop.shopId, { mine: 'true', status: 'active' })).toEqual([w2.cid]);
    expect(await ids(a.client, shop.shopId, { mine: 'true' })).toEqual([w2.cid, w1.cid]);
    expect(await ids(b.client, shop.shopId, { mine: 'true', status: 'ended' })).toEqual([]);
    expect(await ids(shop.owner, shop.shopId, { mine: 'true', status: 'ended' })).toEqual([]);
    expect(await ids(shop.owner, shop.shopId, { status: 'ended' })).toEqual([w1.cid]);

    // The buyer writes again and b serves it (a is full): it is no longer among a's, ended or not.
    await ok(b.client.post('/api/routing/status', { status: 'online' }));
    await say(w1.socket, '还是我');
    await routedTo(shop.owner, w1.cid, { status: 'active', agent_id: b.id });
    expect(await ids(a.client, shop.shopId, { mine: 'true' })).toEqual([w2.cid]);
    expect(await ids(a.client, shop.shopId, { mine: 'true', status: 'ended' })).toEqual([]);
    expect(await ids(b.client, shop.shopId, { mine: 'true' })).toEqual([w1.cid]);
    for (const s of [w1, w2]) s.socket.close();
  });

  it('pages with before_id and limit, filtered or not, with nothing lost or repeated', async () => {
    const shop = await chatShop(app);
    const opened = [];
    for (let i = 0; i < 5; i++) opened.push(await openedOnly(shop));
    const waiting = await wrote(shop, '留言');
    await waiting.socket.next('conversation', (e) => e.status === 'waiting');
    const newestFirst = [waiting.cid, ...opened.reverse()];

    const walk = async (query: Record<string, string | number>, limit: number) => {
      const pages: number[][] = [];
      let before: number | undefined;
      for (;;) {
        const page = await ids(shop.owner, shop.shopId, { ...query, limit, ...(before ? { before_id: before } : {}) });
        if (!page.length) return pages;
        pages.push(page);
        before = page[page.length - 1];
      }
    };
    expect(await walk({}, 2)).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4, 6)]);
    expect(await walk({ status: 'new' }, 2)).toEqual([opened.slice(0, 2), opened.slice(2, 4), opened.slice(4)]);
    expect(await walk({ status: 'new' }, 200)).toEqual([opened]);
    expect(await ids(shop.owner, shop.shopId, { limit: 1 })).toEqual([waiting.cid]);
    expect(await ids(shop.owner, shop.shopId, { before_id: opened[4] })).toEqual([]);

    for (const bad of ['limit=0', 'limit=201', 'status=open', 'mine=yes', 'before_id=0', 'before_id=x']) {
      const res = await shop.owner.get(`/api/conversations?${bad}`);
      expect(res.status, bad).toBe(400);
    }
    waiting.socket.close();
  });

  it("never shows another shop's conversations, even the same buyer's, to anyone of this shop", async () => {
    const shop = await chatShop(app);
    const other = await chatShop(app);
    const agent = await newSubAccount(app, shop, 'service');
    await ok(agent.client.post('/api/routing/status', { status: 'online' }));
    const otherAgent = await newSubAccount(app, other, 'service');
    await ok(otherAgent.client.post('/api/routing/status', { status: 'online' }));

    // One buyer writes to both shops; each shop has another buyer of its own.
    const buyer = await newBuyer(app);
    const mine = (await ok(buyer.client.get(`/api/buyer/chat/${shop.name}`))).conversation.id;
    const theirs = (await ok(buyer.client.get(`/api/buyer/chat/${other.name}`))).conversation.id;
    const own = await wrote(shop, '本店');
    const foreign = await wrote(other, '别家');
    await routedTo(shop.owner, own.cid, { status: 'active', agent_id: agent.id });
    await routedTo(other.owner, foreign.cid, { status: 'active', agent_id: otherAgent.id });

    const ours = [own.cid, mine];
    expect(await ids(shop.owner, shop.shopId)).toEqual(ours);
    expect(await ids(agent.client, shop.shopId)).toEqual(ours);
    expect(await ids(agent.client, shop.shopId, { mine: 'true' })).toEqual([own.cid]);
    expect(await ids(shop.owner, shop.shopId, { status: 'active' })).toEqual([own.cid]);
    // Paging from the other shop's newest id still lists only this shop's.
    expect(await ids(shop.owner, shop.shopId, { before_id: foreign.cid + 1 })).toEqual(ours);
    expect(await ids(other.owner, other.shopId)).toEqual([foreign.cid, theirs]);
    expect(await ids(otherAgent.client, other.shopId, { mine: 'true' })).toEqual([foreign.cid]);

    // Nor to a buyer, or to nobody.
    expect((await buyer.client.get('/api/conversations')).status).toBe(401);
    expect((await app.http.inject({ method: 'GET', url: '/api/conversations' })).statusCode).toBe(401);
    for (const s of [own, foreign]) s.socket.close();
  });
});
