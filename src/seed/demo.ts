import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import { MemoryBus } from '../bus/memory-bus.ts';
import { HOUR } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { Account } from '../db/schema.ts';
import { inTransaction, type UnitOfWork } from '../db/transaction.ts';
import {
  DEFAULT_MAX_DISCOUNT_PCT, DEFAULT_PERMISSIONS, hashPassword, type AccountActor, type BuyerActor, type Role,
} from '../modules/accounts/index.ts';
import { recordAudit } from '../modules/audit/index.ts';
import { importKnowledge } from '../modules/knowledge/index.ts';
import { sandboxEscrow } from '../modules/payments/index.ts';
import { addQuickReplies } from '../modules/replies/index.ts';
import * as trades from '../modules/trades/actions.ts';
import { playAftersales } from './aftersales-demo.ts';
import { tellChats } from './demo-chats.ts';
import { DEMO_BUYERS, DEMO_SHOPS, DEMO_STORIES, type DemoShop, type Step, type Story } from './demo-data.ts';
import { demoKnowledgeEntries } from './knowledge-demo.ts';
import { DEMO_PRODUCTS, MALL_DEMO_PRODUCTS } from './products.ts';
import { DEMO_PERSONAL_REPLIES, DEMO_TEAM_REPLIES } from './replies-demo.ts';
import { addProducts, addShippingTemplate, createShop } from './shop.ts';

/** Every demo log-in, shop accounts and buyers alike, has this password. */
export const DEMO_PASSWORD = 'demo1234';

export interface DemoLogin {
  shop: string;
  account: string;
  role: string;
}

// Any fixed number: nodes starting with --demo together seed once.
const DEMO_LOCK = 734_202;
const timer = { kind: 'system' as const, name: 'timer' };

/**
 * The demo shops (C-shop `demo`, mall shop `tmall-demo`), their accounts, products with knowledge text, a shipping
 * template, buyers and trades in every status, all made through the trade use cases at believable past times, the
 * team's quick replies, past chats and one waiting message (留言); then the knowledge base.
 * Idempotent: a shop that exists is left as it is. Returns the log-ins to print.
 */
export async function seedDemo(database: Database, opts: { progress?: boolean; now?: Date } = {}): Promise<DemoLogin[]> {
  const now = opts.now ?? new Date();
  const existing = await database.db.selectFrom('shops').select('name').where('name', 'in', DEMO_SHOPS.map((s) => s.name)).execute();
  const missing = DEMO_SHOPS.filter((s) => !existing.some((e) => e.name === s.name));
  if (missing.length) await seedShops(database, missing, opts.progress ?? false, now);
  // After the shops' transaction: the knowledge module writes in its own and keeps its search index current.
  await addKnowledge(database, now);
  return logins();
}

/** The missing shops in one transaction, under a lock: nodes starting together seed them once. */
async function seedShops(database: Database, missing: DemoShop[], progress: boolean, now: Date) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const storiesOf = (shop: DemoShop) => DEMO_STORIES.filter((s) => s.shop === shop.name);
  const bar = progress
    ? new cliProgress.SingleBar({ format: ' 演示数据 demo |{bar}| {value}/{total} {step}', hideCursor: true },
      cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(1 + missing.reduce((n, s) => n + 3 + storiesOf(s).length, 0), 0, { step: '' });
  const tick = (step: string) => bar?.increment({ step });
  try {
    await inTransaction({ database, bus: new MemoryBus() }, async (uow) => {
      await sql`select pg_advisory_xact_lock(${DEMO_LOCK})`.execute(uow.trx);
      const buyers = await addBuyers(uow, passwordHash, now);
      tick('buyers');
      for (const shop of missing) {
        // Another process may have seeded it while this one waited for the lock.
        if (await uow.trx.selectFrom('shops').select('id').where('name', '=', shop.name).executeTakeFirst()) continue;
        const team = await addShop(uow, shop, passwordHash, now);
        tick(`${shop.name} accounts`);
        const skus = await addProducts(uow.trx, team.shopId, shop.type === 'C' ? DEMO_PRODUCTS : MALL_DEMO_PRODUCTS,
          new Date(now.getTime() - 60 * 24 * HOUR));
        await addShippingTemplate(uow.trx, team.shopId);
        tick(`${shop.name} products`);
        for (const story of storiesOf(shop)) {
          await tell(uow, story, { ...team, skus, buyers }, now);
          tick(`${shop.name} trades`);
        }
        await addReplies(uow, shop, team, now);
        await tellChats(uow.trx, shop.name, { ...team, buyers }, now);
        tick(`${shop.name} chats`);
      }
    });
  } finally {
    bar?.stop();
  }
}

/** The team's quick replies and the agents' own, through the replies module, as an owner would import them. */
async function addReplies(uow: UnitOfWork, shop: DemoShop, team: { shopId: number; actors: Map<string, AccountActor> }, now: Date) {
  const written = new Date(now.getTime() - 80 * 24 * HOUR);
  await addQuickReplies(uow.trx, team.shopId, null, DEMO_TEAM_REPLIES[shop.name] ?? [], written);
  for (const [name, rows] of Object.entries(DEMO_PERSONAL_REPLIES[shop.name] ?? {})) {
    await addQuickReplies(uow.trx, team.shopId, team.actors.get(name)!.id, rows, written);
  }
}

/** The knowledge entries of the demo shop, into an empty knowledge base only: a base with entries is the shop's own. */
async function addKnowledge(database: Database, now: Date) {
  const shop = await database.db.selectFrom('shops').select('id').where('name', '=', DEMO_SHOPS[0].name)
    .where((eb) => eb.not(eb.exists(
      eb.selectFrom('knowledge_entries').select('id').whereRef('knowledge_entries.shop_id', '=', 'shops.id'))))
    .executeTakeFirst();
  if (!shop) return;
  await importKnowledge({ database, bus: new MemoryBus(), clock: { now: () => now } }, shop.id, demoKnowledgeEntries());
}

