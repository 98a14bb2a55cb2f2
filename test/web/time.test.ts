import { describe, expect, it } from 'vitest';
import { dayjs, formatTime } from '../../web/src/lib/time.ts';

describe("a moment on the shop's wall clock (formatTime)", () => {
  it('shows UTC moments in the shop zone, the day turning over at its midnight', () => {
    expect(formatTime('2026-12-01T16:30:05.000Z', 'Asia/Shanghai')).toBe('2026-12-02 00:30:05');
    expect(formatTime('2026-12-01T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-12-01 23:59:59');
    expect(formatTime(new Date('2026-12-01T16:30:05Z'), 'America/New_York')).toBe('2026-12-01 11:30:05');
    // Midnight is 00, never 24.
    expect(formatTime('2026-07-01T16:00:00Z', 'Asia/Shanghai')).toBe('2026-07-02 00:00:00');
  });

  it('follows summer time where the zone has it, and shows nothing for no time or a bad one', () => {
    expect(formatTime('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-01 14:00:00');
    expect(formatTime('2026-01-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-01-01 13:00:00');
    for (const none of [null, undefined, '', 'not a time']) expect(formatTime(none, 'Asia/Shanghai')).toBe('-');
  });

  it("agrees with dayjs's zone conversion over moments spread across years and zones", () => {
    let t = Date.UTC(2019, 0, 1);
    for (let i = 0; i < 500; i++) {
      t += 3_600_000 * 17.37 + i * 61_000; // hours and minutes that wander across days, months and DST changes
      for (const tz of ['Asia/Shanghai', 'America/Los_Angeles', 'Australia/Adelaide']) {
        expect(formatTime(new Date(t), tz)).toBe(dayjs(t).tz(tz).format('YYYY-MM-DD HH:mm:ss'));
      }
    }
  });
});
