import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatShop, openAgent, openBuyer, routedTo, say, setLimit } from '../chat/helpers.ts';
import { newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { connect } from '../support/sockets.ts';
import { refused } from '../trades/helpers.ts';
import { reply } from '../stats/helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('the live board (SPEC §12)', () => {
  it("pushes each agent's load, the buyer waiting longest and the queue to the supervisors' room as they change", async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    await setLimit(shop.owner, agent.id, 1);
    const lead = await newSubAccount(app, shop, 'supervisor');
    const watcher = await connect(shop.base, '/agent', lead.client.cookie);
    const joined = await watcher.ask('supervision:join');
    expect(joined.ok).toBe(true);
    expect(joined.board.agents.find((a: any) => a.account_id === agent.id)).toMatchObject({ status: 'online', active: 0, reception_limit: 1, load: 0, longest_wait: null });
    expect(joined.board.queue).toMatchObject({ queued: 0, waiting: 0 });

    // A buyer writes: the agent takes it and has a buyer waiting for an answer.
    const b1 = await openBuyer(app, shop);
    const c1 = (await say(b1.socket, '在吗')).conversation_id;
    await routedTo(shop.owner, c1, { status: 'active', agent_id: agent.id });
    const busy = await watcher.next('supervision:board', (b) => b.agents.some((a: any) => a.account_id === agent.id && a.active === 1 && a.longest_wait));
    expect(busy.agents.find((a: any) => a.account_id === agent.id)).toMatchObject({ load: 1, longest_wait: { conversation_id: c1 } });
    expect(busy.conversations).toEqual([expect.objectContaining({ id: c1, agent_id: agent.id, status: 'active', waiting_since: expect.any(String) })]);

    // A second buyer finds the agent full and queues.
    const b2 = await openBuyer(app, shop);
    const c2 = (await say(b2.socket, '有人吗')).conversation_id;
    const queued = await watcher.next('supervision:board', (b) => b.queue.queued === 1);
    expect(queued.conversations.find((c: any) => c.id === c2)).toMatchObject({ status: 'queued', agent_id: null });
    expect(queued.queue.oldest_queued_since).toBeTruthy();

    // The agent answers: nobody waits on it any more.
    await reply(agent, c1);
    const answered = await watcher.next('supervision:board', (b) => b.conversations.some((c: any) => c.id === c1 && c.waiting_since === null));
    expect(answered.agents.find((a: any) => a.account_id === agent.id).longest_wait).toBeNull();
    expect((await ok(lead.client.get('/api/supervision/board'))).queue.queued).toBe(1);

    // Only supervisors watch: an agent is refused, over the socket and over HTTP.
    expect(await agent.socket.ask('supervision:join')).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' });
    await refused(agent.client.get('/api/supervision/board'), 403, 'PERMISSION_DENIED');
    // Another shop's supervisor sees nothing of this one.
    const other = await chatShop(app);
    const board = await ok(other.owner.get('/api/supervision/board'));
    expect(board.conversations).toEqual([]);
    for (const s of [b1.socket, b2.socket, agent.socket, watcher]) s.close();
  });

  it('lets a supervisor read any conversation of the shop, with who served which messages, and write nothing', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, '这件有货吗')).conversation_id;
    await routedTo(shop.owner, cid, { status: 'active', agent_id: agent.id });
    await reply(agent, cid, '有货的');
    const lead = await newSubAccount(app, shop, 'supervisor');
    const view = await ok(lead.client.get(`/api/supervision/conversations/${cid}`));
    expect(view.read_only).toBe(true);
    expect(view.messages.map((m: any) => [m.seq, m.sender_kind])).toEqual([[1, 'buyer'], [2, 'agent']]);
    // The agent was assigned after the buyer's first message: it served the messages after seq 1.
    expect(view.assignments).toEqual([expect.objectContaining({ agent_id: agent.id, start_seq: 1, end_seq: null, ended_at: null })]);
    await refused(agent.client.get(`/api/supervision/conversations/${cid}`), 403, 'PERMISSION_DENIED');
    const other = await chatShop(app);
    await refused(other.owner.get(`/api/supervision/conversations/${cid}`), 404, 'CONVERSATION_NOT_FOUND');
    // Watching live goes through the chat's `watch`; a supervisor's socket cannot send into the conversation.
    const watcher = await connect(shop.base, '/agent', lead.client.cookie);
    expect((await watcher.ask('watch', { conversation_id: cid })).ok).toBe(true);
    const sent = await watcher.ask('message:send', { conversation_id: cid, kind: 'text', client_msg_id: 'x1', text: '插话' });
    expect(sent).toMatchObject({ ok: false, code: 'CONVERSATION_NOT_WRITABLE' });
    await reply(agent, cid, '还有别的问题吗');
    expect(await watcher.next('message', (m) => m.seq === 3)).toMatchObject({ sender: 'agent' });
    for (const s of [buyer.socket, agent.socket, watcher]) s.close();
  });
});
