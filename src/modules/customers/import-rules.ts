import { TRADE_STATUSES, type TradeStatus } from '../trades/rules.ts';
import { LIMITS } from './rules.ts';

/**
 * CSV import of a seller moving in (SPEC §13): which column is which, and each row checked into a clean value or
 * refused with a reason. Pure: the time zone and `now` are parameters.
 */

export const IMPORT_KINDS = ['customers', 'trades'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_LIMITS = { rows: 100_000, errorsKept: 1000, bytes: 16 * 1024 * 1024 } as const;

/** Column names as sellers' exports write them, in English and Chinese; matched without case, spaces or marks. */
const COLUMNS = {
  customers: {
    nick: ['nick', 'buyer_nick', '买家昵称', '买家会员名', '会员名', '昵称', '客户昵称', '旺旺'],
    mobile: ['mobile', 'phone', '手机', '手机号', '手机号码', '联系电话', '电话'],
    tags: ['tags', 'tag', '标签', '客户标签'],
    notes: ['notes', 'note', 'memo', '备注', '客户备注'],
    opt_out: ['opt_out', 'optout', '拒收群发', '退订', '拒收'],
  },
  trades: {
    tid: ['tid', 'trade_id', '订单编号', '订单号', '交易号'],
    nick: ['buyer_nick', 'nick', '买家会员名', '买家昵称', '会员名'],
    created: ['created', 'created_at', '订单创建时间', '创建时间', '下单时间'],
    pay_time: ['pay_time', 'paid', 'paid_at', '订单付款时间', '付款时间'],
    status: ['status', '订单状态', '交易状态'],
    payment: ['payment', 'amount', '实付金额', '买家实际支付金额', '实付款', '支付金额'],
    title: ['title', 'item_title', '宝贝标题', '商品标题', '宝贝名称', '商品名称'],
    num: ['num', 'quantity', '宝贝总数量', '购买数量', '数量'],
    num_iid: ['num_iid', '商品id', '宝贝id'],
  },
} as const;

const REQUIRED: { [K in ImportKind]: (keyof (typeof COLUMNS)[K])[] } = {
  customers: ['nick'],
  trades: ['tid', 'nick', 'created', 'status', 'payment', 'title', 'num'],
};

const normal = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-()（）:：*]/g, '');

export type ColumnMap<K extends ImportKind> = Partial<Record<keyof (typeof COLUMNS)[K], number>>;

/** The kind a header names (trades have a trade number), or undefined when it names neither. */
export function detectKind(header: readonly string[]): ImportKind | undefined {
  const h = header.map(normal);
  const has = (names: readonly string[]) => names.some((n) => h.includes(normal(n)));
  if (has(COLUMNS.trades.tid)) return 'trades';
  if (has(COLUMNS.customers.nick)) return 'customers';
  return undefined;
}

/** Where each known column is; the required ones missing are named. */
export function mapColumns<K extends ImportKind>(kind: K, header: readonly string[]): { map: ColumnMap<K>; missing: string[] } {
  const h = header.map(normal);
  const map: Record<string, number> = {};
  for (const [field, names] of Object.entries(COLUMNS[kind]) as [string, readonly string[]][]) {
    const at = h.findIndex((col) => names.some((n) => normal(n) === col));
    if (at >= 0) map[field] = at;
  }
  const missing = (REQUIRED[kind] as string[]).filter((f) => map[f] === undefined);
  return { map: map as ColumnMap<K>, missing };
}

export interface RowError {
  code: string;
  reason: string;
  reason_en: string;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: RowError };

const fail = (code: string, reason: string, reason_en: string): { ok: false; error: RowError } =>
  ({ ok: false, error: { code, reason, reason_en } });

// The platform's own rule for a nick, so that an imported customer can be the same buyer when they come here.
const NICK = /^[^:<>\s]{2,32}$/u;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const cell = (fields: readonly string[], at: number | undefined) => (at === undefined ? '' : (fields[at] ?? '').trim());

function parseNick(text: string): Parsed<string> {
  if (!text) return fail('NICK_REQUIRED', '缺少买家昵称', 'The buyer nick is missing');
  if (!NICK.test(text)) return fail('NICK_INVALID', `买家昵称“${text}”不正确（2–32 个字，不含空格、冒号、尖括号）`,
    `The nick "${text}" is invalid (2–32 characters, no spaces, colons or angle brackets)`);
  return { ok: true, value: text };
}

/** A mainland mobile: 11 digits from 1, with spaces, dashes or +86 allowed around them. */
export function parseMobile(text: string): Parsed<string> {
  const digits = text.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (!/^1\d{10}$/.test(digits)) return fail('MOBILE_INVALID', `手机号“${text}”不是 11 位手机号`, `"${text}" is not an 11-digit mobile number`);
  return { ok: true, value: digits };
}

