/**
 * Yuan typed by a person (a string from an InputNumber in string mode, or a number) to integer fen by its digits,
 * as the server reads a CSV's amounts: 19.99 is 1999 fen exactly. Undefined for an empty field, NaN for a wrong one.
 */
export function yuanToFen(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  if (!text) return undefined;
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(text);
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen back to the yuan a form shows ("1000.00"), by digits too. */
export function fenToYuan(fen: number | null | undefined): string | undefined {
  if (fen === null || fen === undefined) return undefined;
  const whole = Math.trunc(fen / 100);
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}
