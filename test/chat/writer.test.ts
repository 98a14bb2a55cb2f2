import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingMessage } from '../../src/modules/chat/message-writer.ts';
import { newBuyer, newShop } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

async function conversationOf(shopId: number, buyer: { id: number; nick: string }) {
  const { rows } = await sql<{ id: number }>`
    insert into conversations (shop_id, buyer_id, buyer_nick) values (${shopId}, ${buyer.id}, ${buyer.nick}) returning id`
    .execute(app.ctx.database.db);
  return rows[0].id;
}

describe('the group-commit writer', () => {
  it('numbers messages per conversation in the order they were handed in, across batches', async () => {
    const shop = await newShop(app);
    const buyers = [await newBuyer(app), await newBuyer(app), await newBuyer(app)];
    const ids = await Promise.all(buyers.map((b) => conversationOf(shop.shopId, b)));
    const messages: PendingMessage[] = Array.from({ length: 330 }, (_, i) => ({
      conversationId: ids[i % 3], shopId: shop.shopId, senderKind: 'buyer', senderId: buyers[i % 3].id,
      senderName: buyers[i % 3].nick, clientMsgId: `w${i}`, kind: 'text', body: { text: `#${i}` },
    }));
    const results = await Promise.all(messages.map((m) => app.chat.writer.write(m)));
    expect(results.every((r) => r.ok && !r.duplicate)).toBe(true);
    for (const [k, id] of ids.entries()) {
      const seqs = results.filter((_, i) => i % 3 === k).map((r) => (r.ok ? r.message.seq : -1));
      expect(seqs).toEqual(Array.from({ length: 110 }, (_, i) => i + 1));
      const { rows } = await sql<{ n: number; top: number }>`
        select count(*)::int as n, max(seq)::int as top from messages where conversation_id = ${id}`.execute(app.ctx.database.db);
      expect(rows[0]).toEqual({ n: 110, top: 110 });
    }
  });

  it('fails only the message the database refuses, not its neighbours in the batch', async () => {
    const shop = await newShop(app);
    const buyer = await newBuyer(app);
    const id = await conversationOf(shop.shopId, buyer);
    const base = { conversationId: id, shopId: shop.shopId, senderKind: 'buyer' as const, senderId: buyer.id, senderName: buyer.nick, kind: 'text' as const };
    const outcomes = await Promise.allSettled([
      app.chat.writer.write({ ...base, clientMsgId: 'ok1', body: { text: '前' } }),
      // A NUL character has no place in a jsonb document: the database refuses it.
      app.chat.writer.write({ ...base, clientMsgId: 'bad', body: { text: 'a\u0000b' } }),
      app.chat.writer.write({ ...base, clientMsgId: 'ok2', body: { text: '后' } }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const { rows } = await sql<{ client_msg_id: string }>`
      select client_msg_id from messages where conversation_id = ${id} order by seq`.execute(app.ctx.database.db);
    expect(rows.map((r) => r.client_msg_id)).toEqual(['ok1', 'ok2']);
  });

  it("refuses a message for a conversation of another shop or another buyer, and a resend under another sender's id", async () => {
    const shop = await newShop(app);
    const other = await newShop(app);
    const [alice, bob] = [await newBuyer(app), await newBuyer(app)];
    const id = await conversationOf(shop.shopId, alice);
    const m = { conversationId: id, shopId: shop.shopId, senderKind: 'buyer' as const, senderId: alice.id, senderName: alice.nick, clientMsgId: 'x', kind: 'text' as const, body: { text: 'hi' } };
    expect(await app.chat.writer.write({ ...m, shopId: other.shopId })).toEqual({ ok: false, reason: 'not_allowed' });
    expect(await app.chat.writer.write({ ...m, senderId: bob.id })).toEqual({ ok: false, reason: 'not_allowed' });
    expect(await app.chat.writer.write({ ...m, senderKind: 'agent', senderId: alice.id })).toEqual({ ok: false, reason: 'not_allowed' });
    expect((await app.chat.writer.write(m)).ok).toBe(true);
    expect((await app.chat.writer.write({ ...m, senderKind: 'system', senderId: null }))).toEqual({ ok: false, reason: 'id_taken' });
  });

  it('numbers no message for a resend: the next one follows without a gap, and the newest seq is the last message', async () => {
    const shop = await newShop(app);
    const buyer = await newBuyer(app);
    const id = await conversationOf(shop.shopId, buyer);
    const m = (clientMsgId: string) => ({
      conversationId: id, shopId: shop.shopId, senderKind: 'buyer' as const, senderId: buyer.id, senderName: buyer.nick,
      clientMsgId, kind: 'text' as const, body: { text: clientMsgId },
    });
    await app.chat.writer.write(m('r1'));
    await app.chat.writer.write(m('r2'));
    // A resend of the last message alone, then one in the same batch as a new message.
    const again = await app.chat.writer.write(m('r2'));
    expect(again.ok && again.duplicate && again.message.seq).toBe(2);
    const [resent, next] = await Promise.all([app.chat.writer.write(m('r1')), app.chat.writer.write(m('r3'))]);
    expect(resent.ok && resent.duplicate && resent.message.seq).toBe(1);
    expect(next.ok && !next.duplicate && next.message.seq).toBe(3);
    const { rows } = await sql<{ last_seq: number }>`select last_seq::int from conversations where id = ${id}`.execute(app.ctx.database.db);
    // The workbench counts unread messages as last_seq − agent_read_seq: a number no message holds would stay unread.
    expect(rows[0].last_seq).toBe(3);
  });
});
