import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_RATE_LIMIT } from '../../src/modules/accounts/api.ts';
import { UPLOAD_RATE_LIMIT } from '../../src/modules/integration/index.ts';
import { Client } from '../support/client.ts';
import { newBuyer, newShop, newSubAccount, PASSWORD } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { clientId } from '../support/sockets.ts';
import { chatShop, multipart, openAgent, openBuyer, PNG, say } from '../chat/helpers.ts';

/** Log-in, buyer messages and uploads each stop a client far faster than a person, with RATE_LIMITED (429). */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ chatRateBuyerMessages: 4, chatRateWindowMs: 60_000 });
});
afterAll(() => app.close());

describe('rate limits', () => {
  it('stop guessing passwords of a shop account or a buyer', async () => {
    const shop = await newShop(app);
    const buyer = await newBuyer(app);
    for (const [url, body] of [
      ['/api/auth/login', { account: shop.name, password: 'wrong-password' }],
      ['/api/buyer/login', { nick: buyer.nick, password: 'wrong-password' }],
    ] as const) {
      const client = new Client(app.http);
      for (let i = 0; i < LOGIN_RATE_LIMIT.max; i++) expect((await client.post(url, body)).status).toBe(401);
      const limited = await client.post(url, body);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', message: expect.any(String), message_en: expect.any(String) });
      // Even the right password waits: the limit is on trying.
      expect((await client.post(url, { ...body, password: PASSWORD })).status).toBe(429);
    }
  });

  it('stop a buyer sending messages faster than a person types', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    for (let i = 0; i < 4; i++) await say(buyer.socket, `第${i}条`);
    const refused = await buyer.socket.ask('message:send', { kind: 'text', client_msg_id: clientId(), text: '太快了' });
    expect(refused).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    for (const s of [agent.socket, buyer.socket]) s.close();
  });

  it('stop a sender flooding uploads, before the file is read, and not its teammates', async () => {
    const shop = await newShop(app);
    const agent = await newSubAccount(app, shop, 'service');
    const other = await newSubAccount(app, shop, 'service');
    const upload = (client: Client) => app.http.inject({
      method: 'POST', url: '/api/conversations/999999/uploads', ...multipart('a.png', PNG, 'image/png'),
      headers: { ...multipart('a.png', PNG, 'image/png').headers, cookie: client.cookie },
    });
    for (let i = 0; i < UPLOAD_RATE_LIMIT.max; i++) expect((await upload(agent.client)).statusCode).toBe(404);
    const limited = await upload(agent.client);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect((await upload(other.client)).statusCode).toBe(404);

    const buyer = await newBuyer(app);
    const buyerUpload = () => app.http.inject({
      method: 'POST', url: `/api/buyer/chat/${shop.name}/uploads`, payload: '{}',
      headers: { 'content-type': 'application/json', cookie: buyer.client.cookie },
    });
    for (let i = 0; i < UPLOAD_RATE_LIMIT.max; i++) expect((await buyerUpload()).statusCode).toBe(415);
    expect((await buyerUpload()).json().code).toBe('RATE_LIMITED');
  });
});
