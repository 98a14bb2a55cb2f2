import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVER } from '../../src/modules/broadcasts/index.ts';
import { newBuyer, newShop, newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { connect, listen } from '../support/sockets.ts';
import { refused } from '../trades/helpers.ts';
import { postCsv, put, waitForImport } from '../customers/helpers.ts';

/*
 * Each test drives only the broadcast timers (runDue with kinds): the job table is shared with every other test,
 * and their timers are theirs to fire. The clock moves by seconds, far from any trade timer.
 */
let app: TestApp;
let shop: Awaited<ReturnType<typeof newShop>>;
let supervisor: Awaited<ReturnType<typeof newSubAccount>>;
type Buyer = Awaited<ReturnType<typeof newBuyer>>;

beforeAll(async () => {
  app = await createTestApp();
  shop = await newShop(app);
  supervisor = await newSubAccount(app, shop, 'supervisor');
});
afterAll(() => app.close());

const deliver = (a: TestApp = app) => a.jobs.runDue(a.clock.now(), 1000, [DELIVER]);

/** Buyers who opened the shop's chat, all tagged with a fresh tag, and a segment of that tag. */
async function audience(count: number) {
  const buyers: Buyer[] = [];
  for (let i = 0; i < count; i++) {
    const b = await newBuyer(app);
    await ok(b.client.get(`/api/buyer/chat/${shop.name}`));
    buyers.push(b);
  }
  const tag = (await ok(shop.owner.post('/api/customers/tags', { name: `活动${Math.random().toString(36).slice(2, 8)}` }), 201)).tag;
  for (const b of buyers) await ok(shop.owner.patch(`/api/customers/${b.nick}`, { tag_ids: [tag.id] }));
  const segment = (await ok(supervisor.client.post('/api/customers/segments',
    { name: `群${tag.name}`, rule: { tag_ids: [tag.id] } }), 201)).segment;
  return { buyers, tag, segment };
}

const messagesOf = async (b: Buyer) => (await ok(b.client.get(`/api/buyer/chat/${shop.name}/messages`))).messages as
  { sender: string; kind: string; body: { text: string; broadcast_id?: number }; client_msg_id: string }[];

/** The supervisor's request to any node: sessions live in the database. */
const as = (a: TestApp, method: 'GET' | 'POST', url: string, body?: object) =>
  a.http.inject({ method, url, headers: { cookie: supervisor.client.cookie }, ...(body ? { payload: body } : {}) })
    .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));

const progress = async (id: number, a: TestApp = app) => (await ok(as(a, 'GET', `/api/broadcasts/${id}`))).broadcast;