/** Yuan with at most two decimals to integer fen, by the digits: 19.99 is 1999 fen exactly, never 1998.9999. */
export function parseYuan(text: string): Parsed<number> {
  const clean = text.normalize('NFKC').replace(/^[¥￥]\s*/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return fail('PAYMENT_INVALID', `金额“${text}”不正确：须为不小于 0 的元，最多两位小数`,
    `The amount "${text}" is invalid: yuan of at least 0, with at most two decimals`);
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen > LIMITS.maxSpend) return fail('PAYMENT_TOO_LARGE', `金额“${text}”太大`, `The amount "${text}" is too large`);
  return { ok: true, value: fen };
}

/** The offset (ms) of a time zone at an instant, from the platform's own time-zone data. */
function zoneOffset(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(at));
  const v = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second')) - Math.floor(at / 1000) * 1000;
}

/**
 * A time as sellers' exports write it — '2024-03-05 14:22:01', '2024/3/5 14:22', '2024-03-05' — read in the shop's
 * time zone; an ISO time with its own offset or Z is taken as it is.
 */
export function parseTime(text: string, timeZone: string): Parsed<Date> {
  const bad = fail('TIME_INVALID', `时间“${text}”无法识别，请用 2024-03-05 14:22:01 的格式`,
    `The time "${text}" is not understood; write it like 2024-03-05 14:22:01`);
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(text) && /^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? bad : { ok: true, value: d };
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return bad;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return bad;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return bad; // 2月30日
  // Wall time minus the zone's offset; the second pass settles the hour around a daylight-saving change.
  let at = wall - zoneOffset(wall, timeZone);
  at = wall - zoneOffset(at, timeZone);
  return { ok: true, value: new Date(at) };
}

/** Status names: the platform's codes, and the Chinese of sellers' exports. */
const STATUS_WORDS: Record<string, TradeStatus> = {
  等待买家付款: 'WAIT_BUYER_PAY',
  买家已付款: 'WAIT_SELLER_SEND_GOODS',
  等待卖家发货: 'WAIT_SELLER_SEND_GOODS',
  买家已付款等待卖家发货: 'WAIT_SELLER_SEND_GOODS',
  卖家已发货: 'WAIT_BUYER_CONFIRM_GOODS',
  等待买家确认收货: 'WAIT_BUYER_CONFIRM_GOODS',
  卖家已发货等待买家确认: 'WAIT_BUYER_CONFIRM_GOODS',
  交易成功: 'TRADE_FINISHED',
  交易关闭: 'TRADE_CLOSED_BY_TAOBAO',
  付款以前卖家或买家主动关闭交易: 'TRADE_CLOSED_BY_TAOBAO',
  交易关闭已退款: 'TRADE_CLOSED',
  已退款: 'TRADE_CLOSED',
  付款以后用户退款成功交易自动关闭: 'TRADE_CLOSED',
};
const PAID_STATUSES: readonly TradeStatus[] = ['WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED', 'TRADE_CLOSED'];

export function parseStatus(text: string): Parsed<TradeStatus> {
  const code = text.trim().toUpperCase();
  if ((TRADE_STATUSES as readonly string[]).includes(code)) return { ok: true, value: code as TradeStatus };
  const word = STATUS_WORDS[text.normalize('NFKC').replace(/[\s,，。.、()（）]/g, '')];
  if (word) return { ok: true, value: word };
  return fail('STATUS_INVALID', `订单状态“${text}”无法识别`, `The trade status "${text}" is not known`);
}

const YES = ['1', 'y', 'yes', 'true', '是', '拒收', '退订'];
const NO = ['', '0', 'n', 'no', 'false', '否'];

function parseFlag(text: string): Parsed<boolean> {
  const t = text.toLowerCase();
  if (YES.includes(t)) return { ok: true, value: true };
  if (NO.includes(t)) return { ok: true, value: false };
  return fail('OPT_OUT_INVALID', `拒收群发“${text}”须为 是 或 否`, `opt_out "${text}" must be yes or no`);
}

/** Tags separated by ; , | 、 (full- or half-width). */
export function parseTags(text: string): Parsed<string[]> {
  const names = [...new Set(text.normalize('NFKC').split(/[;,|、]/).map((t) => t.trim()).filter(Boolean))];
  const long = names.find((n) => [...n].length > LIMITS.tagName);
  if (long) return fail('TAG_INVALID', `标签“${long}”超过 ${LIMITS.tagName} 个字`, `The tag "${long}" is longer than ${LIMITS.tagName} characters`);
  if (names.length > LIMITS.tagsPerCustomer) {
    return fail('TOO_MANY_TAGS', `一个客户最多 ${LIMITS.tagsPerCustomer} 个标签`, `A customer may have at most ${LIMITS.tagsPerCustomer} tags`);
  }
  return { ok: true, value: names };
}

