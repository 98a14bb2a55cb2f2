import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { ZodApp } from '../../http/types.ts';

/**
 * Requests an outside party signs (the escrow provider's callbacks, couriers' tracking pushes):
 * `X-Xiaoer-Timestamp` is the time of sending in Unix seconds, `X-Xiaoer-Signature` the hex HMAC-SHA256 of
 * `${timestamp}.${body}` under the shared secret. A signature older (or newer) than the tolerance is refused, so a
 * captured request cannot be played again later.
 */
export const TIMESTAMP_HEADER = 'x-xiaoer-timestamp';
export const SIGNATURE_HEADER = 'x-xiaoer-signature';
export const SIGNATURE_TOLERANCE_S = 300;

export const newSecret = () => randomBytes(24).toString('base64url');

export function sign(secret: string, timestamp: string, body: string) {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

const badSignature = (why: string) =>
  new AppError('BAD_SIGNATURE', 401, '签名校验失败', `The signature does not verify: ${why}`);

/** Checks a signed request at `now`; throws BAD_SIGNATURE (401) or STALE_TIMESTAMP (401). */
export function verifySignature(
  secret: string | null | undefined, headers: { timestamp?: string; signature?: string }, body: string, now: Date,
) {
  if (!secret) throw badSignature('no secret is set for this sender');
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) throw badSignature(`missing or malformed ${TIMESTAMP_HEADER}`);
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) throw badSignature(`missing or malformed ${SIGNATURE_HEADER}`);
  const expected = Buffer.from(sign(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw badSignature('it does not match the body');
  // Checked after the signature, so only the sender learns that its clock is off.
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > SIGNATURE_TOLERANCE_S) {
    throw new AppError('STALE_TIMESTAMP', 401, '请求时间戳已过期', `The timestamp is ${Math.round(skew)} s away from now`,
      { tolerance_s: SIGNATURE_TOLERANCE_S });
  }
}

/** A signed body, parsed after its signature checked out: malformed JSON or fields are a 400 like any other. */
export function parseSigned<S extends z.ZodTypeAny>(raw: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError('VALIDATION_FAILED', 400, '请求体不是合法的 JSON', 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const list = parsed.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('VALIDATION_FAILED', 400, `请求参数不正确：${list}`, `Invalid request: ${list}`, parsed.error.issues);
  }
  return parsed.data;
}

/** Routes that must see the body as the bytes that were signed: JSON arrives as a string, parsed by parseSigned. */
export function withRawBody(app: ZodApp, routes: (scope: ZodApp) => void) {
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    routes(scope as ZodApp);
  });
}

/** Signs a body for a sender: the headers to send with it (used by tests and by senders written in TypeScript). */
export function signedHeaders(secret: string, body: string, at: Date) {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: sign(secret, timestamp, body), 'content-type': 'application/json' };
}
