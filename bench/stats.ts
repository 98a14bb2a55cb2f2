import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import type { Database, Engine } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { generateTrades } from '../src/seed/generate.ts';
import { systemClock } from '../src/clock.ts';
import { MessageWriter } from '../src/modules/chat/index.ts';
import { foldOptions, recomputeDay, StatsFolder } from '../src/modules/stats/index.ts';
import { teamReport } from '../src/modules/stats/reports.ts';
import { withBenchDatabase } from './databases.ts';
import { generateChats } from './stats-data.ts';

/**
 * `npm run bench -- stats [--messages N] [--trades N] [--agents N] [--days N] [--samples N] [--ingest N]
 * [--engine pglite|postgres]`: a busy shop (default 50 agents, 10,000,000 messages, 1,000,000 trades over 90 days),
 * its figures built day by day by the recompute, then:
 * - report_p99_ms: the 30-day team report (客服绩效) as the API builds it, p99 over repeated calls;
 * - upkeep_ratio: what keeping the figures adds to storing messages, (with − without) ÷ without: `--ingest` messages
 *   (a buyer's question and its answer in 200 served conversations) through the chat writer's statement in batches of
 *   100, in rounds of 10,000 with the folder told of them and folding them, and as many without, in turns in this
 *   process; the median of the pairs (48 by default: on this machine one pair's ratio ranged from −28 % to +50 %,
 *   and the median of 16 from 5 % to 18 % between runs of the same code). upkeep_own_time_ratio: the time spent
 *   telling the folder and folding, against the time spent storing beside it. `…_via_writer`: the same through the
 *   app's MessageWriter;
 * - recompute_day_s: rebuilding one full day from the raw rows.
 * One JSON line per engine on stdout; progress on stderr.
 */
const SHOP = 'statsbench';
const DAY_MS = 86_400_000;

export async function run(argv: string[] = []) {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      messages: { type: 'string', default: '10000000' },
      trades: { type: 'string', default: '1000000' },
      agents: { type: 'string', default: '50' },
      days: { type: 'string', default: '90' },
      samples: { type: 'string', default: '200' },
      ingest: { type: 'string', default: '480000' },
      engine: { type: 'string', multiple: true },
    },
  });
  const opts = {
    messages: Number(values.messages), trades: Number(values.trades), agents: Number(values.agents), days: Number(values.days),
    samples: Number(values.samples), ingest: Number(values.ingest),
  };
  const chosen = (values.engine ?? []).filter((e): e is Engine => e === 'pglite' || e === 'postgres');
  let failed = false;
  for (const engine of chosen.length ? chosen : ['postgres', 'pglite'] as Engine[]) {
    try {
      console.log(JSON.stringify(await withBenchDatabase(engine, (database) => measure(engine, database, opts))));
    } catch (err) {
      failed = true;
      console.error(`[${engine}] failed:`, err);
    }
  }
  return failed ? 1 : 0;
}

type Opts = { messages: number; trades: number; agents: number; days: number; samples: number; ingest: number };

