import { z } from 'zod';

/**
 * Pieces of the answers' schemas that every module shares. A response schema is also the serializer: a field it does
 * not declare is dropped and a value it refuses is a 500, so these accept what the handlers really hand over.
 */

/** A moment: the database's Date, or a string already formatted, sent as JSON sends it (ISO 8601, UTC). */
export const Timestamp = z
  .custom<Date | string>((v) => v instanceof Date || typeof v === 'string', 'a Date or an ISO 8601 string')
  .meta({ type: 'string', format: 'date-time' });

/** A whole number from an integer column: documented as an integer, checked only as a number. */
export const Int = z.number().meta({ type: 'integer' });

/** A calendar day, `YYYY-MM-DD`. */
export const Day = z.string().describe('YYYY-MM-DD');

/** Any JSON value kept as it was given (a rule, an audit snapshot, a payload). */
export const AnyJson = z.unknown();

/** The answer of an operation that has nothing more to tell than that it was done. */
export const Ok = z.object({ ok: z.literal(true) });
