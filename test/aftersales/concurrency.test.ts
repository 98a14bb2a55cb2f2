import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxEscrow } from '../../src/modules/payments/index.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { act, ask, asked, escrowOf, listen, paidTrade, refusedUnchanged, snapshot, world, type World } from './helpers.ts';

let app: TestApp;
let w: World;
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
});
afterAll(() => app.close());

describe('two answers at once', () => {
  it('a race of agrees moves the money once: one wins, the others are refused and change nothing', async () => {
    const events = listen(app);
    for (let round = 0; round < 4; round++) {
      const { tid, red } = await paidTrade(w);
      const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 7000 });
      const answers = await Promise.all([
        w.aftersales.client.post(`/api/refunds/${r.refund_id}/agree`),
        w.shop.owner.post(`/api/refunds/${r.refund_id}/agree`),
        w.aftersales.client.post(`/api/refunds/${r.refund_id}/agree`),
        w.shop.owner.post(`/api/refunds/${r.refund_id}/agree`),
      ]);
      expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([200, 409, 409, 409]);
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('REFUND_ACTION_NOT_ALLOWED');
      expect(await escrowOf(app, tid)).toMatchObject({ status: 'held', refunded: 7000, refundedByLedger: 7000, reserved: 0 });
      const s = await snapshot(app, tid);
      expect(s.audit.filter((x) => x.action === 'refund.agree')).toHaveLength(1);
      expect(s.refunds[0]).toMatchObject({ status: 'SUCCESS', version: 2 });
      expect(events.filter((e) => e.type === 'refund.succeeded' && e.payload.refund_id === r.refund_id)).toHaveLength(1);
    }
  });

  it('an agree racing the buyer\'s withdrawal ends paid or closed, never both', async () => {
    for (let round = 0; round < 6; round++) {
      const { tid, blue, payment } = await paidTrade(w);
      const r = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 5000 });
      const requests = [
        () => w.aftersales.client.post(`/api/refunds/${r.refund_id}/agree`),
        () => w.buyer.client.post(`/api/buyer/refunds/${r.refund_id}/cancel`),
      ];
      const [agree, cancel] = round % 2 ? await Promise.all(requests.map((f) => f()))
        : (await Promise.all([requests[1](), requests[0]()])).reverse();
      expect([agree.status, cancel.status].sort()).toEqual([200, 409]);
      const books = await escrowOf(app, tid);
      const { refunds } = await snapshot(app, tid);
      if (agree.status === 200) {
        expect(refunds[0].status).toBe('SUCCESS');
        expect(books).toMatchObject({ refunded: 5000, reserved: 0 });
      } else {
        expect(refunds[0].status).toBe('CLOSED');
        expect(books).toMatchObject({ refunded: 0, reserved: 0, held: payment });
      }
    }
  });

  it('two sub-orders paid back in full at once close the trade once, and the books balance', async () => {
    for (let round = 0; round < 4; round++) {
      const { tid, red, blue } = await paidTrade(w);
      const a = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 20000 });
      const b = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 5000 });
      const answers = await Promise.all([
        w.aftersales.client.post(`/api/refunds/${a.refund_id}/agree`),
        w.shop.owner.post(`/api/refunds/${b.refund_id}/agree`),
      ]);
      expect(answers.map((x) => x.status), JSON.stringify(answers.map((x) => x.body))).toEqual([200, 200]);
      const s = await snapshot(app, tid);
      expect(s.trade.status).toBe('TRADE_CLOSED');
      expect(s.orders.map((o) => o.status)).toEqual(['TRADE_CLOSED', 'TRADE_CLOSED']);
      expect(s.audit.filter((x) => x.action === 'trade.refund_close').map((x) => (x.after as any).status).sort())
        .toEqual(['TRADE_CLOSED', 'WAIT_SELLER_SEND_GOODS']);
      expect(await escrowOf(app, tid)).toMatchObject({ status: 'refunded', amount: 25000, refunded: 25000, held: 0 });
    }
  });
});

