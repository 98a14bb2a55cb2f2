/** A refusal from the server, carrying its stable code and both messages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly details?: unknown,
  ) {
    super(messageZh);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(url: string, query?: Query) {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${url}?${s}` : url;
}

/**
 * JSON (or a FormData upload) over the session cookie; any non-2xx answer becomes an ApiError with the server's own
 * words.
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, query?: Query): Promise<T> {
  const form = body instanceof FormData;
  const res = await fetch(withQuery(url, query), {
    method,
    credentials: 'same-origin',
    headers: body === undefined || form ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (data ?? {}) as { code?: string; message?: string; message_en?: string; details?: unknown };
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? `请求失败（${res.status}）`,
      e.message_en ?? `Request failed (${res.status})`, e.details);
  }
  return data as T;
}

export const get = <T>(url: string, query?: Query) => api<T>('GET', url, undefined, query);
export const post = <T>(url: string, body: unknown = {}) => api<T>('POST', url, body);
export const put = <T>(url: string, body: unknown) => api<T>('PUT', url, body);
/** One file as multipart/form-data, under the field name `file`. */
export function upload<T>(url: string, file: Blob, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file);
  return api<T>('POST', url, form);
}
