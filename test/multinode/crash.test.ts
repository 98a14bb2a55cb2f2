import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent, addBuyer, cluster, signUpShop, type Node } from './cluster.ts';
import { ResilientClient } from './resilient-client.ts';

let nodes: Node[];
beforeAll(async () => {
  // Both clients here write about sixty messages a second, far faster than a person: the chat's rate limit is raised.
  nodes = await cluster(2, { XIAOER_CHAT_RATE_BUYER_MESSAGES: '100000', XIAOER_CHAT_RATE_AGENT_MESSAGES: '100000' });
});
afterAll(async () => {
  await Promise.all(nodes?.map((n) => n.kill('SIGTERM')) ?? []);
});

describe('a server killed mid-conversation', () => {
  it('keeps every acknowledged message exactly once and delivers it to the other side after the restart', async () => {
    const [a, b] = nodes;
    const shop = await signUpShop(b.base);
    const agent = await addAgent(b.base, shop);
    const buyer = await addBuyer(b.base);

    // The buyer writes through node A, which is killed; the agent stays on node B.
    const agentClient = new ResilientClient(b.base, '/agent', agent.client.cookie, {}, 'agent');
    await expect.poll(async () => (await agentClient.socket.timeout(2000).emitWithAck('workbench')).agent?.status).toBe('online');
    const buyerClient = new ResilientClient(a.base, '/buyer', buyer.client.cookie, { shop: shop.name }, 'buyer');
    await new Promise<void>((r) => buyerClient.socket.once('connect', () => r()));
    buyerClient.send('open', { kind: 'text', text: '开始' });
    const assigned = await new Promise<{ conversation: { id: number } }>((r) => agentClient.socket.once('conversation:assigned', r));
    const cid = assigned.conversation.id;

    const TOTAL = 60;
    let killed = false;
    for (let i = 0; i < TOTAL; i++) {
      buyerClient.send(`b${i}`, { kind: 'text', text: `买家 ${i}` });
      agentClient.send(`a${i}`, { conversation_id: cid, kind: 'text', text: `客服 ${i}` });
      if (i === 25) {
        await a.kill('SIGKILL');
        killed = true;
        await a.start();
      }
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(killed).toBe(true);
    await expect.poll(() => buyerClient.unacked + agentClient.unacked, { timeout: 20_000 }).toBe(0);

    const { messages } = await agent.client.call('GET', `/api/conversations/${cid}/messages?limit=200`);
    const ids = messages.map((m: { client_msg_id: string }) => m.client_msg_id);
    expect(ids).toHaveLength(new Set(ids).size); // no message twice
    const stored = new Map(messages.map((m: { client_msg_id: string; seq: number }) => [m.client_msg_id, m.seq]));
    for (const client of [buyerClient, agentClient]) {
      expect(client.acked.size).toBe(client === buyerClient ? TOTAL + 1 : TOTAL);
      for (const [id, seq] of client.acked) expect(stored.get(id), id).toBe(seq);
    }
    // Each side got every message the other side had acknowledged: live, or on resuming.
    await expect.poll(() => [...buyerClient.acked.values()].filter((seq) => !agentClient.received.has(seq)).length, { timeout: 10_000 })
      .toBe(1); // the opening message was stored before the conversation had an agent
    await expect.poll(() => [...agentClient.acked.values()].filter((seq) => !buyerClient.received.has(seq)).length, { timeout: 10_000 })
      .toBe(0);
    buyerClient.socket.close();
    agentClient.socket.close();
  });
});
