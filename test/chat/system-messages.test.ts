import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { connect } from '../support/sockets.ts';
import { chatShop, conversation, openAgent, openBuyer, routedTo, say } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const system = (event: string) => (m: any) => m.sender === 'system' && m.body.event === event;

describe('system messages', () => {
  it('tell both sides of a transfer (队员间转发); the note reaches the receiving agent and never the buyer', async () => {
    const shop = await chatShop(app);
    const a = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const first = await say(buyer.socket, '我想开发票');
    const cid = first.conversation_id;
    await a.socket.next('conversation:assigned');
    const b = await openAgent(app, shop);
    const NOTE = '老客户，要增值税发票，已核对抬头';

    await ok(a.client.post(`/api/conversations/${cid}/transfer`, { to_agent_id: b.id, note: NOTE }));
    const told = await buyer.socket.next('message', system('transferred'));
    expect(told).toMatchObject({
      conversation_id: cid, seq: 2, sender: 'system', sender_id: null, kind: 'system',
      body: { event: 'transferred', from_agent: { id: a.id }, to_agent: { id: b.id } },
    });
    expect(told.body.text).toMatch(/转接/);
    expect(told.body.text_en).toMatch(/continue to help you/);
    const assigned = await b.socket.next('conversation:assigned', (e) => e.conversation.id === cid);
    expect(assigned).toMatchObject({ transfer: { from_agent_id: a.id, note: NOTE }, conversation: { last_seq: 2 } });
    expect(await b.socket.next('message', system('transferred'))).toMatchObject({ seq: 2 });
    expect(await a.socket.next('message', system('transferred'))).toMatchObject({ seq: 2 });
    expect((await conversation(b.client, cid)).assignment).toMatchObject({ via: 'transfer', from_agent_id: a.id, agent_id: b.id, note: NOTE });

    // The buyer writes on and reconnects: nowhere does the note appear on the buyer's side.
    await say(buyer.socket, '好的');
    const back = await connect(shop.base, '/buyer', buyer.client.cookie, { shop: shop.name, last_seq: 1 });
    const resumed = await back.next('messages');
    expect(resumed.messages.map((m: any) => [m.seq, m.sender])).toEqual([[2, 'system'], [3, 'buyer']]);
    const seenByBuyer = JSON.stringify([buyer.socket.events, back.events, await back.ask('history', {}), await back.ask('sync', { after_seq: 0 }),
      (await buyer.client.get(`/api/buyer/chat/${shop.name}`)).body, (await buyer.client.get(`/api/buyer/chat/${shop.name}/messages`)).body]);
    expect(seenByBuyer).toContain('transferred');
    expect(seenByBuyer).not.toContain(NOTE);
    expect(seenByBuyer).not.toContain('发票，已核对');
    for (const s of [buyer.socket, back, a.socket, b.socket]) s.close();
  });

  it('tell both sides of a supervisor’s reassignment, the agent who lost the chat too', async () => {
    const shop = await chatShop(app);
    const a = await openAgent(app, shop);
    const b = await openAgent(app, shop);
    const supervisor = await newSubAccount(app, shop, 'supervisor');
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, '你好')).conversation_id;
    await routedTo(shop.owner, cid, { status: 'active' });
    const servedBy = (await conversation(shop.owner, cid)).agent_id;
    const other = servedBy === a.id ? b : a;
    await ok(supervisor.client.post(`/api/conversations/${cid}/reassign`, { to_agent_id: other.id, note: '换个人试试' }));
    const told = await buyer.socket.next('message', system('reassigned'));
    expect(told.body).toMatchObject({ from_agent: { id: servedBy }, to_agent: { id: other.id } });
    expect(JSON.stringify(told)).not.toContain('换个人试试');
    expect(await other.socket.next('message', system('reassigned'))).toMatchObject({ seq: told.seq });
    expect(await (other === a ? b : a).socket.next('message', system('reassigned'))).toMatchObject({ seq: told.seq });
    for (const s of [buyer, a, b]) s.socket.close();
  });

  it('tell both sides that the conversation ended, by the agent or after a long silence, and are part of the history', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, '谢谢')).conversation_id;
    await agent.socket.next('conversation:assigned');
    const ended = (await ok(agent.client.post(`/api/conversations/${cid}/end`))).conversation;
    expect(ended).toMatchObject({ status: 'ended', last_seq: 2 });
    const told = await buyer.socket.next('message', system('ended'));
    expect(told).toMatchObject({ seq: 2, body: { by: 'agent', agent_id: agent.id } });
    expect(await agent.socket.next('message', system('ended'))).toMatchObject({ seq: 2 });

    // Next time, silence ends it.
    await ok(shop.owner.patch('/api/routing/settings', { idle_end_minutes: 5 }));
    await say(buyer.socket, '又是我');
    await agent.socket.next('conversation:assigned', (e) => e.conversation.last_seq === 3);
    app.clock.advance(6 * 60_000);
    await app.chat.sweeper.sweep();
    expect(await buyer.socket.next('message', (m) => system('ended')(m) && m.body.by === 'idle')).toMatchObject({ seq: 4 });
    expect(await agent.socket.next('message', (m) => system('ended')(m) && m.seq === 4)).toBeTruthy();
    const history = await agent.socket.ask('history', { conversation_id: cid });
    expect(history.messages.map((m: any) => m.kind === 'system' ? `system:${m.body.event}` : m.body.text))
      .toEqual(['谢谢', 'system:ended', '又是我', 'system:ended']);
    expect((await conversation(shop.owner, cid)).last_seq).toBe(4);
    for (const s of [buyer, agent]) s.socket.close();
  });
});
