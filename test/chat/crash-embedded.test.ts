import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent, addBuyer, freePort, Node, signUpShop } from '../multinode/cluster.ts';
import { ResilientClient } from '../multinode/resilient-client.ts';

// One server on the embedded database, as `npm start` runs it: the database is PGlite in a data folder, whichever
// engine the other tests run on.
describe.runIf(process.env.XIAOER_TEST_ENGINE === 'pglite')('the embedded database, its server killed mid-conversation', () => {
  let node: Node;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'xiaoer-crash-'));
    node = await new Node(await freePort(), {
      XIAOER_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn', XIAOER_SIGNUPS_PER_MINUTE: '100000',
      // Both clients write far faster than a person: the chat's rate limit is raised.
      XIAOER_CHAT_RATE_BUYER_MESSAGES: '100000', XIAOER_CHAT_RATE_AGENT_MESSAGES: '100000',
    }).start();
  }, 90_000);
  afterAll(async () => {
    await node?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged message exactly once, and both sides get what they missed', async () => {
    const shop = await signUpShop(node.base);
    const agent = await addAgent(node.base, shop);
    const buyer = await addBuyer(node.base);
    const agentClient = new ResilientClient(node.base, '/agent', agent.client.cookie, {}, 'agent');
    await expect.poll(async () => (await agentClient.socket.timeout(2000).emitWithAck('workbench')).agent?.status).toBe('online');
    const buyerClient = new ResilientClient(node.base, '/buyer', buyer.client.cookie, { shop: shop.name }, 'buyer');
    buyerClient.send('open', { kind: 'text', text: '在吗' });
    const assigned = await new Promise<{ conversation: { id: number } }>((r) => agentClient.socket.once('conversation:assigned', r));
    const cid = assigned.conversation.id;

    const TOTAL = 60;
    for (let i = 0; i < TOTAL; i++) {
      buyerClient.send(`b${i}`, { kind: 'text', text: `买家 ${i}` });
      agentClient.send(`a${i}`, { conversation_id: cid, kind: 'text', text: `客服 ${i}` });
      // Mid-stream, with batches in flight: no shutdown code runs, PGlite recovers the folder at the next start.
      if (i === 25) {
        await node.kill('SIGKILL');
        await node.start();
      }
      await new Promise((r) => setTimeout(r, 15));
    }
    await expect.poll(() => buyerClient.unacked + agentClient.unacked, { timeout: 30_000 }).toBe(0);

    const { messages } = await agent.client.call('GET', `/api/conversations/${cid}/messages?limit=200`);
    const ids = messages.map((m: { client_msg_id: string }) => m.client_msg_id);
    expect(ids).toHaveLength(new Set(ids).size);
    const stored = new Map(messages.map((m: { client_msg_id: string; seq: number }) => [m.client_msg_id, m.seq]));
    expect(buyerClient.acked.size).toBe(TOTAL + 1);
    expect(agentClient.acked.size).toBe(TOTAL);
    for (const client of [buyerClient, agentClient]) {
      for (const [id, seq] of client.acked) expect(stored.get(id), id).toBe(seq);
    }
    // The buyer resumed from the last message it saw when it reconnected; the workbench asks the same way (sync).
    const { conversations } = await agentClient.socket.timeout(2000).emitWithAck('sync', { cursors: [{ conversation_id: cid, after_seq: 0 }] });
    const seenByAgent = new Set<number>([...agentClient.received.keys(), ...conversations[0].messages.map((m: { seq: number }) => m.seq)]);
    expect([...buyerClient.acked.values()].filter((seq) => !seenByAgent.has(seq))).toEqual([]);
    await expect.poll(() => [...agentClient.acked.values()].filter((seq) => !buyerClient.received.has(seq)).length, { timeout: 10_000 })
      .toBe(0);
    buyerClient.socket.close();
    agentClient.socket.close();
  }, 120_000);
});
