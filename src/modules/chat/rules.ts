import { z } from 'zod';
import { AppError } from '../../errors.ts';

/** Chat messages (SPEC §5): what a client may send, and the body stored for each kind. Pure. */

export const MESSAGE_KINDS = ['text', 'emoji', 'image', 'product', 'trade'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number] | 'system';
export const TEXT_MAX_CHARS = 2000;
export const HISTORY_PAGE_MAX = 200;
export const SYNC_PAGE_MAX = 500;
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

/** Wangwang-style expressions: the code is stored; clients draw it (the character is a fallback). */
export const EMOJIS: Record<string, string> = {
  微笑: '🙂', 大笑: '😄', 害羞: '😊', 调皮: '😜', 惊讶: '😮', 可怜: '🥺', 流泪: '😢', 发怒: '😠', 疑问: '❓', 晕: '😵',
  鼓掌: '👏', 握手: '🤝', 抱拳: '🙏', 赞: '👍', OK: '👌', 爱心: '❤️', 玫瑰: '🌹', 礼物: '🎁', 再见: '👋', 谢谢: '🙇',
};

/** A client's own id for its message: a resend with the same id is stored once. */
export const ClientMsgId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1–64 letters, digits or _ . : -');
const UploadId = z.string().regex(/^[A-Za-z0-9_-]{16,40}$/);

export const Outgoing = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), client_msg_id: ClientMsgId, text: z.string().max(TEXT_MAX_CHARS * 2) }).strict(),
  z.object({ kind: z.literal('emoji'), client_msg_id: ClientMsgId, code: z.string().max(20) }).strict(),
  z.object({ kind: z.literal('image'), client_msg_id: ClientMsgId, upload_id: UploadId }).strict(),
  z.object({ kind: z.literal('product'), client_msg_id: ClientMsgId, num_iid: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('trade'), client_msg_id: ClientMsgId, tid: z.number().int().positive() }).strict(),
]);
export type Outgoing = z.infer<typeof Outgoing>;

export const ConversationId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const badPayload = (issues: z.core.$ZodIssue[] | string) => {
  const list = typeof issues === 'string' ? issues
    : issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
  return new AppError('BAD_PAYLOAD', 400, `消息格式不正确：${list}`, `Invalid payload: ${list}`);
};

/** Parses a socket payload with a schema; anything else than the schema allows is refused. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  const r = schema.safeParse(payload);
  if (!r.success) throw badPayload(r.error.issues);
  return r.data;
}

// Control characters other than tab and newline are dropped; the text is never interpreted as markup.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function textBody(text: string) {
  // A lone surrogate has no UTF-8 form and would make the database refuse the whole batch: it becomes U+FFFD.
  const clean = text.replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, '').trim();
  if (!clean) throw new AppError('EMPTY_MESSAGE', 400, '消息不能为空', 'A message cannot be empty');
  if ([...clean].length > TEXT_MAX_CHARS) {
    throw new AppError('MESSAGE_TOO_LONG', 400, `消息不能超过 ${TEXT_MAX_CHARS} 个字`,
      `A message may not exceed ${TEXT_MAX_CHARS} characters`);
  }
  return { text: clean };
}

export function emojiBody(code: string) {
  const char = EMOJIS[code];
  if (!char) throw new AppError('UNKNOWN_EMOJI', 400, `没有这个表情：${code}`, `No such expression: ${code}`);
  return { code, char };
}

export const imageBody = (u: { id: string; mime: string; size: number }) =>
  ({ upload_id: u.id, url: `/api/chat/uploads/${u.id}`, mime: u.mime, size: u.size });

export const productBody = (p: { num_iid: number; title: string; price: number; approve_status: string }) =>
  ({ num_iid: p.num_iid, title: p.title, price: p.price, onsale: p.approve_status === 'onsale' });

export const tradeBody = (t: { tid: number; status: string; status_name: string; payment: number; created: Date }, items: string[]) =>
  ({ tid: t.tid, status: t.status, status_name: t.status_name, payment: t.payment, created: t.created, items });

/** A stored message as both sides receive it. */
export interface ChatMessage {
  conversation_id: number;
  seq: number;
  client_msg_id: string;
  sender: 'buyer' | 'agent' | 'system';
  sender_id: number | null;
  sender_name: string;
  kind: MessageKind;
  body: unknown;
  created_at: Date;
}

export function checkImage(detected: { mime: string } | undefined, size: number) {
  if (size > IMAGE_MAX_BYTES) {
    throw new AppError('FILE_TOO_LARGE', 413, `图片不能超过 ${IMAGE_MAX_BYTES / 1024 / 1024} MB`,
      `An image may not exceed ${IMAGE_MAX_BYTES / 1024 / 1024} MB`);
  }
  if (size === 0) throw new AppError('EMPTY_FILE', 400, '文件为空', 'The file is empty');
  if (!detected || !(IMAGE_TYPES as readonly string[]).includes(detected.mime)) {
    throw new AppError('UNSUPPORTED_FILE_TYPE', 415, '只能发送 JPEG、PNG、GIF 或 WebP 图片',
      'Only JPEG, PNG, GIF or WebP images can be sent', { detected: detected?.mime ?? null });
  }
  return detected.mime;
}
