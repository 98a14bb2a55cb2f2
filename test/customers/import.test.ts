import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBuyer, newItem, newShop, newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { refused } from '../trades/helpers.ts';
import { customer, fixture, listNicks, postCsv, uploadCsv, waitForImport } from './helpers.ts';

let app: TestApp;
let shop: Awaited<ReturnType<typeof newShop>>;
let shirt: number;
beforeAll(async () => {
  app = await createTestApp();
  shop = await newShop(app);
  shirt = (await newItem(shop)).num_iid; // 纯棉T恤: imported trades of that title are linked to it
});
afterAll(() => app.close());

const errorLines = (row: { errors: { line: number; code: string }[] }) => row.errors.map((e) => [e.line, e.code]);

describe('importing customers from CSV', () => {
  it('keeps the good rows, reports each bad one by line with a reason, and shows progress', async () => {
    const res = await uploadCsv(app, shop.owner, fixture('customers.csv'), { kind: 'customers', filename: '客户.csv' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.import).toMatchObject({ kind: 'customers', file_name: '客户.csv', total: 12 });
    const done = await waitForImport(shop.owner, res.body.import.id);
    expect(done).toMatchObject({ status: 'done', total: 12, processed: 12, imported: 4, rejected: 8, failure: null });
    expect(errorLines(done)).toEqual([
      [5, 'NICK_REQUIRED'], [6, 'MOBILE_INVALID'], [7, 'DUPLICATE_ROW'], [8, 'CSV_MALFORMED'], [9, 'FIELD_COUNT'],
      [10, 'OPT_OUT_INVALID'], [11, 'NICK_INVALID'], [14, 'CSV_QUOTE_NOT_CLOSED'],
    ]);
    for (const e of done.errors) expect(e.reason.length && e.reason_en.length).toBeTruthy();

    const jia = (await customer(shop.owner, '迁入客户甲')).customer;
    expect(jia).toMatchObject({ origin: 'import', mobile: '13800000001', notes: '喜欢宽松款\n每次都要发票', opt_out: false, buyer_id: null });
    expect(jia.tags.map((t: { name: string }) => t.name)).toEqual(['VIP', '老客']);
    expect((await customer(shop.owner, '迁入客户乙')).customer).toMatchObject({ mobile: '13900000002', opt_out: true });
    expect((await customer(shop.owner, '迁入客户壬')).customer.mobile).toBe('13800000010');
    await refused(shop.owner.get(`/api/customers/${encodeURIComponent('迁入客户丙')}`), 404, 'CUSTOMER_NOT_FOUND');
    const tags = (await ok(shop.owner.get('/api/customers/tags'))).tags.map((t: { name: string }) => t.name);
    expect(tags).toEqual(expect.arrayContaining(['老客', 'VIP', '新客']));

    const audit = (await ok(shop.owner.get('/api/audit?action=customer.import'))).entries;
    expect(audit[0]).toMatchObject({ entity: 'customer_import', after: { kind: 'customers', rows: 12 } });
    expect((await ok(shop.owner.get('/api/customers/imports'))).imports[0].id).toBe(done.id);
  });

  it('reads a file saved by Excel in GBK, the kind told by its header', async () => {
    const res = await uploadCsv(app, shop.owner, fixture('customers-gbk.csv'));
    const done = await waitForImport(shop.owner, res.body.import.id);
    expect(done).toMatchObject({ kind: 'customers', imported: 1, rejected: 0 });
    expect((await customer(shop.owner, '老客户甲一')).customer).toMatchObject({ notes: '从旧店铺迁来的客户' });
  });

  it('links an imported customer to the platform buyer of the same nick', async () => {
    const buyer = await newBuyer(app);
    const res = await postCsv(app, shop.owner, `nick,notes\n${buyer.nick},老朋友\n`);
    await waitForImport(shop.owner, res.body.import.id);
    expect((await customer(shop.owner, buyer.nick)).customer).toMatchObject({ buyer_id: buyer.id, notes: '老朋友', origin: 'import' });
  });
});

describe('importing historical trades from CSV', () => {
  it('converts yuan to fen exactly, counts only purchases, and feeds spend, items bought and repurchase', async () => {
    const res = await postCsv(app, shop.owner, fixture('trades.csv'), '?file_name=orders.csv');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const done = await waitForImport(shop.owner, res.body.import.id);
    expect(done).toMatchObject({ kind: 'trades', file_name: 'orders.csv', total: 14, processed: 14, imported: 6, rejected: 8 });
    expect(errorLines(done)).toEqual([
      [7, 'PAYMENT_INVALID'], [8, 'TIME_INVALID'], [9, 'PAY_TIME_REQUIRED'], [10, 'STATUS_INVALID'], [11, 'DUPLICATE_ROW'],
      [12, 'TID_INVALID'], [13, 'PAYMENT_INVALID'], [14, 'NUM_INVALID'],
    ]);

    const jia = await customer(shop.owner, '迁入客户甲');
    // 19.99 + 1,000.01 yuan: 102,000 fen, not 101,999.99999.
    expect(jia.customer).toMatchObject({ origin: 'import', trade_count: 2, paid_trade_count: 2, total_spend: 102_000,
      last_purchase_at: '2025-04-01T02:01:00.000Z', level: '高级会员' });
    expect(jia.imported_trades[0]).toMatchObject({ tid: '1000000000000000002', payment: 100_001, num: 2, num_iid: shirt, status: 'TRADE_FINISHED' });
    // A refunded and an unpaid trade are trades, not purchases.
    expect((await customer(shop.owner, '迁入客户乙')).customer).toMatchObject({ trade_count: 3, paid_trade_count: 1, total_spend: 10 });
    expect((await customer(shop.owner, '迁入客户丁')).customer).toMatchObject({ origin: 'import', total_spend: 8888 });

    expect(await listNicks(shop.owner, `num_iid=${shirt}`)).toEqual(['迁入客户甲']);
    const stats = await ok(shop.owner.get('/api/customers/stats?from=2025-01-01T00:00:00%2B08:00&to=2026-01-01T00:00:00%2B08:00'));
    expect(stats.range).toMatchObject({ buyers: 3, repeat_buyers: 1, repurchase_rate: 0.3333, total_spend: 110_898 });
    expect(stats.periods.map((p: { start: string; buyers: number }) => [p.start, p.buyers])).toEqual([
      ['2025-02-28T16:00:00.000Z', 1], ['2025-03-31T16:00:00.000Z', 3],
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = (await customer(shop.owner, '迁入客户甲')).customer;
    const res = await uploadCsv(app, shop.owner, fixture('trades.csv'), { kind: 'trades' });
    expect(await waitForImport(shop.owner, res.body.import.id)).toMatchObject({ imported: 6, rejected: 8 });
    const after = (await customer(shop.owner, '迁入客户甲')).customer;
    expect({ ...after, updated_at: null }).toEqual({ ...before, updated_at: null });
  });
});

describe('refusing what cannot be imported', () => {
  it('answers 4xx with a code for an empty file, missing columns, an unknown kind, a JSON body or no permission', async () => {
    await refused(postCsv(app, shop.owner, ''), 400);
    await refused(postCsv(app, shop.owner, '\n\n'), 400, 'IMPORT_EMPTY');
    await refused(postCsv(app, shop.owner, 'foo,bar\n1,2\n'), 400, 'IMPORT_KIND_UNKNOWN');
    const missing = await refused(postCsv(app, shop.owner, 'tid,buyer_nick\n1,abc\n'), 400, 'IMPORT_COLUMNS_MISSING');
    expect(missing.details.missing).toEqual(['created', 'status', 'payment', 'title', 'num']);
    await refused(postCsv(app, shop.owner, fixture('customers.csv'), '?kind=trades'), 400, 'IMPORT_COLUMNS_MISSING');
    await refused(postCsv(app, shop.owner, 'nick\nabc\n', '?kind=people'), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.post('/api/customers/import', { csv: 'nick\nabc' }), 415, 'CSV_REQUIRED');
    await refused(uploadCsv(app, shop.owner, Buffer.from('nick\nabc\n'), { kind: 'nobody' }), 400, 'VALIDATION_FAILED');

    const agent = await newSubAccount(app, shop, 'supervisor');
    await refused(postCsv(app, agent.client, 'nick\nabc\n'), 403, 'PERMISSION_DENIED');
    const other = await newShop(app);
    const { import: mine } = (await postCsv(app, shop.owner, 'nick\nabcd\n')).body;
    await refused(other.owner.get(`/api/customers/imports/${mine.id}`), 404, 'IMPORT_NOT_FOUND');
    await waitForImport(shop.owner, mine.id);
  });
});
