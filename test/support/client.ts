import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A signed-in browser's view of the API: keeps its session cookie and speaks JSON. */
export class Client {
  cookie = '';
  constructor(private readonly http: FastifyInstance) {}

  async request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
    const res: LightMyRequestResponse = await this.http.inject({
      method,
      url,
      headers: this.cookie ? { cookie: this.cookie } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const set = res.cookies.find((c) => c.name === 'xiaoer_session');
    if (set) this.cookie = set.value ? `xiaoer_session=${set.value}` : '';
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
}