describe('two requests at once', () => {
  it('lets only one refund of a sub-order be in progress', async () => {
    for (let round = 0; round < 4; round++) {
      const { tid, red } = await paidTrade(w);
      const answers = await Promise.all([1, 2, 3].map((i) => ask(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 1000 * i })));
      expect(answers.map((x) => x.status).sort(), JSON.stringify(answers.map((x) => x.body))).toEqual([201, 409, 409]);
      for (const x of answers.filter((y) => y.status === 409)) expect(x.body.code).toBe('REFUND_EXISTS');
      const won = answers.find((x) => x.status === 201)!.body.refund;
      expect(await escrowOf(app, tid)).toMatchObject({ reserved: won.refund_fee });
    }
  });

  it('a request racing the buyer\'s receipt: refused after the trade finished, or kept in escrow if first', async () => {
    for (let round = 0; round < 6; round++) {
      const { tid, blue } = await paidTrade(w, { ship: w.warehouse.client });
      const [refund, confirm] = await Promise.all([
        ask(w.buyer, tid, { oid: blue, dispute_type: 'REFUND_AND_RETURN', refund_fee: 5000 }),
        w.buyer.client.post(`/api/buyer/trades/${tid}/confirm`),
      ]);
      expect(confirm.status).toBe(200);
      const books = await escrowOf(app, tid);
      if (refund.status === 201) {
        expect(books).toMatchObject({ status: 'released', released: 20000, held: 5000, reserved: 5000 });
        await act(w.aftersales.client, refund.body.refund.refund_id, 'returngoods/agree');
      } else {
        expect(refund.body.code).toBe('TRADE_FINISHED');
        expect(books).toMatchObject({ status: 'released', released: 25000, held: 0 });
      }
    }
  });

  it('keeps the books of many refunds of one trade: paid in = refunded + released + held', async () => {
    const { tid, red, blue } = await paidTrade(w, { ship: w.warehouse.client });
    const r1 = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 3000 });
    const r2 = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 2000 });
    await Promise.all([act(w.aftersales.client, r1.refund_id, 'agree'), act(w.shop.owner, r2.refund_id, 'agree')]);
    const r3 = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 12000 });
    await ok(w.aftersales.client.post(`/api/refunds/${r3.refund_id}/refuse`, { refuse_reason: '已经退过一部分了' }));
    await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/confirm`));
    // The shop is paid all but the refunded 5000 and the 12000 kept back for the refused request the buyer may repeat.
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'released', refunded: 5000, released: 8000, reserved: 12000, held: 12000 });
    // Asked again after the trade finished: no more than was kept back, and what is given up goes to the shop.
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/refunds/${r3.refund_id}/reapply`, { refund_fee: 15000 }),
      409, 'ESCROW_SETTLED');
    await ok(w.buyer.client.post(`/api/buyer/refunds/${r3.refund_id}/reapply`, { refund_fee: 10000 }));
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 5000, released: 10000, reserved: 10000, held: 10000 });
    await act(w.aftersales.client, r3.refund_id, 'agree');
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'released', refunded: 15000, released: 10000, reserved: 0, held: 0 });
  });
});

describe('the escrow itself', () => {
  it('pays a refund once, whoever asks it twice, and moves nothing on the second attempt', async () => {
    const { tid, red } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 3000 });
    const pay = () => inTransaction(app.ctx, (uow) =>
      sandboxEscrow.refund(uow.trx, { tid, refundId: r.refund_id, amount: 3000, at: app.clock.now() }));
    const results = await Promise.allSettled([pay(), pay(), pay()]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    for (const x of results.filter((y) => y.status === 'rejected')) {
      expect((x as PromiseRejectedResult).reason).toMatchObject({ code: 'REFUND_NOT_RESERVED', status: 409 });
    }
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 3000, refundedByLedger: 3000, reserved: 0 });
    // Nor can it be reserved again and paid a second time.
    await expect(inTransaction(app.ctx, (uow) =>
      sandboxEscrow.reserveRefund(uow.trx, { tid, refundId: r.refund_id, amount: 3000, at: app.clock.now() })))
      .rejects.toMatchObject({ code: 'REFUND_SETTLED' });
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 3000, reserved: 0 });
  });
});
