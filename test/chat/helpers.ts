import { expect } from 'vitest';
import type { Client } from '../support/client.ts';
import { newBuyer, newShop, newSubAccount } from '../support/factories.ts';
import type { TestApp } from '../support/harness.ts';
import { connect, listen, type TestSocket } from '../support/sockets.ts';

export type Shop = Awaited<ReturnType<typeof newShop>>;

/** A shop with a listening server. */
export async function chatShop(app: TestApp) {
  const base = await listen(app);
  const shop = await newShop(app);
  return { ...shop, base };
}

/** A buyer with the chat window of the shop open. */
export async function openBuyer(app: TestApp, shop: Shop & { base: string }, auth: Record<string, unknown> = {}) {
  const buyer = await newBuyer(app);
  const socket = await connect(shop.base, '/buyer', buyer.client.cookie, { shop: shop.name, ...auth });
  await socket.next('conversation');
  return { ...buyer, socket };
}

/** An agent with the workbench open, online (a customer-service agent goes online as it connects). */
export async function openAgent(app: TestApp, shop: Shop & { base: string }, role = 'service', extra = {}) {
  const agent = await newSubAccount(app, shop, role, extra);
  const socket = await connect(shop.base, '/agent', agent.client.cookie);
  if (role === 'service' || role === 'aftersales') await untilStatus(socket, 'online');
  return { ...agent, socket };
}

export async function untilStatus(socket: TestSocket, status: string) {
  await expect.poll(async () => (await socket.ask('workbench')).agent.status, { timeout: 5000 }).toBe(status);
}

export async function setLimit(owner: Client, accountId: number, limit: number) {
  const res = await owner.patch(`/api/routing/agents/${accountId}`, { reception_limit: limit });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** A buyer's text message, acknowledged. */
export async function say(socket: TestSocket, text: string, id = `m${Math.random().toString(36).slice(2)}`) {
  const ack = await socket.ask('message:send', { kind: 'text', client_msg_id: id, text });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return ack.message;
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1d6a40000000049454e44ae426082',
  'hex',
);

export function multipart(name: string, data: Buffer, type: string) {
  const boundary = '----xiaoer' + Math.random().toString(16).slice(2);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export const conversation = async (owner: { get(url: string): Promise<{ body: any }> }, id: number) =>
  (await owner.get(`/api/conversations/${id}`)).body.conversation;

/** Routing follows the buyer's message a moment later: wait until the conversation matches. */
export const routedTo = (owner: { get(url: string): Promise<{ body: any }> }, id: number, expected: object) =>
  expect.poll(() => conversation(owner, id), { timeout: 5000 }).toMatchObject(expected);
