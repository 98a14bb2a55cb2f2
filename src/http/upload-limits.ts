import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

/** Uploads (chat images, CSV files) per sender per minute: far above a person's pace, far below a flood. */
export const UPLOAD_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };

const isUpload = (route: RouteOptions) =>
  [route.method].flat().includes('POST') && (/\/uploads$/.test(route.url) || route.url === '/api/customers/import');

/** The sender: its session or token (hashed: the key may sit in Redis), else its address. */
function senderKey(request: FastifyRequest) {
  const who = request.cookies?.xiaoer_session ?? request.headers.authorization;
  return who ? `u:${createHash('sha256').update(String(who)).digest('base64url').slice(0, 22)}` : `ip:${request.ip}`;
}

/**
 * Gives every upload route a rate limit unless it sets its own, including routes added later by any module. Added
 * before the routes: a route registered earlier is not seen. Checked before the file is read.
 */
export function limitUploads(http: FastifyInstance, onLimited: (route: RouteOptions, limited: boolean) => void) {
  http.addHook('onRoute', (route) => {
    const own = Boolean((route.config as { rateLimit?: unknown } | undefined)?.rateLimit);
    if (isUpload(route) && !own) {
      const hook = http.rateLimit({ ...UPLOAD_RATE_LIMIT, keyGenerator: senderKey });
      route.preHandler = [...[route.preHandler ?? []].flat(), hook] as RouteOptions['preHandler'];
    }
    onLimited(route, own || isUpload(route));
  });
}
