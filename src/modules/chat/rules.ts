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

/**
 * Sending faster than a person can (a runaway client, a script): a token bucket per sender. `limit` messages may go
 * at once, then one more every `windowMs / limit`. Takes a token from `bucket` (changed in place: this runs for
 * every message) and returns 0, or how many ms until the next one may go.
 */
export interface Bucket {
  tokens: number;
  at: number;
}

export function takeToken(bucket: Bucket, now: number, limit: number, windowMs: number): number {
  const refilled = Math.min(limit, bucket.tokens + (Math.max(0, now - bucket.at) * limit) / windowMs);
  bucket.at = Math.max(bucket.at, now);
  if (refilled >= 1) {
    bucket.tokens = refilled - 1;
    return 0;
  }
  bucket.tokens = refilled;
  // (less a hair, so that float dust does not add a millisecond)
  return Math.max(1, Math.ceil(((1 - refilled) * windowMs) / limit - 1e-6));
}

/** A bucket that has filled up again holds nothing worth keeping. */
export const bucketIsFull = (bucket: Bucket, now: number, limit: number, windowMs: number) =>
  bucket.tokens + (Math.max(0, now - bucket.at) * limit) / windowMs >= limit;

export const rateLimited = (retryAfterMs: number, limit: number, windowMs: number) =>
  new AppError('RATE_LIMITED', 429, `发送太频繁，请 ${Math.ceil(retryAfterMs / 1000)} 秒后再试`,
    `Sending too fast: wait ${Math.ceil(retryAfterMs / 1000)} s and try again`,
    { retry_after_ms: retryAfterMs, limit, window_ms: windowMs });

/** A change of typing state sooner than this after the last one relayed is noise. */
export const TYPING_CHANGE_GAP_MS = 250;

/** Whether a typing event is worth relaying: a change of state, or the same state again after `repeatMs`. */
export function relayTyping(last: { typing: boolean; at: number } | undefined, typing: boolean, now: number, repeatMs: number) {
  if (!last) return true;
  const since = now - last.at;
  return typing !== last.typing ? since >= TYPING_CHANGE_GAP_MS : since >= repeatMs;
}

/** An agent as a system message names it to the buyer. */
export interface AgentRef {
  id: number;
  name: string;
}

/**
 * What happened to a conversation, told to both sides as a stored system message. The transfer note (备注) is
 * not among the details: it is for the receiving agent alone and travels only in the assignment.
 */
export type SystemNote =
  | { event: 'transferred'; from: AgentRef; to: AgentRef }
  | { event: 'reassigned'; from: AgentRef | null; to: AgentRef }
  | { event: 'ended'; by: 'agent' | 'supervisor' | 'idle'; agentId: number | null }
  | { event: 'handed_over'; from: AgentRef; to: AgentRef | null; status: 'active' | 'queued' | 'waiting' }
  | { event: 'rating_invited'; agent: AgentRef }
  | { event: 'rated'; score: RatingScore; comment: string | null; agentId: number | null };

export type SystemEvent = SystemNote['event'];

