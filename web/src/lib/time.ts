import dayjs, { type Dayjs } from 'dayjs';
// The plugins are named by file (.js) so that Node's resolution finds them too: the tests import this module.
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Times are stored in UTC and shown in the shop's time zone, whatever the browser's is. */
export const DEFAULT_TZ = 'Asia/Shanghai';
let shopTz = DEFAULT_TZ;

/** Set once the signed-in account's shop is known; the storefront keeps the default. */
export function setShopTimeZone(tz: string | undefined) {
  shopTz = tz || DEFAULT_TZ;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment as the shop's wall clock shows it, YYYY-MM-DD HH:mm:ss. One formatter per zone, kept: dayjs's zone
 * conversion builds its answer through several passes of Intl per call, and a chat history formats a time per message
 * (most of the script time of scrolling through one).
 */
export function formatTime(value: string | Date | null | undefined, tz = shopTz) {
  if (!value) return '-';
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) return '-';
  let format = formats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(tz, format);
  }
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(at)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** A day picked in a date picker, read as that calendar day in the shop's zone: [start, next day's start). */
export function dayRange(from: Dayjs, to: Dayjs, tz = shopTz) {
  const start = dayjs.tz(from.format('YYYY-MM-DD'), tz);
  const end = dayjs.tz(to.format('YYYY-MM-DD'), tz).add(1, 'day');
  return { start_created: start.toISOString(), end_created: end.toISOString() };
}

export { dayjs };
