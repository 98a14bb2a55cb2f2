import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../errors.ts';
import type { Permission } from '../accounts/rules.ts';

/**
 * The areas an API token may be given, each as `area:read` and, where the area has writes, `area:write`.
 * A scope opens the routes of its area and carries the permissions those routes check; the routes still apply
 * every rule they apply to a person (state machine, shop type, discount limit…).
 */
export const SCOPE_AREAS = {
  trades: {
    read: ['trade.view'],
    write: ['trade.view', 'trade.modify_price', 'trade.close', 'trade.address', 'trade.address_after_pay', 'trade.memo', 'trade.ship',
      'trade.delay_receive', 'payment.offline'],
  },
  items: { read: [], write: ['catalog.manage'] },
  logistics: { read: ['trade.view'], write: ['trade.view', 'trade.ship', 'setting.manage'] },
  customers: { read: ['trade.view'], write: ['trade.view', 'trade.memo', 'setting.manage'] },
  broadcasts: { read: ['broadcast.send', 'trade.view'], write: ['broadcast.send', 'trade.view'] },
  chat: { read: ['suspend.approve'], write: ['suspend.approve'] },
  replies: { read: [], write: ['replies.manage'] },
  knowledge: { read: [], write: ['catalog.manage', 'setting.manage'] },
  refunds: { read: ['trade.view'], write: ['trade.view', 'trade.memo', 'refund.approve', 'refund.goods', 'setting.manage'] },
  reviews: { read: ['trade.view'], write: ['trade.view', 'trade.memo', 'refund.approve'] },
  stats: { read: ['trade.view', 'export', 'suspend.approve'] },
  supervision: { read: ['trade.view', 'suspend.approve'], write: ['trade.view', 'suspend.approve'] },
  audit: { read: ['audit.read'] },
  shop: { read: [] },
} as const satisfies Record<string, { read: readonly Permission[]; write?: readonly Permission[] }>;
export type Area = keyof typeof SCOPE_AREAS;

export const SCOPES: readonly string[] = Object.entries(SCOPE_AREAS)
  .flatMap(([area, modes]) => Object.keys(modes).map((mode) => `${area}:${mode}`));

/**
 * The first segment of a route's path after /api/, and the area it belongs to. A path not listed here (accounts,
 * log-in, sign-up, the buyer's side, integration itself) is never open to a token.
 */
const PATH_AREAS: Record<string, Area> = {
  trades: 'trades', tools: 'trades',
  items: 'items',
  logistics: 'logistics',
  customers: 'customers',
  broadcasts: 'broadcasts',
  conversations: 'chat', chat: 'chat', routing: 'chat',
  replies: 'replies',
  knowledge: 'knowledge',
  refunds: 'refunds', aftersales: 'refunds',
  reviews: 'reviews', 'review-followups': 'reviews',
  stats: 'stats', kpi: 'stats',
  supervision: 'supervision', quality: 'supervision',
  audit: 'audit',
  shop: 'shop',
};

/** POST routes that compute and store nothing: a read scope is enough. */
const READING_POSTS = new Set([
  '/api/tools/calculator', '/api/knowledge/draft', '/api/customers/segments/preview', '/api/logistics/postage',
]);

/** The scope a request needs, or null when no scope opens the route to a token. */
export function requiredScope(method: string, routeUrl: string | undefined): string | null {
  const segment = routeUrl?.match(/^\/api\/([^/]+)/)?.[1];
  const area = segment ? PATH_AREAS[segment] : undefined;
  if (!area) return null;
  const reads = method === 'GET' || method === 'HEAD' || READING_POSTS.has(routeUrl!);
  const mode = reads ? 'read' : 'write';
  return mode in SCOPE_AREAS[area] ? `${area}:${mode}` : null;
}

/** A write scope includes reading the same area. */
export function grants(scopes: readonly string[], needed: string) {
  if (scopes.includes(needed)) return true;
  const [area, mode] = needed.split(':');
  return mode === 'read' && scopes.includes(`${area}:write`);
}

/** The permissions a token acts with: those its scopes carry, nothing else. */
export function permissionsFor(scopes: readonly string[]): Permission[] {
  const out = new Set<Permission>();
  for (const scope of scopes) {
    const [area, mode] = scope.split(':') as [Area, 'read' | 'write'];
    const modes = SCOPE_AREAS[area] as { read: readonly Permission[]; write?: readonly Permission[] } | undefined;
    for (const p of modes?.[mode] ?? []) out.add(p);
    if (mode === 'write') for (const p of modes?.read ?? []) out.add(p);
  }
  return [...out].sort();
}

export function checkScopes(scopes: readonly string[]) {
  const unknown = scopes.filter((s) => !SCOPES.includes(s));
  if (unknown.length || scopes.length === 0) {
    throw new AppError('BAD_SCOPE', 400, `未知的权限范围：${unknown.join(', ') || '（空）'}`,
      `Unknown scope: ${unknown.join(', ') || '(none given)'}`, { unknown, known: SCOPES });
  }
  return [...new Set(scopes)].sort();
}

export const TOKEN_PREFIX = 'xo_';

/** A new token: what the caller is shown once, and what is stored. */
export function mintToken() {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** How a token signs the audit log and every other record of what it did. */
export const tokenActorName = (t: { id: number; name: string }) => `token#${t.id}:${t.name}`;

/** Whether a token may be used at `now`. */
export function tokenUsable(t: { revoked_at: Date | null; expires_at: Date | null }, now: Date) {
  return !t.revoked_at && (!t.expires_at || new Date(t.expires_at) > now);
}

/** The last-used time is kept to the minute: a busy integration does not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export const tokenInvalid = () =>
  new AppError('TOKEN_INVALID', 401, 'API 令牌无效、已过期或已撤销', 'The API token is invalid, expired or revoked');

export function scopeRequired(scope: string | null) {
  return scope
    ? new AppError('SCOPE_REQUIRED', 403, `API 令牌缺少权限范围：${scope}`, `The API token lacks the scope ${scope}`, { scope })
    : new AppError('SCOPE_REQUIRED', 403, '此接口不对 API 令牌开放', 'This operation is not open to API tokens', { scope: null });
}
