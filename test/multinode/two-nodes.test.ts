import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, connect, type TestSocket } from '../support/sockets.ts';
import { addAgent, addBuyer, cluster, signUpShop, type Node } from './cluster.ts';

let nodes: Node[];
const sockets: TestSocket[] = [];
beforeAll(async () => {
  nodes = await cluster(2, { XIAOER_AGENT_OFFLINE_GRACE_MS: '300' });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(nodes?.map((n) => n.kill('SIGTERM')) ?? []);
});

async function open(node: Node, ns: '/buyer' | '/agent', cookie: string, auth = {}) {
  const s = await connect(node.base, ns, cookie, auth);
  sockets.push(s);
  return s;
}

describe('one shop served by two server processes (PostgreSQL + Redis)', () => {
  it('lets a buyer on node A and an agent on node B talk, typing and reading across nodes', async () => {
    const [a, b] = nodes;
    const shop = await signUpShop(a.base);
    const agent = await addAgent(b.base, shop);
    const agentSocket = await open(b, '/agent', agent.client.cookie);
    await expect.poll(async () => (await agentSocket.ask('workbench')).agent.status).toBe('online');
    const buyer = await addBuyer(a.base);
    const buyerSocket = await open(a, '/buyer', buyer.client.cookie, { shop: shop.name });

    const first = await buyerSocket.ask('message:send', { kind: 'text', client_msg_id: clientId(), text: '从 A 节点问好' });
    expect(first.ok).toBe(true);
    const assigned = await agentSocket.next('conversation:assigned');
    const cid = assigned.conversation.id;
    expect(cid).toBe(first.message.conversation_id);
    await buyerSocket.next('conversation', (e) => e.status === 'active' && e.agent.id === agent.id);

    const reply = await agentSocket.ask('message:send', { conversation_id: cid, kind: 'text', client_msg_id: clientId(), text: 'B 节点回复' });
    expect(reply.ok).toBe(true);
    expect(await buyerSocket.next('message', (m) => m.seq === reply.message.seq)).toMatchObject({ sender: 'agent', body: { text: 'B 节点回复' } });
    const second = await buyerSocket.ask('message:send', { kind: 'text', client_msg_id: clientId(), text: '收到' });
    expect(await agentSocket.next('message', (m) => m.seq === second.message.seq)).toMatchObject({ sender: 'buyer' });

    await buyerSocket.ask('typing', { typing: true });
    expect(await agentSocket.next('typing')).toMatchObject({ conversation_id: cid, side: 'buyer' });
    await agentSocket.ask('read', { conversation_id: cid, seq: second.message.seq });
    expect(await buyerSocket.next('read')).toMatchObject({ side: 'agent', seq: second.message.seq });
    // The history is the same whichever node is asked.
    const viaA = await agent.client.call('GET', `/api/conversations/${cid}/messages`);
    expect(viaA.messages.map((m: any) => m.seq)).toEqual([1, 2, 3]);
  });

  it('keeps every agent within its limit and every conversation assigned once when both nodes route at the same moment', async () => {
    const [a, b] = nodes;
    const shop = await signUpShop(a.base);
    const agents = [await addAgent(a.base, shop), await addAgent(b.base, shop)];
    for (const agent of agents) await shop.owner.call('PATCH', `/api/routing/agents/${agent.id}`, { reception_limit: 3 });
    const agentSockets = [await open(a, '/agent', agents[0].client.cookie), await open(b, '/agent', agents[1].client.cookie)];
    for (const s of agentSockets) await expect.poll(async () => (await s.ask('workbench')).agent.status).toBe('online');

    const buyers = await Promise.all(Array.from({ length: 10 }, () => addBuyer(a.base)));
    const buyerSockets = await Promise.all(buyers.map((buyer, i) =>
      open(nodes[i % 2], '/buyer', buyer.client.cookie, { shop: shop.name })));
    const acks = await Promise.all(buyerSockets.map((s) => s.ask('message:send', { kind: 'text', client_msg_id: clientId(), text: '同时到达' })));
    expect(acks.every((x) => x.ok)).toBe(true);

    await expect.poll(async () => (await shop.owner.call('GET', '/api/routing/queue')).queued, { timeout: 10_000 }).toBe(4);
    const { agents: load } = await shop.owner.call('GET', '/api/routing/agents');
    expect(load.map((x: any) => x.active)).toEqual([3, 3]);
    const seen = agentSockets.flatMap((s) => s.seen('conversation:assigned').map((e) => e.conversation.id));
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    // The queued buyers see their places, 1 to 4, from whichever node they are on.
    const positions = await Promise.all(buyerSockets.map((s) => s.ask('queue:position')));
    expect(positions.map((p) => p.position).filter((p) => p !== null).sort()).toEqual([1, 2, 3, 4]);
  });

  it('takes an agent offline once its last socket on any node is gone', async () => {
    const [a, b] = nodes;
    const shop = await signUpShop(a.base);
    const agent = await addAgent(a.base, shop);
    const onA = await open(a, '/agent', agent.client.cookie);
    const onB = await open(b, '/agent', agent.client.cookie);
    await expect.poll(async () => (await onB.ask('workbench')).agent.status).toBe('online');
    onA.close();
    await new Promise((r) => setTimeout(r, 800));
    expect((await onB.ask('workbench')).agent.status).toBe('online');
    onB.close();
    await expect.poll(async () => (await shop.owner.call('GET', '/api/routing/agents')).agents[0].status, { timeout: 5000 }).toBe('offline');
  });
});
