import type { RouteOptions } from 'fastify';
import { requiredScope } from './tokens-rules.ts';

type Json = Record<string, any>;

/** What the OpenAPI document cannot learn from a route's schema: whether it is rate-limited. */
export class RouteCatalog {
  private readonly limited = new Set<string>();

  note(route: RouteOptions, limited: boolean) {
    if (!limited) return;
    for (const method of [route.method].flat()) this.limited.add(`${method.toLowerCase()} ${toOpenApiPath(route.url)}`);
  }
  isLimited(method: string, path: string) {
    return this.limited.has(`${method} ${path}`);
  }
}

export const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const toRouteUrl = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

/** Operations without a session; the buyer's are those of /api/buyer and placing a trade. */
const PUBLIC = new Set([
  'shop.add', 'auth.login', 'auth.logout', 'buyer.add', 'buyer.login', 'buyer.logout', 'shop.public.get', 'items.onsale.get', 'item.get',
  // Called by the escrow provider and the couriers, signed with the shop's secret for them.
  'payment.notify', 'logistics.trace.push',
]);
const isBuyerOperation = (path: string, id: string) => path.startsWith('/api/buyer/') || id === 'trade.add';

const ERRORS: Record<string, { description: string; codes: string[] }> = {
  400: { description: 'The request is invalid: a field fails its schema (`VALIDATION_FAILED`, with `details` per field), the JSON is malformed, or a rule of the operation refuses the value', codes: ['VALIDATION_FAILED', 'FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_JSON_BODY'] },
  401: { description: 'No valid session cookie or API token', codes: ['NOT_LOGGED_IN', 'TOKEN_INVALID'] },
  403: { description: 'The account lacks the permission (`details.permission`), or the API token lacks the scope (`details.scope`)', codes: ['PERMISSION_DENIED', 'SCOPE_REQUIRED'] },
  404: { description: 'No such resource in this shop (another shop\'s ids are not found either)', codes: ['*_NOT_FOUND'] },
  409: { description: 'The resource\'s state does not allow this now, or a limit is reached', codes: ['*_NOT_ALLOWED', 'TOO_MANY_*'] },
  413: { description: 'The body is larger than 1 MB', codes: ['FST_ERR_CTP_BODY_TOO_LARGE'] },
  415: { description: 'The body is not JSON (or, for an upload, not multipart)', codes: ['FST_ERR_CTP_INVALID_MEDIA_TYPE'] },
  429: { description: 'Too many requests from this client: try again later', codes: ['RATE_LIMITED'] },
};

const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'message_en'],
  properties: {
    code: { type: 'string', description: 'stable, machine-readable (e.g. TRADE_NOT_FOUND)', example: 'VALIDATION_FAILED' },
    message: { type: 'string', description: '中文说明' },
    message_en: { type: 'string', description: 'the same in English' },
    details: { description: 'what the code refers to: the fields that failed, the permission or scope missing…' },
  },
};

const errorResponse = (status: string) => ({
  description: `${ERRORS[status].description}. Codes: ${ERRORS[status].codes.map((c) => `\`${c}\``).join(', ')}`,
  'x-error-codes': ERRORS[status].codes,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/**
 * Fills in what every operation shares: the error answers and their codes, how it is authenticated (session cookie,
 * or an API token with the scope named in `x-scope`), and a success answer where the route declares none.
 */
export function completeOpenApi(doc: Json, catalog: RouteCatalog): Json {
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, Error: ERROR_SCHEMA };
  doc.components.securitySchemes = {
    session: { type: 'apiKey', in: 'cookie', name: 'xiaoer_session', description: 'set by auth.login (shop accounts) or buyer.login' },
    apiToken: { type: 'http', scheme: 'bearer', description: 'an API token (`xo_…`) made by the main account; see x-scope' },
  };
  doc.info = {
    ...doc.info,
    description: `${doc.info?.description ?? ''}\n\nEvery refusal is \`{ code, message, message_en, details? }\` with a 4xx status; `
      + 'a 500 is a bug. Other systems authenticate with `Authorization: Bearer xo_…` (an API token); each operation names '
      + 'the scope it needs in `x-scope`. A browsable version of this document is at `/api/docs`.',
  };
  for (const [path, methods] of Object.entries(doc.paths ?? {}) as [string, Json][]) {
    for (const [method, op] of Object.entries(methods) as [string, Json][]) {
      const id = String(op.operationId ?? '');
      const isPublic = PUBLIC.has(id);
      const buyer = isBuyerOperation(path, id);
      const scope = isPublic || buyer ? null : requiredScope(method.toUpperCase(), toRouteUrl(path));
      op.responses ??= {};
      for (const [status, response] of Object.entries(op.responses) as [string, Json][]) {
        if (!/^2/.test(status)) continue;
        if (response.description === 'Default Response') response.description = 'Success';
        response.content ??= { 'application/json': { schema: { type: 'object', additionalProperties: true } } };
      }
      const statuses = ['400'];
      if (!isPublic) statuses.push('401');
      if (!isPublic && !buyer) statuses.push('403');
      if (path.includes('{')) statuses.push('404');
      if (method !== 'get') statuses.push('409');
      if (op.requestBody || ['post', 'put', 'patch'].includes(method)) statuses.push('413', '415');
      if (catalog.isLimited(method, path)) statuses.push('429');
      for (const status of statuses) op.responses[status] ??= errorResponse(status);
      if (!isPublic) op.security = buyer ? [{ session: [] }] : [{ session: [] }, { apiToken: [] }];
      if (!isPublic && !buyer) op['x-scope'] = scope;
    }
  }
  return doc;
}
