import type { ColumnType } from 'kysely';

/** Column types shared by the table rows of every area. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json = ColumnType<unknown, string, string>;
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type GeneratedJson = ColumnType<unknown, string | undefined, string>;
