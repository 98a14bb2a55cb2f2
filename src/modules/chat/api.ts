import { randomBytes } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError, forbidden } from '../../errors.ts';
import { actorFromCookieHeader, requireAccount, requireBuyer } from '../../http/auth.ts';
import { Int } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { can, findShopByName } from '../accounts/index.ts';
import { openAssignment, queuePosition } from '../routing/index.ts';
import { currentRating, presentRating } from './ratings.ts';
import { checkImage, HISTORY_PAGE_MAX, IMAGE_MAX_BYTES } from './rules.ts';
import {
  AssignmentSchema, ConversationSchema, ConversationStatusSchema, ImageContent, MessagePage, RatingSchema, UploadAnswer,
} from './schemas.ts';
import * as store from './store.ts';

const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const ShopParam = z.object({ shop: z.string().min(1).max(40) });
const Page = z.object({
  before_seq: z.coerce.number().int().min(0).optional(),
  after_seq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(50),
});
const tags = ['chat'];

const conversationNotFound = () => new AppError('CONVERSATION_NOT_FOUND', 404, '会话不存在', 'No such conversation in this shop');

/** Chat over HTTP: conversation lists and history pages for both sides, and image uploads. */
export function registerChatRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  const page = (conversationId: number, q: z.infer<typeof Page>) =>
    q.after_seq !== undefined ? store.since(db, conversationId, q.after_seq, q.limit) : store.history(db, conversationId, q.before_seq, q.limit);

  app.get('/api/conversations', {
    schema: {
      operationId: 'conversations.get', tags, summary: "The shop's conversations, newest first; `mine` for the ones I serve and the ended ones I served last",
      querystring: z.object({
        status: z.enum(['new', 'waiting', 'queued', 'active', 'ended']).optional(),
        mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
        before_id: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ conversations: z.array(ConversationSchema) }) },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const q = request.query;
    return {
      conversations: await store.listConversations(db, actor.shopId, {
        agentId: q.mine ? actor.id : undefined, status: q.status, limit: q.limit, beforeId: q.before_id,
      }),
    };
  });

  app.get('/api/conversations/:id', {
    schema: {
      operationId: 'conversation.get', tags, params: Id,
      summary: 'One conversation of the shop: queue position, how its agent got it (with the transfer note, for the team only) and its rating',
      response: {
        200: z.object({
          conversation: ConversationSchema.extend({
            position: Int.nullable().describe('place in the queue, while queued'),
            assignment: AssignmentSchema.nullable().describe('while active'),
            rating: RatingSchema.nullable().describe("the current session's rating"),
          }),
        }),
      },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const c = await store.getConversation(db, actor.shopId, request.params.id);
    if (!c) throw conversationNotFound();
    const [position, assignment, rating] = await Promise.all([
      c.status === 'queued' ? queuePosition(db, actor.shopId, c.id) : null,
      c.status === 'active' ? openAssignment(db, c.id) : undefined,
      currentRating(db, c),
    ]);
    return { conversation: { ...c, position, assignment: assignment ?? null, rating } };
  });

  app.get('/api/chat/ratings', {
    schema: {
      operationId: 'chat.ratings.get', tags,
      summary: '满意度评价 in a time range (newest first) with their count and average: every agent for a supervisor, else my own',
      querystring: z.object({
        agent_id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      response: {
        200: z.object({
          ratings: z.array(RatingSchema.extend({ agent_login: z.string().nullable(), buyer_nick: z.string() })),
          count: Int,
          average: z.number().nullable().describe('mean score, to two decimals'),
        }),
      },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const q = request.query;
    const everyone = can(actor, 'suspend.approve');
    if (!everyone && q.agent_id !== undefined && q.agent_id !== actor.id) throw forbidden('suspend.approve');
    if (q.from && q.to && q.from > q.to) {
      throw new AppError('BAD_TIME_RANGE', 400, '开始时间不能晚于结束时间', '`from` must not be later than `to`');
    }
    const r = await store.listRatings(db, actor.shopId, { agentId: everyone ? q.agent_id : actor.id, from: q.from, to: q.to, limit: q.limit });
    return {
      ratings: r.ratings.map((x) => ({ ...presentRating(x), agent_login: x.agent_login, buyer_nick: x.buyer_nick })),
      count: r.count,
      average: r.average === null ? null : Math.round(r.average * 100) / 100,
    };
  });

  app.get('/api/conversations/:id/messages', {
    schema: {
      operationId: 'conversation.messages.get', tags,
      summary: 'History, oldest first: the page before `before_seq` (default newest), or what came after `after_seq`',
      params: Id, querystring: Page, response: { 200: MessagePage },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!(await store.getConversation(db, actor.shopId, request.params.id))) throw conversationNotFound();
    return page(request.params.id, request.query);
  });

  app.get('/api/buyer/chat/:shop', {
    schema: {
      operationId: 'buyer.chat.get', tags: ['buyer'], summary: 'My conversation with a shop (opened if new) and its newest messages', params: ShopParam,
      response: {
        200: MessagePage.extend({
          conversation: z.object({
            id: Int, status: ConversationStatusSchema, last_seq: Int, agent_read_seq: Int, buyer_read_seq: Int,
            position: Int.nullable().describe('place in the queue, while queued'),
            rating: RatingSchema.pick({ score: true, label: true, label_en: true, comment: true, created_at: true }).nullable(),
          }),
        }),
      },
    },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const c = await buyerConversation(request.params.shop, buyer.id, buyer.nick);
    const { status, id, last_seq, agent_read_seq, buyer_read_seq } = c;
    const position = status === 'queued' ? await queuePosition(db, c.shop_id, id) : null;
    // The buyer's own score and comment; which agent it credits is the shop's business.
    const rating = await currentRating(db, c);
    return {
      conversation: {
        id, status, last_seq, agent_read_seq, buyer_read_seq, position,
        rating: rating && { score: rating.score, label: rating.label, label_en: rating.label_en, comment: rating.comment, created_at: rating.created_at },
      },
      ...(await store.history(db, id, undefined, 50)),
    };
  });

  app.get('/api/buyer/chat/:shop/messages', {
    schema: {
      operationId: 'buyer.chat.messages.get', tags: ['buyer'], summary: 'My history with a shop, paged', params: ShopParam, querystring: Page,
      response: { 200: MessagePage },
    },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const c = await buyerConversation(request.params.shop, buyer.id, buyer.nick);
    return page(c.id, request.query);
  });

  async function buyerConversation(shopName: string, buyerId: number, nick: string) {
    const shop = await findShopByName(db, shopName);
    if (!shop) throw new AppError('SHOP_NOT_FOUND', 404, '店铺不存在', 'No such shop');
    return store.ensureConversation(db, shop.id, buyerId, nick);
  }

  // Uploads: multipart, one image of at most IMAGE_MAX_BYTES, its type read from its bytes and never from its name.
  void app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: IMAGE_MAX_BYTES, files: 1, fields: 0, parts: 1 } });
    const upload = scope as unknown as ZodApp;

    upload.post('/api/conversations/:id/uploads', {
      schema: {
        operationId: 'conversation.upload.add', tags, summary: 'Upload an image (JPEG, PNG, GIF, WebP ≤ 5 MB) to send in a conversation', params: Id,
        response: { 201: UploadAnswer },
      },
    }, async (request, reply) => {
      const actor = await requireAccount(ctx, request);
      const c = await store.getConversation(db, actor.shopId, request.params.id);
      if (!c) throw conversationNotFound();
      const id = await saveUpload(request, { shopId: actor.shopId, conversationId: c.id, kind: 'agent', uploaderId: actor.id });
      return reply.status(201).send({ upload_id: id, url: `/api/chat/uploads/${id}` });
    });

    upload.post('/api/buyer/chat/:shop/uploads', {
      schema: {
        operationId: 'buyer.chat.upload.add', tags: ['buyer'], summary: 'Upload an image to send to a shop', params: ShopParam,
        response: { 201: UploadAnswer },
      },
    }, async (request, reply) => {
      const buyer = await requireBuyer(ctx, request);
      const c = await buyerConversation(request.params.shop, buyer.id, buyer.nick);
      const id = await saveUpload(request, { shopId: c.shop_id, conversationId: c.id, kind: 'buyer', uploaderId: buyer.id });
      return reply.status(201).send({ upload_id: id, url: `/api/chat/uploads/${id}` });
    });
  });

  async function saveUpload(request: FastifyRequest, to: { shopId: number; conversationId: number; kind: 'buyer' | 'agent'; uploaderId: number }) {
    if (!request.isMultipart()) throw new AppError('MULTIPART_REQUIRED', 415, '请以 multipart/form-data 上传图片', 'Send the image as multipart/form-data');
    const file = await request.file().catch(() => undefined);
    if (!file) throw new AppError('FILE_REQUIRED', 400, '没有收到文件', 'No file received');
    const data = await file.toBuffer().catch((err: { code?: string }) => {
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') return undefined;
      throw err;
    });
    if (!data || file.file.truncated) checkImage(undefined, IMAGE_MAX_BYTES + 1);
    const mime = checkImage(await fileTypeFromBuffer(data!), data!.length);
    const id = randomBytes(18).toString('base64url');
    await store.insertUpload(db, { id, ...to, mime, data: data!, at: ctx.clock.now() });
    return id;
  }

  app.get('/api/chat/uploads/:id', {
    schema: {
      operationId: 'chat.upload.get', tags, summary: "An image sent in a conversation: for the shop's accounts and that conversation's buyer",
      params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,40}$/) }),
      response: { 200: ImageContent },
    },
  }, async (request, reply) => {
    const who = await actorFromCookieHeader(ctx, request.headers.cookie);
    const u = await store.uploadWithData(db, request.params.id);
    const allowed = u && who && (who.kind === 'account' ? who.shopId === u.shop_id : who.id === u.buyer_id);
    if (!who) throw new AppError('NOT_LOGGED_IN', 401, '请先登录', 'Please log in first');
    if (!allowed) throw new AppError('UPLOAD_NOT_FOUND', 404, '图片不存在', 'No such image');
    // The type was checked from the bytes at upload; nosniff and a sandbox keep the browser from reading it as anything else.
    return reply
      .header('content-type', u.mime)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', 'inline')
      .header('cache-control', 'private, max-age=86400')
      .send(u.data);
  });
}
