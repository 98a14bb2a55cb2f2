import { sql } from 'kysely';
import type { Database } from '../src/db/database.ts';

/**
 * The chat history of a busy shop for `npm run bench -- stats`: `agents` agents, one conversation per buyer of the
 * shop's generated trades, and `messages` messages in sessions of 20 (the buyer first, then agent and buyer in turn,
 * 15 s apart), spread evenly over the `days` before `now`. Each session is one assignment with its marks; the first
 * message of each waits for the agent (written before the assignment). Written in bulk as a replica, so no trigger
 * runs: the figures are then built day by day by the recompute, as a shop moving in would.
 */
export const SESSION = 20;

export async function generateChats(database: Database, opts: { shopId: number; agents: number; messages: number; days: number; now: Date },
  progress: (done: number) => void) {
  const sessions = Math.max(1, Math.floor(opts.messages / SESSION));
  const t0 = new Date(opts.now.getTime() - opts.days * 86_400_000);
  await database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`set local work_mem = '128MB'`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    await sql`
      insert into accounts (shop_id, login, display_name, role, password_hash, created_at, updated_at)
      select ${opts.shopId}, s.name || ':客服' || g, '客服' || g, 'service', 'bench', ${t0}, ${t0}
      from generate_series(1, ${opts.agents}) g, shops s where s.id = ${opts.shopId}
      on conflict (login) do nothing`.execute(trx);
    await sql`create temp table gen_agent on commit drop as
      select (row_number() over (order by id) - 1)::int as i, id, login from accounts
      where shop_id = ${opts.shopId} and role = 'service' order by id limit ${opts.agents}`.execute(trx);
    await sql`
      insert into conversations (shop_id, buyer_id, buyer_nick, status, created_at)
      select ${opts.shopId}, b.id, b.nick, 'ended', ${t0}
      from (select distinct buyer_id from trades where shop_id = ${opts.shopId}) t join buyers b on b.id = t.buyer_id
      on conflict (shop_id, buyer_id) do nothing`.execute(trx);
    await sql`create temp table gen_conv on commit drop as
      select (row_number() over (order by id) - 1)::int as i, id, buyer_id, buyer_nick from conversations
      where shop_id = ${opts.shopId}`.execute(trx);
    await sql`create index on gen_conv (i)`.execute(trx);
    await sql`analyze gen_conv`.execute(trx);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from gen_conv`.execute(trx);
    const convs = rows[0].n;
    if (!convs) throw new Error('The shop has no buyers: generate trades first');
    const agentsN = opts.agents;
    const span = opts.days * 86_400;
    const chunk = 25_000;
    for (let lo = 0; lo < sessions; lo += chunk) {
      const hi = Math.min(sessions, lo + chunk) - 1;
      // Session s is the (s / convs)-th of conversation (s % convs); it starts at t0 + s / sessions of the span.
      await sql`
        with s as (
          select g as s, g % ${convs} as c, g / ${convs} as k,
            ${t0}::timestamptz + make_interval(secs => (g::float8 / ${sessions}) * ${span}) as t
          from generate_series(${lo}::int, ${hi}::int) g
        ),
        x as (
          select s.*, v.id as conversation_id, v.buyer_id, v.buyer_nick, a.id as agent_id, a.login
          from s join gen_conv v on v.i = s.c join gen_agent a on a.i = (s.c * 7 + s.k) % ${agentsN}
        ),
        marks as (
          insert into stats_assignment_marks (assignment_id, shop_id, conversation_id, agent_id, start_seq, end_seq, assigned_at, ended_at)
          select 1000000000000 + x.s, ${opts.shopId}, x.conversation_id, x.agent_id, x.k * ${SESSION} + 1, (x.k + 1) * ${SESSION},
            x.t + interval '20 seconds', x.t + ${SESSION * 15 + 60} * interval '1 second'
          from x
        )
        insert into messages (conversation_id, seq, shop_id, sender_kind, sender_id, sender_name, client_msg_id, kind, body, created_at)
        select x.conversation_id, x.k * ${SESSION} + j, ${opts.shopId},
          case when j % 2 = 1 then 'buyer' else 'agent' end,
          case when j % 2 = 1 then x.buyer_id else x.agent_id end,
          case when j % 2 = 1 then x.buyer_nick else x.login end,
          'g' || (x.k * ${SESSION} + j), 'text',
          case when j % 2 = 1 then '{"text":"这件还有货吗？"}' else '{"text":"亲，有的哦"}' end::jsonb,
          x.t + j * interval '15 seconds'
        from x cross join generate_series(1, ${SESSION}) j`.execute(trx);
      progress((hi + 1) * SESSION);
    }
    await sql`
      update conversations c set last_seq = g.n * ${SESSION}, last_message_at = g.last, sessions_ended = g.n
      from (select conversation_id, count(*)::int as n, max(ended_at) as last from stats_assignment_marks
            where shop_id = ${opts.shopId} group by conversation_id) g
      where c.id = g.conversation_id`.execute(trx);
  });
  for (const t of ['messages', 'conversations', 'stats_assignment_marks', 'accounts']) await sql`analyze ${sql.table(t)}`.execute(database.db);
  return { sessions, messages: sessions * SESSION };
}