describe('broadcasting to a segment', () => {
  it('delivers paced batches through the chat, skips who opted out, and shows per-recipient progress', async () => {
    const { buyers, tag, segment } = await audience(5);
    await put(app, buyers[4].client, `/api/buyer/shops/${shop.name}/subscription`, { opt_out: true });
    // A customer moved in from another platform, with no account here: nobody to chat with.
    const imported = `迁入${Math.random().toString(36).slice(2, 8)}`;
    await waitForImport(shop.owner, (await postCsv(app, shop.owner, `nick,tags\n${imported},${tag.name}\n`)).body.import.id);

    const started = await ok(supervisor.client.post('/api/broadcasts',
      { segment_id: segment.id, text: '亲爱的{买家}，双11全场8折！', rate_per_minute: 120 }), 201);
    const id = started.broadcast.id;
    expect(started.broadcast).toMatchObject({ status: 'sending', total: 6, sent: 0, pending: 6, percent: 0, segment_name: segment.name });

    // 120 a minute: two recipients a second, never more.
    await deliver();
    expect(await progress(id)).toMatchObject({ pending: 4, status: 'sending' });
    await deliver();
    expect((await progress(id)).pending).toBe(4);
    for (let i = 0; i < 5 && (await progress(id)).status === 'sending'; i++) {
      app.clock.advance(1000);
      await deliver();
    }
    const done = await progress(id);
    expect(done).toMatchObject({ status: 'done', total: 6, sent: 4, skipped_opt_out: 1, failed: 1, pending: 0, percent: 100 });

    for (const b of buyers.slice(0, 4)) {
      const got = (await messagesOf(b)).filter((m) => m.body.broadcast_id === id);
      expect(got).toEqual([expect.objectContaining({ sender: 'system', kind: 'text', body: { text: `亲爱的${b.nick}，双11全场8折！`, broadcast_id: id } })]);
    }
    expect((await messagesOf(buyers[4])).filter((m) => m.body.broadcast_id === id)).toEqual([]);

    const recipients = (await ok(supervisor.client.get(`/api/broadcasts/${id}/recipients`))).recipients;
    expect(recipients).toHaveLength(6);
    const byNick = new Map(recipients.map((r: { nick: string }) => [r.nick, r]));
    expect(byNick.get(buyers[4].nick)).toMatchObject({ status: 'skipped_opt_out' });
    expect(byNick.get(imported)).toMatchObject({ status: 'failed', reason: 'NO_BUYER_ACCOUNT' });
    expect(byNick.get(buyers[0].nick)).toMatchObject({ status: 'sent', seq: expect.any(Number), conversation_id: expect.any(Number) });
    expect((await ok(supervisor.client.get(`/api/broadcasts/${id}/recipients?status=sent`))).total).toBe(4);

    const audit = (await ok(shop.owner.get('/api/audit?action=broadcast.send'))).entries;
    expect(audit[0]).toMatchObject({ entity: 'broadcast', entity_id: String(id), actor_name: supervisor.login,
      after: { segment_id: segment.id, recipients: 6 } });
    expect((await ok(supervisor.client.get('/api/broadcasts'))).broadcasts[0]).toMatchObject({ id, status: 'done' });
  });

  it('honours an opt-out made while the broadcast is on its way', async () => {
    const { buyers, segment } = await audience(3);
    const { broadcast } = await ok(supervisor.client.post('/api/broadcasts', { segment_id: segment.id, text: '新品上架', rate_per_minute: 60 }), 201);
    await deliver();
    const first = (await ok(supervisor.client.get(`/api/broadcasts/${broadcast.id}/recipients?status=sent`))).recipients[0].nick;
    const later = buyers.find((b) => b.nick !== first)!;
    await put(app, later.client, `/api/buyer/shops/${shop.name}/subscription`, { opt_out: true });
    for (let i = 0; i < 4; i++) {
      app.clock.advance(1000);
      await deliver();
    }
    expect(await progress(broadcast.id)).toMatchObject({ status: 'done', sent: 2, skipped_opt_out: 1 });
    expect((await messagesOf(later)).filter((m) => m.body.broadcast_id === broadcast.id)).toEqual([]);
  });

  it('goes on after a restart where the other node stopped, and never sends twice', async () => {
    const { buyers, segment } = await audience(4);
    // The node that starts the broadcast and sends its first two batches, then stops.
    const first = await createTestApp();
    first.clock.set(app.clock.now());
    const { broadcast } = await ok(as(first, 'POST', '/api/broadcasts', { segment_id: segment.id, text: '会员日', rate_per_minute: 60 }), 201);
    await deliver(first);
    first.clock.advance(1000);
    await deliver(first);
    expect((await progress(broadcast.id, first)).sent).toBe(2);
    await first.close();

    // Another node on the same database takes over from the timers the first one left.
    const second = await createTestApp();
    try {
      second.clock.set(new Date(first.clock.now().getTime() + 1000));
      // Even if a batch ran twice (its messages written but the mark lost), nothing is sent twice.
      const db = second.ctx.database.db;
      const sentOne = (await db.selectFrom('broadcast_recipients').select('customer_id').where('broadcast_id', '=', broadcast.id)
        .where('status', '=', 'sent').orderBy('customer_id').executeTakeFirstOrThrow()).customer_id;
      await db.updateTable('broadcast_recipients').set({ status: 'pending' }).where('broadcast_id', '=', broadcast.id)
        .where('customer_id', '=', sentOne).execute();
      await db.updateTable('broadcasts').set({ sent: 1 }).where('id', '=', broadcast.id).execute();
      for (let i = 0; i < 5; i++) {
        await deliver(second);
        second.clock.advance(1000);
      }
      expect(await progress(broadcast.id, second)).toMatchObject({ status: 'done', sent: 4, pending: 0 });
      const rows = await db.selectFrom('messages').select(['conversation_id']).where('client_msg_id', '=', `broadcast-${broadcast.id}`).execute();
      expect(rows).toHaveLength(4);
      expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(4);
      for (const b of buyers) expect((await messagesOf(b)).filter((m) => m.body.broadcast_id === broadcast.id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('tells the buyer\'s chat window and the shop\'s workbench as it goes', async () => {
    const base = await listen(app);
    const { buyers, segment } = await audience(1);
    const buyerSocket = await connect(base, '/buyer', buyers[0].client.cookie, { shop: shop.name });
    const agentSocket = await connect(base, '/agent', supervisor.client.cookie);
    try {
      const { broadcast } = await ok(supervisor.client.post('/api/broadcasts', { segment_id: segment.id, text: '限时秒杀' }), 201);
      await deliver();
      const message = await buyerSocket.next('message', (m) => m.body?.broadcast_id === broadcast.id);
      expect(message).toMatchObject({ sender: 'system', kind: 'text', body: { text: '限时秒杀' }, seq: expect.any(Number) });
      const progressed = await agentSocket.next('broadcast.progress', (p) => p.broadcast_id === broadcast.id && p.status === 'done');
      expect(progressed).toMatchObject({ sent: 1, pending: 0, percent: 100 });
      expect(progressed.origin).toBeUndefined();
    } finally {
      buyerSocket.close();
      agentSocket.close();
    }
  });
});

describe('what a broadcast refuses', () => {
  it('needs the permission, a segment of the shop with customers, and a text', async () => {
    const { segment } = await audience(1);
    const agent = await newSubAccount(app, shop, 'service');
    await refused(agent.client.post('/api/broadcasts', { segment_id: segment.id, text: 'x' }), 403, 'PERMISSION_DENIED');
    await refused(agent.client.get('/api/broadcasts'), 403, 'PERMISSION_DENIED');
    await refused(supervisor.client.post('/api/broadcasts', { segment_id: segment.id, text: '   ' }), 400, 'BROADCAST_TEXT_EMPTY');
    await refused(supervisor.client.post('/api/broadcasts', { segment_id: segment.id, text: '长'.repeat(501) }), 400, 'BROADCAST_TEXT_TOO_LONG');
    await refused(supervisor.client.post('/api/broadcasts', { segment_id: segment.id, text: 'x', rate_per_minute: 0 }), 400, 'VALIDATION_FAILED');
    await refused(supervisor.client.post('/api/broadcasts', { segment_id: 999_999_999, text: 'x' }), 404, 'SEGMENT_NOT_FOUND');
    const empty = (await ok(supervisor.client.post('/api/customers/segments', { name: `空${segment.id}`, rule: { min_spend: 99_999_999_99 } }), 201)).segment;
    await refused(supervisor.client.post('/api/broadcasts', { segment_id: empty.id, text: 'x' }), 400, 'BROADCAST_NO_RECIPIENTS');

    const other = await newShop(app);
    await refused(other.owner.post('/api/broadcasts', { segment_id: segment.id, text: 'x' }), 404, 'SEGMENT_NOT_FOUND');
  });

  it('cancels a broadcast that is sending, audited, and keeps the rest unsent', async () => {
    const { segment } = await audience(3);
    const { broadcast } = await ok(supervisor.client.post('/api/broadcasts', { segment_id: segment.id, text: '清仓', rate_per_minute: 60 }), 201);
    await deliver();
    const other = await newShop(app);
    await refused(other.owner.post(`/api/broadcasts/${broadcast.id}/cancel`), 404, 'BROADCAST_NOT_FOUND');
    await refused(other.owner.get(`/api/broadcasts/${broadcast.id}`), 404, 'BROADCAST_NOT_FOUND');
    const cancelled = (await ok(supervisor.client.post(`/api/broadcasts/${broadcast.id}/cancel`))).broadcast;
    expect(cancelled).toMatchObject({ status: 'cancelled', sent: 1, pending: 2 });
    app.clock.advance(1000);
    await deliver();
    expect(await progress(broadcast.id)).toMatchObject({ status: 'cancelled', sent: 1, pending: 2 });
    await refused(supervisor.client.post(`/api/broadcasts/${broadcast.id}/cancel`), 409, 'BROADCAST_NOT_CANCELLABLE');
    const audit = (await ok(shop.owner.get('/api/audit?action=broadcast.cancel'))).entries;
    expect(audit[0]).toMatchObject({ entity_id: String(broadcast.id), after: { status: 'cancelled' } });
  });

  it('lets a shop send at most three broadcasts at a time', async () => {
    const s = await newShop(app);
    const b = await newBuyer(app);
    await ok(b.client.get(`/api/buyer/chat/${s.name}`));
    const seg = (await ok(s.owner.post('/api/customers/segments', { name: '全部', rule: { min_spend: 0 } }), 201)).segment;
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await ok(s.owner.post('/api/broadcasts', { segment_id: seg.id, text: `第${i}条` }), 201)).broadcast.id);
    await refused(s.owner.post('/api/broadcasts', { segment_id: seg.id, text: '第4条' }), 409, 'TOO_MANY_BROADCASTS');
    for (const id of ids) await ok(s.owner.post(`/api/broadcasts/${id}/cancel`));
  });
});
