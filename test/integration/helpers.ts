import type { TestApp } from '../support/harness.ts';
import { ok } from '../support/factories.ts';
import type { Client } from '../support/client.ts';

export type Res = { status: number; body: any };

/** Another system's view of the API: no cookie, an API token in the Authorization header. */
export class TokenClient {
  constructor(private readonly app: TestApp, readonly token: string) {}

  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<Res> {
    const res = await this.app.http.inject({
      method, url, headers: { authorization: `Bearer ${this.token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }
}

/** A token made by the shop's owner through the API. */
export async function newToken(app: TestApp, owner: Client, scopes: string[], extra: Record<string, unknown> = {}) {
  const body = await ok(owner.post('/api/integration/tokens', { name: `erp-${scopes.join('+')}`.slice(0, 40), scopes, ...extra }), 201);
  return { client: new TokenClient(app, body.secret), id: body.token.id as number, secret: body.secret as string, token: body.token };
}