async function measure(engine: Engine, database: Database, opts: Opts) {
  const log = (...a: unknown[]) => console.error(`[${engine}]`, ...a);
  const db = database.db;
  await migrate(database);
  const now = new Date();
  const started = performance.now();
  log(`generating ${opts.trades} trades… (load average ${loadavg()[0].toFixed(2)})`);
  await generateTrades(database, { shop: SHOP, trades: opts.trades, buyers: Math.max(1, Math.round(opts.trades / 5)), now, progress: true });
  const shop = await db.selectFrom('shops').select(['id', 'timezone']).where('name', '=', SHOP).executeTakeFirstOrThrow();
  log(`generating ${opts.messages} messages by ${opts.agents} agents…`);
  const bar = new cliProgress.SingleBar({ format: ' 消息 messages |{bar}| {value}/{total} | {duration}s' }, cliProgress.Presets.shades_classic);
  bar.start(opts.messages, 0);
  const chats = await generateChats(database, { shopId: shop.id, agents: opts.agents, messages: opts.messages, days: opts.days, now }, (n) => bar.update(n));
  bar.stop();

  // The figures of every day, built from the raw rows as `stats recompute` does.
  const days = dayList(now, opts.days + 1, shop.timezone);
  const dayBar = new cliProgress.SingleBar({ format: ' 统计 days |{bar}| {value}/{total} | {duration}s' }, cliProgress.Presets.shades_classic);
  dayBar.start(days.length, 0);
  const recomputeTimes: number[] = [];
  for (const [i, day] of days.entries()) {
    const t = performance.now();
    await recomputeDay(db, shop.id, day);
    recomputeTimes.push(performance.now() - t);
    dayBar.update(i + 1);
  }
  dayBar.stop();
  for (const t of ['stats_contacts', 'stats_agent_days', 'stats_shop_days', 'stats_trades']) await sql`analyze ${sql.table(t)}`.execute(db);
  const seedS = (performance.now() - started) / 1000;
  log(`seeded and built in ${seedS.toFixed(1)} s`);

  // A full day in the middle of the range, rebuilt once more on its own.
  const middle = days[Math.floor(days.length / 2)];
  const t1 = performance.now();
  const rebuilt = await recomputeDay(db, shop.id, middle);
  const recomputeDayS = (performance.now() - t1) / 1000;
  log(`recompute ${middle}: ${recomputeDayS.toFixed(2)} s`, rebuilt);

  // The 30-day team report, as GET /api/stats/agents builds it for a supervisor.
  const supervisor = { kind: 'account' as const, id: 0, shopId: shop.id, login: 'bench', role: 'owner' as const, isMain: true, permissions: [], maxDiscountPct: 0 };
  const to = days.at(-1)!;
  const from = days.at(-30)!;
  // As GET /api/stats/agents does: fold in what is due, then sum the kept rows.
  const folder = new StatsFolder(db, undefined, foldOptions(database.engine));
  const report = async () => {
    await folder.fold();
    return teamReport(db, supervisor, from, to);
  };
  let agentsInReport = 0;
  for (let i = 0; i < 5; i++) agentsInReport = (await report()).agents.length;
  const times: number[] = [];
  for (let i = 0; i < opts.samples; i++) {
    const t = performance.now();
    await report();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => round(times[Math.min(times.length - 1, Math.floor(times.length * q))]);
  log(`30-day team report (${agentsInReport} agents): p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`);

  const upkeep = await measureUpkeep(database, shop.id, opts.ingest, log);
  return {
    bench: 'stats', engine, messages: chats.messages, trades: opts.trades, agents: opts.agents, days: opts.days,
    report_p50_ms: p(0.5), report_p99_ms: p(0.99), upkeep_ratio: upkeep.ratio, upkeep_own_time_ratio: upkeep.direct, upkeep_ratio_via_writer: upkeep.writerRatio,
    upkeep_own_time_ratio_via_writer: upkeep.writerDirect, ingest_msgs_s: upkeep.withRate,
    ingest_msgs_s_without_upkeep: upkeep.withoutRate, recompute_day_s: round(recomputeDayS),
    recompute_day_mean_s: round(recomputeTimes.reduce((s, x) => s + x, 0) / recomputeTimes.length / 1000), seed_s: round(seedS),
  };
}

/**
 * Messages stored as the chat writer stores them (chat_store_messages, batches of 100: a buyer's question and its
 * answer in each of 50 served conversations), in turns with and without the folder keeping the figures.
 */
async function measureUpkeep(database: Database, shopId: number, total: number, log: (...a: unknown[]) => void) {
  const db = database.db;
  const served = await sql<{ id: number; buyer_id: number; agent_id: number }>`
    with c as (select id, buyer_id from conversations where shop_id = ${shopId} order by id limit 200),
    a as (select id, row_number() over (order by id) as n from accounts where shop_id = ${shopId} and role = 'service')
    update conversations v set status = 'active', agent_id = a.id, assigned_at = now()
    from c join a on a.n = (c.id % (select count(*) from a)) + 1
    where v.id = c.id
    returning v.id, v.buyer_id, v.agent_id`.execute(db);
  // Served now, as the router leaves them: an open assignment each (its mark is what the folder follows).
  await sql`
    insert into stats_assignment_marks (assignment_id, shop_id, conversation_id, agent_id, start_seq, assigned_at)
    select 2000000000000 + c.id, c.shop_id, c.id, c.agent_id, c.last_seq, now() from conversations c
    where c.id = any(${served.rows.map((r) => r.id)}::bigint[])`.execute(db);
  const convs = served.rows;
  let n = 0;
  const batch = () => {
    const rows: [number, number, 'buyer' | 'agent', number, string][] = [];
    for (let i = 0; i < 50; i++) {
      const c = convs[(n + i) % convs.length];
      rows.push([c.id, shopId, 'buyer', c.buyer_id, `u${n}-${i}`], [c.id, shopId, 'agent', c.agent_id, `v${n}-${i}`]);
    }
    n += 50;
    return rows;
  };
  // As the chat writer stores a batch; it returns what it stored, as the writer tells its listeners.
  const write = async (rows: ReturnType<typeof batch>) => {
    const at = new Date();
    const { rows: stored } = await sql<{ ord: number; seq: number; inserted: boolean }>`select ord, seq, inserted from chat_store_messages(
      ${rows.map((r) => r[0])}::bigint[], ${rows.map((r) => r[1])}::bigint[],
      ${rows.map((r) => r[2])}::text[], ${rows.map((r) => r[3])}::bigint[], ${rows.map((r) => r[2])}::text[], ${rows.map((r) => r[4])}::text[],
      ${rows.map(() => 'text')}::text[], ${rows.map(() => '{"text":"在吗"}')}::text[], ${at}::timestamptz)`.execute(db);
    return stored.filter((s) => s.inserted).map((s) => {
      const [conversationId, , senderKind, senderId] = rows[Number(s.ord) - 1];
      return { conversationId, seq: Number(s.seq), senderKind, senderId, at };
    });
  };
  // With upkeep, the folder runs as on a worker node (its own interval) while the messages arrive, told of each batch
  // as the writer tells it, and what it has not folded by the end of the round is folded on the clock, as its interval
  // would; without, the same messages are folded off the clock.
  const folder = new StatsFolder(db, undefined, foldOptions(database.engine));
  await folder.fold();
  for (let i = 0; i < 20; i++) await write(batch()); // warm the plans of both
  await folder.fold();
  const perRound = 10_000;
  const rounds = Math.max(2, Math.round(total / perRound));
  /**
   * Rounds in pairs side by side, in alternating order; the median of their ratios stands up to a busy machine.
   * Also the upkeep's own time (telling the folder, folding) against the time storing took beside it.
   */
  const paired = async (store: (told: (stored: Told) => void) => Promise<void>) => {
    const ratios: number[] = [];
    const sum = { with: 0, without: 0, upkeep: 0 };
    for (let r = 0; r < rounds; r++) {
      const pair = { with: 0, without: 0 };
      for (const on of r % 2 ? [false, true] : [true, false]) {
        let upkeep = 0;
        const t = performance.now();
        if (on) folder.start();
        await store((stored) => {
          if (!on) return;
          const u = performance.now();
          folder.touched(stored);
          upkeep += performance.now() - u;
        });
        if (on) {
          const u = performance.now();
          await folder.foldTouched();
          upkeep += performance.now() - u;
          await folder.stop();
        }
        pair[on ? 'with' : 'without'] = performance.now() - t;
        sum.upkeep += upkeep;
        if (!on) await folder.fold();
      }
      sum.with += pair.with;
      sum.without += pair.without;
      ratios.push(pair.with / pair.without - 1);
    }
    return { ratio: round4(median(ratios)), direct: round4(sum.upkeep / (sum.with - sum.upkeep)), ...sum };
  };

  // The chat writer's statement, batches of 100.
  const viaStatement = await paired(async (told) => {
    for (let i = 0; i < perRound / 100; i++) told(await write(batch()));
  });
  const msgs = rounds * perRound;
  const rate = (ms: number) => Math.round(msgs / (ms / 1000));
  log(`ingest ${msgs} messages each way: ${rate(viaStatement.with)} msg/s with upkeep, ${rate(viaStatement.without)} without → upkeep ${(viaStatement.ratio * 100).toFixed(1)} % (its own time: ${(viaStatement.direct * 100).toFixed(1)} %)`);

  // The same through the app's message writer (group commit, acknowledgements), 200 senders at a time.
  const writer = new MessageWriter(database, systemClock);
  let tell: (stored: Told) => void = () => {};
  writer.onStored((stored) => tell(stored));
  const viaWriter = await paired(async (told) => {
    tell = told;
    for (let i = 0; i < perRound / 200; i++) {
      const rows = [...batch(), ...batch()];
      await Promise.all(rows.map(([conversationId, shop, kind, senderId, id]) => writer.write({
        conversationId, shopId: shop, senderKind: kind, senderId, senderName: kind, clientMsgId: id, kind: 'text', body: { text: '在吗' },
      })));
    }
  });
  await writer.drain();
  log(`through the message writer: upkeep ${(viaWriter.ratio * 100).toFixed(1)} % (its own time: ${(viaWriter.direct * 100).toFixed(1)} %)`);
  return {
    ratio: viaStatement.ratio, direct: viaStatement.direct, withRate: rate(viaStatement.with), withoutRate: rate(viaStatement.without),
    writerRatio: viaWriter.ratio, writerDirect: viaWriter.direct,
  };
}

/** The shop's last `n` calendar days up to today. */
function dayList(now: Date, n: number, timeZone: string) {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return Array.from({ length: n }, (_, i) => fmt.format(new Date(now.getTime() - (n - 1 - i) * DAY_MS)));
}

/** What the chat writer tells its listeners of a stored batch. */
type Told = Parameters<StatsFolder['touched']>[0];

const round = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await run(process.argv.slice(2)));
}
