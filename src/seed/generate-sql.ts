import type { ShippingTemplate } from '../modules/logistics/index.ts';
import { AUTO_FINISH_DAYS, CLOSE_REASONS } from '../modules/trades/rules.ts';
import { COMMUNITIES, GIVEN_NAMES, MOBILE_PREFIXES, NICK_FIRST, NICK_SECOND, REGIONS, ROADS, SURNAMES } from './people.ts';

/**
 * The SQL that generates a shop's buyers and trades inside the database, from a seed: every "random" choice is a
 * hash of the row number and the seed, so the same seed gives the same rows, and no row travels over the wire.
 */

/** The shape of a generated shop's life: shares and delays, in seconds unless named otherwise. */
export const MODEL = {
  daysBack: 90,
  neverPaid: 0.08, // placed but never paid: closed by the timer, or by the seller for a reason
  closedBySeller: 0.25, // of those, closed by hand before the timer
  refunded: 0.015, // paid, then refunded in full: TRADE_CLOSED
  confirmedByBuyer: 0.65, // the others finish when the timer fires
  receiveDelayed: 0.06,
  orders: [0.78, 0.94], // one sub-order below the first, two below the second, else three
};

const DAY = 86_400;
export const NICK_SPACE = NICK_FIRST.length * NICK_SECOND.length * 10_000;
// Odd and not a multiple of 5, so k → (k × STRIDE + offset) mod NICK_SPACE is one-to-one: nicks never repeat.
const NICK_STRIDE = 2_654_435_761;

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const textArray = (list: readonly string[]) => `array[${list.map(quote).join(',')}]::text[]`;
const intArray = (list: readonly number[]) => `array[${list.map((n) => Math.trunc(n)).join(',')}]::int[]`;
/** The `n`-th element (0-based int expression) of a constant list. */
const pick = (list: readonly string[], n: string) => `(${textArray(list)})[1 + ${n}]`;

/** Uniform draws in [0, 1) and integers in [0, n), from a row number and a salt mixed with the seed. */
export function draws(seed: number) {
  const h = (x: string, salt: number) => `(hashint8extended(${x}, ${seed * 1000 + salt}) & 2147483647)`;
  return {
    u: (x: string, salt: number) => `(${h(x, salt)}::float8 / 2147483648)`,
    int: (x: string, salt: number, n: number) => `(${h(x, salt)} % ${n})::int`,
  };
}

/**
 * The same draws, two from each 64-bit hash (its low and its high 31 bits): the columns `h0…` of `count` hashes of
 * a row number, to select one level below, and draw `i` (0 … 2 × count − 1) read from them. Half the hashing of
 * draws() for a row that needs many.
 */
export function pairedDraws(seed: number, x: string, count: number) {
  const bits = (i: number) => (i % 2 ? `((h${i >> 1} >> 32) & 2147483647)` : `(h${i >> 1} & 2147483647)`);
  const draw = (i: number) => {
    if (i >= 2 * count) throw new Error(`draw ${i} of ${2 * count}`);
    return bits(i);
  };
  return {
    hashes: Array.from({ length: count }, (_, j) => `hashint8extended(${x}, ${seed * 1000 + 100 + j}) as h${j}`).join(', '),
    u: (i: number) => `(${draw(i)}::float8 / 2147483648)`,
    int: (i: number, n: number) => `(${draw(i)} % ${n})::int`,
  };
}