async function addBuyers(uow: UnitOfWork, passwordHash: string, now: Date) {
  await uow.trx
    .insertInto('buyers')
    .values(DEMO_BUYERS.map((b) => ({
      nick: b.nick, mobile: b.mobile, password_hash: passwordHash, created_at: new Date(now.getTime() - 400 * 24 * HOUR),
    })))
    .onConflict((oc) => oc.column('nick').doNothing())
    .execute();
  const rows = await uow.trx.selectFrom('buyers').select(['id', 'nick']).where('nick', 'in', DEMO_BUYERS.map((b) => b.nick)).execute();
  return new Map(rows.map((b) => [b.nick, { kind: 'buyer' as const, id: b.id, nick: b.nick }]));
}

/** The shop, its main account and its sub-accounts with their role's default permissions; returns them as actors. */
async function addShop(uow: UnitOfWork, s: DemoShop, passwordHash: string, now: Date) {
  const opened = new Date(now.getTime() - 90 * 24 * HOUR);
  const { shop, main } = await createShop(uow.trx, { name: s.name, title: s.title, type: s.type, passwordHash, now: opened });
  const actors = new Map<string, AccountActor>([['', actorOf(main)]]);
  for (const sub of s.subAccounts) {
    const row = await uow.trx
      .insertInto('accounts')
      .values({
        shop_id: shop.id, login: `${s.name}:${sub.name}`, display_name: sub.name, role: sub.role,
        permissions: DEFAULT_PERMISSIONS[sub.role], max_discount_pct: DEFAULT_MAX_DISCOUNT_PCT[sub.role],
        password_hash: passwordHash, created_at: opened, updated_at: opened,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const { password_hash: _hash, ...after } = row;
    await recordAudit(uow.trx, {
      shopId: shop.id, actor: actorOf(main), action: 'account.create', entity: 'account', entityId: row.id, after, at: opened,
    });
    actors.set(sub.name, actorOf(row));
  }
  return { shopId: shop.id, actors };
}

const actorOf = (a: Account): AccountActor => ({
  kind: 'account', id: a.id, shopId: a.shop_id, login: a.login, role: a.role as Role, isMain: a.is_main,
  permissions: a.permissions, maxDiscountPct: a.max_discount_pct,
});

interface Cast {
  shopId: number;
  actors: Map<string, AccountActor>;
  skus: { sku_id: number; num_iid: number; title: string; properties_name: string }[];
  buyers: Map<string, BuyerActor>;
}

/** Places the story's trade and plays its steps, each at its own moment, through the trade use cases. */
async function tell(uow: UnitOfWork, story: Story, cast: Cast, now: Date) {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const buyer = cast.buyers.get(story.buyer)!;
  const lines = story.lines.map(([item, props, num]) => {
    const sku = cast.skus.find((s) => s.title.includes(item) && s.properties_name === props);
    if (!sku) throw new Error(`demo data: no SKU ${item} ${props}`);
    return { num_iid: sku.num_iid, sku_id: sku.sku_id, num };
  });
  const receiver = DEMO_BUYERS.find((b) => b.nick === story.buyer)!.receiver;
  const trade = await trades.placeTrade(uow, buyer, cast.shopId, { orders: lines, ...receiver }, at(story.placed));
  const tid = trade.tid;
  const oids = (await uow.trx.selectFrom('orders').select('oid').where('tid', '=', tid).orderBy('oid').execute()).map((o) => o.oid);
  const by = (step: { by: string }) => cast.actors.get(step.by)!;
  for (const step of story.steps as Step[]) {
    const when = at(step.at);
    switch (step.do) {
      case 'pay':
        await trades.payTrade(uow, buyer, tid, undefined, sandboxEscrow, when);
        break;
      case 'price':
        await trades.changePrice(uow, by(step), tid, { oid: oids[step.line], price: step.price }, when);
        break;
      case 'memo':
        await trades.updateMemo(uow, by(step), tid, step.memo, step.flag, when);
        break;
      case 'close':
        await trades.closeTrade(uow, by(step), tid, step.reason, step.line === undefined ? undefined : oids[step.line], when);
        break;
      case 'auto_close':
        await trades.closeTrade(uow, timer, tid, '未及时付款', undefined, when, cast.shopId);
        break;
      case 'ship':
        await trades.shipTrade(uow, by(step), tid, { company_code: step.company, out_sid: step.out_sid }, when);
        break;
      case 'delay':
        await trades.delayReceive(uow, by(step), tid, step.days, when);
        break;
      case 'confirm':
        await trades.finishTrade(uow, buyer, tid, sandboxEscrow, when);
        break;
      case 'auto_finish':
        await trades.finishTrade(uow, timer, tid, sandboxEscrow, when, cast.shopId);
        break;
      default:
        await playAftersales(uow, step, { shopId: cast.shopId, tid, oids, buyer, actors: cast.actors }, when);
        break;
    }
  }
}

/** The demo's log-ins: the shops' accounts, then the buyers (who log in on the storefront). */
function logins(): DemoLogin[] {
  const list: DemoLogin[] = [];
  for (const shop of DEMO_SHOPS) {
    list.push({ shop: shop.name, account: shop.name, role: 'owner' });
    for (const sub of shop.subAccounts) list.push({ shop: shop.name, account: `${shop.name}:${sub.name}`, role: sub.role });
  }
  for (const b of DEMO_BUYERS) list.push({ shop: DEMO_SHOPS[0].name, account: b.nick, role: 'buyer' });
  return list;
}