/** The stored body: `text` is the sentence the buyer sees, `text_en` its English, then the event's details. */
export function systemBody(note: SystemNote): { event: SystemEvent; text: string; text_en: string } & Record<string, unknown> {
  switch (note.event) {
    case 'transferred':
      return {
        event: note.event, text: `客服 ${note.to.name} 将继续为您服务（由 ${note.from.name} 转接）`,
        text_en: `${note.to.name} will continue to help you (passed on by ${note.from.name})`,
        from_agent: note.from, to_agent: note.to,
      };
    case 'reassigned':
      return {
        event: note.event, text: `已为您安排客服 ${note.to.name} 接待`, text_en: `${note.to.name} has been asked to help you`,
        from_agent: note.from, to_agent: note.to,
      };
    case 'ended':
      return note.by === 'idle'
        ? {
            event: note.event, text: '由于长时间没有新消息，本次会话已自动结束。如有其他问题，欢迎随时留言。',
            text_en: 'The conversation ended after a long silence. Write again any time.', by: note.by, agent_id: note.agentId,
          }
        : {
            event: note.event, text: '本次会话已结束，感谢您的咨询。如有其他问题，欢迎随时留言。',
            text_en: 'This conversation has ended. Thank you; write again any time.', by: note.by, agent_id: note.agentId,
          };
    case 'handed_over': {
      const [text, textEn] = note.to
        ? [`客服 ${note.from.name} 已离线，已为您转接客服 ${note.to.name}`, `${note.from.name} has gone offline; ${note.to.name} will continue to help you`]
        : note.status === 'queued'
          ? [`客服 ${note.from.name} 已离线，正在为您安排其他客服，请稍候`, `${note.from.name} has gone offline; please wait for the next free agent`]
          : [`客服 ${note.from.name} 已离线，您可以继续留言，客服上线后会尽快回复您`,
              `${note.from.name} has gone offline; leave a message and an agent will answer when one is back`];
      return { event: note.event, text, text_en: textEn, from_agent: note.from, to_agent: note.to, status: note.status };
    }
    case 'rating_invited':
      return {
        event: note.event, text: `客服 ${note.agent.name} 邀请您对本次服务进行评价`,
        text_en: `${note.agent.name} invites you to rate this conversation`, agent: note.agent,
      };
    case 'rated': {
      const [label, labelEn] = RATING_LABELS[note.score];
      return {
        event: note.event, text: `感谢您的评价：${label}`, text_en: `Thank you for your rating: ${labelEn}`,
        score: note.score, label, label_en: labelEn, comment: note.comment, agent_id: note.agentId,
      };
    }
  }
}

/** Post-chat satisfaction (满意度评价): 5 非常满意 … 1 非常不满意, once per session, until a day after it ended. */
export type RatingScore = 1 | 2 | 3 | 4 | 5;
export const RATING_LABELS: Record<RatingScore, [string, string]> = {
  5: ['非常满意', 'Very satisfied'],
  4: ['满意', 'Satisfied'],
  3: ['一般', 'Neutral'],
  2: ['不满意', 'Dissatisfied'],
  1: ['非常不满意', 'Very dissatisfied'],
};
export const RATING_COMMENT_MAX = 200;
export const RATING_WINDOW_MS = 24 * 3_600_000;

export function checkRating(score: unknown, comment: unknown): { score: RatingScore; comment: string | null } {
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5) {
    throw new AppError('BAD_RATING_SCORE', 400, '评分须为 1 到 5 的整数（5 非常满意 … 1 非常不满意）',
      'The score must be a whole number from 1 (very dissatisfied) to 5 (very satisfied)', { score: score ?? null });
  }
  if (comment !== undefined && comment !== null && typeof comment !== 'string') {
    throw new AppError('BAD_RATING_COMMENT', 400, '评价内容须为文字', 'The comment must be text');
  }
  const clean = (comment ?? '').replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, '').trim();
  if ([...clean].length > RATING_COMMENT_MAX) {
    throw new AppError('RATING_COMMENT_TOO_LONG', 400, `评价内容不能超过 ${RATING_COMMENT_MAX} 个字`,
      `A comment may not exceed ${RATING_COMMENT_MAX} characters`);
  }
  return { score: score as RatingScore, comment: clean || null };
}

/**
 * Which session of the conversation a rating now belongs to (a conversation serves the same buyer again and again;
 * `sessionsEnded` counts the ends): the one in progress, or the one that ended less than a day ago.
 */
export function ratingSession(c: { status: string; sessionsEnded: number; endedAt: Date | null }, now: Date): number {
  if (c.status === 'active') return c.sessionsEnded;
  if (c.status === 'ended' && c.endedAt) {
    if (now.getTime() - c.endedAt.getTime() <= RATING_WINDOW_MS) return c.sessionsEnded - 1;
    throw new AppError('RATING_CLOSED', 409, '会话结束已超过 24 小时，不能再评价', 'Ratings close 24 hours after the conversation ends');
  }
  throw new AppError('RATING_NOT_OPEN', 409, '还没有客服接待本次咨询，暂不能评价', 'Nothing to rate yet: no agent has served this conversation',
    { status: c.status });
}

export const alreadyRated = () => new AppError('ALREADY_RATED', 409, '本次会话已经评价过了', 'This conversation has already been rated');
