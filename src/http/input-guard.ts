import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** The one character PostgreSQL cannot keep in text or jsonb: a request carrying it would fail in the database. */
const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (s: string) => !s.match(LONE_SURROGATE);
const toWellFormed = (s: string) => s.replace(LONE_SURROGATE, '\ufffd');

/**
 * Walks a parsed value without recursion (bodies may nest deep): a string with a lone surrogate (no UTF-8 form:
 * the database would refuse it) gets U+FFFD in its place, as the chat does; the place of the first NUL is returned.
 */
function clean(value: unknown, root: string): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (typeof x === 'string' && !wellFormed(x)) v[i] = toWellFormed(x);
        stack.push([v[i], `${at}[${i}]`]);
      });
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const o = v as Record<string, unknown>;
      for (const [k, x] of Object.entries(o)) {
        if (k.includes(NUL) || !wellFormed(k)) return at;
        if (typeof x === 'string' && !wellFormed(x)) o[k] = toWellFormed(x);
        stack.push([o[k], `${at}.${k}`]);
      }
    } else if (typeof v === 'string' && v.includes(NUL)) return at;
  }
  return undefined;
}

/**
 * Makes text the database can keep: lone surrogates become U+FFFD; a path, query or JSON body holding a NUL is
 * refused with a 400 and a code.
 */
export function refuseNulCharacters(http: FastifyInstance) {
  http.addHook('preValidation', async (request) => {
    const field = clean(request.params, 'params') ?? clean(request.query, 'querystring') ?? clean(request.body, 'body');
    if (field) {
      throw new AppError('INVALID_CHARACTER', 400, `请求含有不允许的字符 U+0000（${field}）`,
        `The request holds a character that cannot be stored, U+0000 (${field})`, { field });
    }
  });
}