/** Buyers 0…count−1: a unique nick each, a receiver with a name, a mobile and an address, and a postage tier. */
export function buyersSql(seed: number, count: number, template: ShippingTemplate | undefined) {
  const { int } = draws(seed);
  const offset = Number((BigInt(seed) * 7_919_007n) % BigInt(NICK_SPACE));
  const tiers = template?.region_fees ?? [];
  // The postage tier is the first region of the template the province belongs to (0: the template's own fees).
  const tier = tiers.length
    ? `case ${tiers.map((r, i) => `when ${r.states.map((s) => `starts_with(state, ${quote(s)})`).join(' or ')} then ${i + 1}`).join(' ')} else 0 end`
    : '0';
  return `
    create temp table gen_person on commit drop as
    select k, nick, receiver_name, receiver_mobile, state, city, district, receiver_address,
      ${tier} as tier
    from (
      select k,
        ${pick(NICK_FIRST, `(x % ${NICK_FIRST.length})::int`)}
          || ${pick(NICK_SECOND, `((x / ${NICK_FIRST.length}) % ${NICK_SECOND.length})::int`)}
          || (x / ${NICK_FIRST.length * NICK_SECOND.length})::text as nick,
        ${pick(SURNAMES, int('k', 11, SURNAMES.length))} || ${pick(GIVEN_NAMES, int('k', 12, GIVEN_NAMES.length))} as receiver_name,
        ${pick(MOBILE_PREFIXES, int('k', 13, MOBILE_PREFIXES.length))} || lpad(${int('k', 14, 100_000_000)}::text, 8, '0') as receiver_mobile,
        ${pick(REGIONS.map((r) => r[0]), 'r')} as state,
        ${pick(REGIONS.map((r) => r[1]), 'r')} as city,
        ${pick(REGIONS.map((r) => r[2]), 'r')} as district,
        ${pick(ROADS, int('k', 16, ROADS.length))} || (1 + ${int('k', 17, 399)}) || '号'
          || ${pick(COMMUNITIES, int('k', 18, COMMUNITIES.length))} || (1 + ${int('k', 19, 28)}) || '幢'
          || (1 + ${int('k', 20, 30)}) || lpad((1 + ${int('k', 21, 4)})::text, 2, '0') || '室' as receiver_address
      from (
        select k, (k::bigint * ${NICK_STRIDE} + ${offset}) % ${NICK_SPACE} as x, ${int('k', 15, REGIONS.length)} as r
        from generate_series(0, ${count - 1}) k
        offset 0
      ) k
    ) b`;
}

/** Postage of the template for `weight` grams and `items` fen to a buyer of `tier`, as calculatePostage has it. */
function postageSql(t: ShippingTemplate | undefined, items: string, weight: string, tier: string) {
  if (!t) return '0';
  const fees = [[t.first_fee, t.additional_fee], ...t.region_fees.map((r) => [r.first_fee, r.additional_fee])];
  const steps = `((greatest(0, ${weight} - ${t.first_weight_g}) + ${t.additional_weight_g - 1}) / ${t.additional_weight_g})`;
  const byTier = `(${intArray(fees.map((f) => f[0]))})[1 + ${tier}] + ${steps} * (${intArray(fees.map((f) => f[1]))})[1 + ${tier}]`;
  // Free shipping does not reach the provinces with fees of their own (tier > 0).
  return t.free_threshold === null ? byTier : `case when ${tier} = 0 and ${items} >= ${t.free_threshold} then 0 else ${byTier} end`;
}

export interface ChunkParams {
  seed: number;
  shopId: number;
  trades: number;
  buyers: number;
  /** Epoch seconds. */
  now: number;
  unpaidCloseHours: number;
  template: ShippingTemplate | undefined;
  /** The shop's SKUs, most popular first. */
  skus: { price: number; weight_g: number }[];
}

const SELLER_CLOSE_REASONS = CLOSE_REASONS.filter((r) => r !== '未及时付款');
const COURIERS: [code: string, prefix: string, digits: number][] = [
  ['ZTO', '7', 13], ['ZTO', '7', 13], ['YTO', 'YT', 13], ['YTO', 'YT', 13], ['YUNDA', '43', 11], ['STO', '77', 11],
  ['SF', 'SF', 13], ['SF', 'SF', 13], ['JD', 'JD', 13], ['EMS', '11', 11], ['HTKY', 'JT', 13], ['POSTB', '98', 11],
];
const MEMOS: Record<number, string[]> = {
  1: ['买家要求改发顺丰，差价已补', '收货人改为：王女士 13912345678，地址不变', '赠品：试用装一份，已和买家确认',
    '买家要求周末送货，请备注快递', '改地址：见最新聊天记录，已核对无误', '请用防震包装，买家说上次有破损'],
  2: ['该颜色尺码暂时缺货，预计3天到货，已请客服联系买家', '仓库缺货，等供应商补货'],
  3: ['退货已收到，包装完好，转售后处理', '换货件已收到，待售后核对'],
  4: ['换货已寄出，单号 YT8812345678901，请告知买家', '补发件单号 SF1409876543210，请客服告知买家'],
  5: ['缺货商品到货后请加急顺丰发出', '到货后走EMS加急，买家着急用'],
};

