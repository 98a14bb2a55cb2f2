/** Money travels in integer fen; people read and type yuan with two decimals. */
export const yuan = (fen: number | null | undefined) => (fen == null ? '-' : (fen / 100).toFixed(2));

export const formatYuan = (fen: number | null | undefined) => (fen == null ? '-' : `¥${yuan(fen)}`);

/** Yuan typed into a form, to fen; rounding absorbs binary noise such as 0.1 + 0.2. */
export const toFen = (value: number | string | null | undefined) => Math.round(Number(value ?? 0) * 100);
