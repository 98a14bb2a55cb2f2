import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
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

export function formatTime(value: string | Date | null | undefined, tz = shopTz) {
  return value ? dayjs(value).tz(tz).format('YYYY-MM-DD HH:mm:ss') : '-';
}

/** A day picked in a date picker, read as that calendar day in the shop's zone: [start, next day's start). */
export function dayRange(from: Dayjs, to: Dayjs, tz = shopTz) {
  const start = dayjs.tz(from.format('YYYY-MM-DD'), tz);
  const end = dayjs.tz(to.format('YYYY-MM-DD'), tz).add(1, 'day');
  return { start_created: start.toISOString(), end_created: end.toISOString() };
}

export { dayjs };