/**
 * One statement: trades lo…hi (1-based row numbers) with their sub-orders, live timers and held payments.
 * Each level of the query is fenced (offset 0) so that what it computes is computed once per row, not once
 * per mention: g draws, d turns draws into delays, e into moments, st into a status and amounts, p joins the buyer.
 */
export function chunkSql(p: ChunkParams, lo: number, hi: number) {
  // 19 draws per trade, two from each hash of its row number
  const d = pairedDraws(p.seed, 'g', 10);
  const span = MODEL.daysBack * DAY;
  const start = p.now - span;
  const closeAfter = p.unpaidCloseHours * 3600;
  const nSku = p.skus.length;
  const prices = intArray(p.skus.map((s) => s.price));
  const weights = intArray(p.skus.map((s) => s.weight_g));
  const line = (j: number, what: string) => `case when n_orders >= ${j} then (${what})[1 + s${j}] * n${j} else 0 end`;
  const num = (v: string) => `case when ${v} < 0.8 then 1 when ${v} < 0.95 then 2 else 3 + (${v} * 1000)::int % 3 end`;
  // Red and purple flags wait for the warehouse before shipping; green and blue come back after it.
  const flags = `case status
      when 'WAIT_SELLER_SEND_GOODS' then case when u_flag < 0.08 then 1 when u_flag < 0.11 then 5 when u_flag < 0.13 then 2 else 0 end
      when 'WAIT_BUYER_CONFIRM_GOODS' then case when u_flag < 0.03 then 1 when u_flag < 0.04 then 4 else 0 end
      when 'TRADE_FINISHED' then case when u_flag < 0.005 then 3 when u_flag < 0.01 then 4 when u_flag < 0.02 then 1 else 0 end
      when 'TRADE_CLOSED' then case when u_flag < 0.3 then 3 else 0 end
      else 0 end`;
  const memo = `case flag ${Object.entries(MEMOS).map(([f, list]) => `when ${f} then ${pick(list, `(u_misc * ${list.length})::int % ${list.length}`)}`).join(' ')} else '' end`;
  const ts = (x: string) => `to_timestamp(${x})`;
  // yyyymmdd of each day of the window: payment numbers start with their date, without formatting a date per row.
  const firstDay = Math.floor(start / DAY) - 1;
  const dates = intArray(Array.from({ length: MODEL.daysBack + 6 }, (_, i) =>
    Number(new Date((firstDay + i) * DAY * 1000).toISOString().slice(0, 10).replaceAll('-', ''))));
  const alipayNo = `pay_day || lpad(((tid * 104729) % 1000000000000000000)::text, 18, '0')`;
  const orderLine = (j: number) => `select tid, status, end_at, s${j} as s, n${j} as num from p${j > 1 ? ` where n_orders >= ${j}` : ''}`;
  return `
  with p as materialized (
    select tid, status, n_orders, s1, s2, s3, n1, n2, n3, u_close, u_misc, courier, delay_days, created, pay_at, ship_at,
      auto_finish_at, items, b.id as buyer_id, b.nick, b.receiver_name, b.receiver_mobile, b.state, b.city, b.district,
      b.receiver_address,
      ${postageSql(p.template, 'items', 'weight', 'b.tier')} as post_fee,
      status in ('WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED', 'TRADE_CLOSED') as paid,
      status in ('WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED') or (status = 'TRADE_CLOSED' and refund_at >= ship_at) as shipped,
      case status when 'TRADE_FINISHED' then finish_at when 'TRADE_CLOSED_BY_TAOBAO' then close_at when 'TRADE_CLOSED' then refund_at end as end_at,
      ${flags} as flag,
      (${dates})[floor(pay_at / ${DAY})::int - ${firstDay - 1}] as pay_day
    from (
      select e.*,
        case
          when never_pays then case when close_at <= ${p.now} then 'TRADE_CLOSED_BY_TAOBAO' else 'WAIT_BUYER_PAY' end
          when pay_at > ${p.now} then 'WAIT_BUYER_PAY'
          when refunds and refund_at <= ${p.now} then 'TRADE_CLOSED'
          when ship_at > ${p.now} then 'WAIT_SELLER_SEND_GOODS'
          when finish_at > ${p.now} then 'WAIT_BUYER_CONFIRM_GOODS'
          else 'TRADE_FINISHED'
        end as status,
        ${line(1, prices)} + ${line(2, prices)} + ${line(3, prices)} as items,
        ${line(1, weights)} + ${line(2, weights)} + ${line(3, weights)} as weight
      from (
        select d.*,
          created + close_after as close_at,
          created + pay_after as pay_at,
          created + pay_after + ship_after as ship_at,
          created + pay_after + ship_after + (${AUTO_FINISH_DAYS} + delay_days) * ${DAY} as auto_finish_at,
          created + pay_after + ship_after + finish_after as finish_at,
          -- a refund comes before the buyer could have confirmed receipt
          created + pay_after + 3600 + floor(u_close * (ship_after + ${DAY})) as refund_at
        from (
          select g.*,
            u_path < ${MODEL.neverPaid} as never_pays,
            u_path >= ${MODEL.neverPaid} and u_path < ${MODEL.neverPaid + MODEL.refunded} as refunds,
            case when u_close < ${MODEL.closedBySeller} then 300 + floor(u_misc * ${closeAfter - 600}) else ${closeAfter} end as close_after,
            -- most buyers pay within half an hour, some within the day; always before the unpaid timer
            least(${closeAfter - 60}, floor(case when u_pay < 0.85 then 20 + u_pay / 0.85 * 1800
              else 1800 + (u_pay - 0.85) / 0.15 * 72000 end)) as pay_after,
            7200 + floor(u_ship * u_ship * 252000) as ship_after,
            case when u_fin < ${MODEL.confirmedByBuyer}
              then least((${AUTO_FINISH_DAYS} + delay_days) * ${DAY}, 129600 + floor(u_fin / ${MODEL.confirmedByBuyer} * 518400))
              else (${AUTO_FINISH_DAYS} + delay_days) * ${DAY} end as finish_after,
            least(${p.buyers - 1}, floor(${p.buyers} * u_buyer * sqrt(sqrt(u_buyer))))::int as k,
            least(${nSku}, case when u_lines < ${MODEL.orders[0]} then 1 when u_lines < ${MODEL.orders[1]} then 2 else 3 end) as n_orders,
            -- the first line favours the popular SKUs; the others are any other SKU, never the same twice
            least(${nSku - 1}, floor(${nSku} * u_sku * u_sku))::int as s1,
            (least(${nSku - 1}, floor(${nSku} * u_sku * u_sku))::int + 1 + o2) % ${nSku} as s2,
            (least(${nSku - 1}, floor(${nSku} * u_sku * u_sku))::int + 1 + (o2 + 1 + o3) % ${Math.max(1, nSku - 1)}) % ${nSku} as s3,
            ${num('u_n1')} as n1, ${num('u_n2')} as n2, ${num('u_n3')} as n3
          from (
            -- tids in the order of creation, as the shop received them
            select g, nextval('trade_tid_seq') as tid,
              floor(${start} + ${span} * (sqrt(1 + 3 * ((g - ${d.u(0)}) / ${p.trades})) - 1)) as created,
              ${d.u(1)} as u_buyer, ${d.u(2)} as u_path, ${d.u(3)} as u_pay, ${d.u(4)} as u_ship,
              ${d.u(5)} as u_fin, ${d.u(6)} as u_close, ${d.u(7)} as u_flag, ${d.u(8)} as u_misc,
              ${d.u(9)} as u_lines, ${d.u(10)} as u_sku, ${d.u(11)} as u_n1, ${d.u(12)} as u_n2, ${d.u(13)} as u_n3,
              ${d.int(14, Math.max(1, nSku - 1))} as o2, ${d.int(15, Math.max(1, nSku - 2))} as o3,
              ${d.int(16, COURIERS.length)} as courier,
              case when ${d.u(17)} < ${MODEL.receiveDelayed} then (array[3,5,7,10])[1 + ${d.int(18, 4)}] else 0 end as delay_days
            from (select g, ${d.hashes} from generate_series(${lo}, ${hi}) g offset 0) g
            offset 0
          ) g offset 0
        ) d offset 0
      ) e offset 0
    ) st
    join gen_buyer b on b.k = st.k
  ), ins_trades as (
    insert into trades (tid, shop_id, buyer_id, buyer_nick, status, receiver_name, receiver_mobile, receiver_state,
      receiver_city, receiver_district, receiver_address, total_fee, post_fee, original_post_fee, payment, pay_method,
      alipay_no, flag, memo, company_code, out_sid, close_reason, receive_delay_days, created, pay_time, consign_time,
      end_time, modified, version)
    select tid, ${p.shopId}, buyer_id, nick, status, receiver_name, receiver_mobile, state, city, district, receiver_address,
      -- closing before payment leaves nothing to pay, as closeTrade does
      case when status = 'TRADE_CLOSED_BY_TAOBAO' then 0 else items end, post_fee, post_fee,
      case when status = 'TRADE_CLOSED_BY_TAOBAO' then 0 else items + post_fee end,
      case when paid then 'escrow' end,
      case when paid then ${alipayNo} end,
      flag, ${memo},
      case when shipped then (${textArray(COURIERS.map((c) => c[0]))})[1 + courier] end,
      case when shipped then (${textArray(COURIERS.map((c) => c[1]))})[1 + courier]
        || lpad(((tid * 7919 + ${p.seed}) % (array[${COURIERS.map((c) => `${10 ** c[2]}`).join(',')}]::bigint[])[1 + courier])::text,
                (${intArray(COURIERS.map((c) => c[2]))})[1 + courier], '0') end,
      case when status = 'TRADE_CLOSED_BY_TAOBAO' then case when u_close < ${MODEL.closedBySeller}
        then ${pick(SELLER_CLOSE_REASONS, `(u_misc * ${SELLER_CLOSE_REASONS.length})::int % ${SELLER_CLOSE_REASONS.length}`)} else '未及时付款' end end,
      case when shipped and status <> 'TRADE_CLOSED' then delay_days else 0 end,
      ${ts('created')},
      case when paid then ${ts('pay_at')} end,
      case when shipped then ${ts('ship_at')} end,
      ${ts('end_at')},
      ${ts('greatest(created, case when paid then pay_at end, case when shipped then ship_at end, end_at)')},
      -- one version per change: placed, paid, shipped, ended, flagged, receipt extended
      1 + (case when paid then 1 else 0 end) + (case when shipped then 1 else 0 end) + (case when end_at is not null then 1 else 0 end)
        + (case when flag <> 0 then 1 else 0 end) + (case when shipped and delay_days > 0 and status <> 'TRADE_CLOSED' then 1 else 0 end)
    from p
  ), ins_orders as (
    insert into orders (tid, shop_id, num_iid, sku_id, title, sku_properties_name, original_price, price, num, total_fee, status, end_time)
    select l.tid, ${p.shopId}, k.num_iid, k.sku_id, k.title, k.properties_name, k.price, k.price, l.num, k.price * l.num,
      l.status, ${ts('l.end_at')}
    from (${orderLine(1)} union all ${orderLine(2)} union all ${orderLine(3)}) l
    join gen_sku k on k.i = l.s
  ), live as materialized (
    -- the few trades still under way: they have a timer running, or money held in escrow
    select tid, status, created, pay_at, auto_finish_at, pay_day, items + post_fee as payment from p
    where status in ('WAIT_BUYER_PAY', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS')
  ), ins_jobs as (
    insert into jobs (kind, key, shop_id, run_at)
    select case status when 'WAIT_BUYER_PAY' then 'trade.auto_close' else 'trade.auto_finish' end, tid::text, ${p.shopId},
      ${ts(`case status when 'WAIT_BUYER_PAY' then created + ${closeAfter} else auto_finish_at end`)}
    from live where status <> 'WAIT_SELLER_SEND_GOODS'
  ), ins_escrow as (
    insert into escrow_payments (alipay_no, shop_id, tid, amount, status, created_at)
    select ${alipayNo}, ${p.shopId}, tid, payment, 'held', ${ts('pay_at')}
    from live where status <> 'WAIT_BUYER_PAY'
  )
  select count(*)::int as trades, coalesce(sum(n_orders), 0)::int as orders from p`;
}