export interface CustomerRow {
  nick: string;
  /** undefined: the file says nothing, and what the shop has stays. */
  mobile?: string;
  tags: string[];
  notes?: string;
  optOut?: boolean;
}

export function parseCustomerRow(fields: readonly string[], map: ColumnMap<'customers'>): Parsed<CustomerRow> {
  const nick = parseNick(cell(fields, map.nick));
  if (!nick.ok) return nick;
  const row: CustomerRow = { nick: nick.value, tags: [] };
  const mobile = cell(fields, map.mobile);
  if (mobile) {
    const m = parseMobile(mobile);
    if (!m.ok) return m;
    row.mobile = m.value;
  }
  const tags = parseTags(cell(fields, map.tags));
  if (!tags.ok) return tags;
  row.tags = tags.value;
  const notes = cell(fields, map.notes).replace(CONTROL, '');
  if ([...notes].length > LIMITS.notes) return fail('NOTES_TOO_LONG', `备注超过 ${LIMITS.notes} 个字`, `Notes longer than ${LIMITS.notes} characters`);
  if (notes) row.notes = notes;
  if (map.opt_out !== undefined) {
    const flag = parseFlag(cell(fields, map.opt_out));
    if (!flag.ok) return flag;
    row.optOut = flag.value;
  }
  return { ok: true, value: row };
}

export interface HistoryTradeRow {
  tid: string;
  nick: string;
  status: TradeStatus;
  created: Date;
  payTime: Date | null;
  payment: number;
  title: string;
  num: number;
  numIid: number | null;
}

export function parseTradeRow(fields: readonly string[], map: ColumnMap<'trades'>, timeZone: string, now: Date): Parsed<HistoryTradeRow> {
  const tid = cell(fields, map.tid).replace(/^'/, ''); // Excel keeps long numbers as text behind a quote
  if (!/^\d{1,24}$/.test(tid)) return fail('TID_INVALID', `订单编号“${tid}”须为 1–24 位数字`, `The trade number "${tid}" must be 1–24 digits`);
  const nick = parseNick(cell(fields, map.nick));
  if (!nick.ok) return nick;
  const created = parseTime(cell(fields, map.created), timeZone);
  if (!created.ok) return created;
  if (created.value > now) return fail('TIME_IN_FUTURE', '订单创建时间晚于现在', 'The trade was created in the future');
  const status = parseStatus(cell(fields, map.status));
  if (!status.ok) return status;
  const paidText = cell(fields, map.pay_time);
  let payTime: Date | null = null;
  if (paidText) {
    const p = parseTime(paidText, timeZone);
    if (!p.ok) return p;
    payTime = p.value;
    if (payTime < created.value) return fail('PAY_TIME_BEFORE_CREATED', '付款时间早于创建时间', 'The payment time is before the trade was created');
    if (payTime > now) return fail('TIME_IN_FUTURE', '付款时间晚于现在', 'The payment time is in the future');
  }
  const paid = PAID_STATUSES.includes(status.value);
  if (paid && !payTime) return fail('PAY_TIME_REQUIRED', '已付款的订单须有付款时间', 'A paid trade needs its payment time');
  if (!paid && payTime) return fail('PAY_TIME_UNEXPECTED', '未付款的订单不应有付款时间', 'An unpaid trade cannot have a payment time');
  const payment = parseYuan(cell(fields, map.payment));
  if (!payment.ok) return payment;
  const title = cell(fields, map.title).replace(CONTROL, '');
  if (!title || [...title].length > 200) return fail('TITLE_INVALID', '宝贝标题须为 1–200 个字', 'The item title must be 1–200 characters');
  const numText = cell(fields, map.num);
  if (!/^\d{1,5}$/.test(numText) || Number(numText) < 1) return fail('NUM_INVALID', `数量“${numText}”须为 1–99999 的整数`, `The quantity "${numText}" must be a whole number 1–99999`);
  const numIidText = cell(fields, map.num_iid);
  if (numIidText && !/^\d{1,15}$/.test(numIidText)) return fail('NUM_IID_INVALID', `商品ID“${numIidText}”不正确`, `The item id "${numIidText}" is invalid`);
  return {
    ok: true,
    value: {
      tid, nick: nick.value, status: status.value, created: created.value, payTime, payment: payment.value, title,
      num: Number(numText), numIid: numIidText ? Number(numIidText) : null,
    },
  };
}

/** An import left running by a process that died says so, instead of running forever. */
export const STALLED_AFTER_MS = 2 * 60_000;
export function importState(row: { status: string; updated_at: Date }, now: Date) {
  if (row.status === 'running' && now.getTime() - new Date(row.updated_at).getTime() > STALLED_AFTER_MS) return 'interrupted';
  return row.status as 'running' | 'done' | 'failed';
}
