import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { MemoryBus } from '../src/bus/memory-bus.ts';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { Router } from '../src/modules/routing/index.ts';
import { createRealtime } from '../src/realtime/server.ts';

export interface Seeded {
  shop: string;
  agentCookies: string[];
  buyerCookies: string[];
}

const cookieOf = (token: string) => `xiaoer_session=${token}`;
const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * A shop with `agents` customer-service accounts and `buyers` buyers, each with a session, written straight into
 * the database: signing 2,000 buyers up through the API would spend minutes in the password hash.
 */
export async function seedChatShop(database: Database, opts: { agents: number; buyers: number; limit: number }): Promise<Seeded> {
  const db = database.db;
  const name = `bench-${randomBytes(3).toString('hex')}`;
  const shop = await db.insertInto('shops').values({ name, title: '压测店', type: 'C' }).returning('id').executeTakeFirstOrThrow();
  const placeholder = 'scrypt$32768$8$1$AAAA$AAAA'; // no password opens these accounts; their sessions do
  const agents = await sql<{ id: number }>`
    insert into accounts (shop_id, login, display_name, role, password_hash)
    select ${shop.id}, ${name} || ':客服' || g, '客服' || g, 'service', ${placeholder} from generate_series(1, ${opts.agents}) g
    returning id`.execute(db);
  await sql`insert into agent_states (account_id, shop_id, reception_limit, status_changed_at)
    select id, ${shop.id}, ${opts.limit}, now() from unnest(${agents.rows.map((a) => a.id)}::bigint[]) id`.execute(db);
  const buyers = await sql<{ id: number }>`
    insert into buyers (nick, password_hash)
    select ${name} || '买家' || g, ${placeholder} from generate_series(1, ${opts.buyers}) g returning id`.execute(db);
  const tokens = (n: number) => Array.from({ length: n }, () => randomBytes(24).toString('base64url'));
  const agentTokens = tokens(agents.rows.length);
  const buyerTokens = tokens(buyers.rows.length);
  const expires = new Date(Date.now() + 86_400_000);
  await sql`insert into sessions (token_hash, account_id, expires_at)
    select * , ${expires}::timestamptz from unnest(${agentTokens.map(hash)}::text[], ${agents.rows.map((a) => a.id)}::bigint[])`.execute(db);
  await sql`insert into sessions (token_hash, buyer_id, expires_at)
    select *, ${expires}::timestamptz from unnest(${buyerTokens.map(hash)}::text[], ${buyers.rows.map((b) => b.id)}::bigint[])`.execute(db);
  return { shop: name, agentCookies: agentTokens.map(cookieOf), buyerCookies: buyerTokens.map(cookieOf) };
}

/**
 * 10,000 conversations arrive at once (each buyer's first message asks for routing) in a shop of 50 online agents:
 * the time until every one is assigned or queued, and how many agents ended above their limit (must be none).
 */
export async function routingBurst(conversations = 10_000, agents = 50, limit = 10) {
  const database = await openDatabase({});
  await migrate(database);
  const config = loadConfig({ logLevel: 'silent' }, {});
  const ctx: AppContext = { config, database, bus: new MemoryBus(), clock: systemClock, log: pino({ level: 'silent' }) };
  const realtime = await createRealtime(ctx);
  const router = new Router(ctx, realtime.hub);
  const db = database.db;
  const { shopId, ids } = await (async () => {
    const shop = await db.insertInto('shops').values({ name: `burst-${randomBytes(3).toString('hex')}`, title: 'b', type: 'C' })
      .returning('id').executeTakeFirstOrThrow();
    const accs = await sql<{ id: number }>`
      insert into accounts (shop_id, login, display_name, role, password_hash)
      select ${shop.id}, 'burst:' || g || ${shop.id}, 'a' || g, 'service', 'x' from generate_series(1, ${agents}) g returning id`.execute(db);
    await sql`insert into agent_states (account_id, shop_id, status, reception_limit, status_changed_at)
      select id, ${shop.id}, 'online', ${limit}, now() from unnest(${accs.rows.map((a) => a.id)}::bigint[]) id`.execute(db);
    const buyers = await sql<{ id: number }>`
      insert into buyers (nick, password_hash) select 'burst' || ${shop.id} || '_' || g, 'x' from generate_series(1, ${conversations}) g
      returning id`.execute(db);
    const convs = await sql<{ id: number }>`
      insert into conversations (shop_id, buyer_id, buyer_nick, last_seq, last_message_at, last_buyer_message_at)
      select ${shop.id}, b.id, b.nick, 1, now(), now() from buyers b where b.id = any(${buyers.rows.map((b) => b.id)}::bigint[])
      order by b.id returning id`.execute(db);
    return { shopId: shop.id, ids: convs.rows.map((c) => c.id) };
  })();

  const started = performance.now();
  await Promise.all(ids.map((id) => router.route(shopId, id)));
  const ms = Math.round(performance.now() - started);

  const { rows: [check] } = await sql<{ over_limit: number; unrouted: number; assigned: number; queued: number }>`
    select
      (select count(*)::int from (select c.agent_id from conversations c join agent_states s on s.account_id = c.agent_id
        where c.shop_id = ${shopId} and c.status = 'active' group by c.agent_id, s.reception_limit
        having count(*) > s.reception_limit) o) as over_limit,
      (select count(*)::int from conversations where shop_id = ${shopId} and status not in ('active', 'queued')) as unrouted,
      (select count(*)::int from conversations where shop_id = ${shopId} and status = 'active') as assigned,
      (select count(*)::int from conversations where shop_id = ${shopId} and status = 'queued') as queued`.execute(db);
  router.close();
  await realtime.close();
  await database.close();
  if (check.unrouted) throw new Error(`${check.unrouted} conversations were neither assigned nor queued`);
  return { bench: 'routing_burst', conversations, ms, over_limit: check.over_limit };
}
