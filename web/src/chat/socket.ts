import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { ApiError } from '../api/client';

/** One namespace of the chat server, on the page's own origin (the session cookie identifies the user). */
export function openSocket(
  namespace: '/agent' | '/buyer', auth: Record<string, unknown> = {}, options: Partial<ManagerOptions & SocketOptions> = {},
): Socket {
  return io(namespace, { transports: ['websocket'], withCredentials: true, auth, reconnectionDelayMax: 5000, ...options });
}

interface Answer { ok: boolean; code?: string; message?: string; message_en?: string; details?: unknown }

/**
 * A request with an acknowledgement; a refusal becomes the same ApiError the HTTP client throws.
 * A request that gets no answer in time fails, so the caller can offer a retry (the client id makes it harmless).
 */
export function request<T = Record<string, unknown>>(socket: Socket, event: string, payload?: unknown, timeoutMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    socket.timeout(timeoutMs).emit(event, payload ?? {}, (err: Error | null, answer: Answer) => {
      if (err) return reject(new ApiError(0, 'TIMEOUT', '网络超时，请重试', 'No answer from the server; try again'));
      if (!answer?.ok) {
        return reject(new ApiError(400, answer?.code ?? 'ERROR', answer?.message ?? '请求失败', answer?.message_en ?? 'Request failed', answer?.details));
      }
      resolve(answer as T);
    });
  });
}

/** A client id no other message of this browser will have: resends of the same message reuse it. */
export function newClientMsgId() {
  return `${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join('')}`.slice(0, 64);
}
