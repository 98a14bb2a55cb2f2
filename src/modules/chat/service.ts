import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Hub } from '../../realtime/server.ts';
import type { AccountActor, BuyerActor } from '../accounts/index.ts';
import { getItem } from '../catalog/index.ts';
import { needsRouting, type ConversationStatus, type Router } from '../routing/index.ts';
import { getTrade, listOrders, tradeRules } from '../trades/index.ts';
import type { MessageWriter, PendingMessage } from './message-writer.ts';
import type { ChatRateLimits } from './rate-limit.ts';
import {
  emojiBody, imageBody, productBody, textBody, tradeBody, type ChatMessage, type Outgoing,
} from './rules.ts';
import * as store from './store.ts';

/** Who is writing, and where: a buyer in its conversation with a shop, or a shop account in one it serves. */
export type Sender =
  | { kind: 'buyer'; actor: BuyerActor; shopId: number; conversationId: number; socketId?: string }
  | { kind: 'agent'; actor: AccountActor; conversationId: number; socketId?: string };

const notWritable = () => new AppError('CONVERSATION_NOT_WRITABLE', 403, '该会话不存在或不由您接待',
  'No such conversation, or you do not serve it');

/** Sending, typing and reading, the same for both sides; the fan-out goes to rooms on every node. */
export class ChatService {
  constructor(
    private readonly ctx: AppContext,
    private readonly hub: Hub,
    private readonly writer: MessageWriter,
    private readonly router: Router,
    private readonly limits: ChatRateLimits,
  ) {}

  /** Stores the message (once, whatever the resends), then delivers it; resolves only after it is committed. */
  async send(sender: Sender, out: Outgoing): Promise<{ message: ChatMessage; duplicate: boolean }> {
    // Before anything is looked up: a flood costs the database nothing.
    this.limits.take(sender.kind, sender.actor.id);
    const shopId = sender.kind === 'buyer' ? sender.shopId : sender.actor.shopId;
    const body = await this.body(sender, shopId, out);
    const pending: PendingMessage = {
      conversationId: sender.conversationId, shopId, senderKind: sender.kind, senderId: sender.actor.id,
      senderName: sender.kind === 'buyer' ? sender.actor.nick : sender.actor.login,
      clientMsgId: out.client_msg_id, kind: out.kind, body,
    };
    const result = await this.writer.write(pending);
    if (!result.ok) {
      if (result.reason === 'id_taken') {
        throw new AppError('CLIENT_MSG_ID_TAKEN', 409, '消息编号已被使用', 'That client_msg_id is used by another message');
      }
      throw notWritable();
    }
    const { message, conversation } = result;
    this.limits.typingEnded(sender.kind, sender.actor.id, sender.conversationId);
    // A resend is delivered again too: the first copy may have been stored by a node that died before delivering it.
    this.hub.toBuyer(message.conversation_id, 'message', message, sender.kind === 'buyer' ? sender.socketId : undefined);
    this.hub.toAgents({ agentId: conversation.agentId, conversationId: message.conversation_id }, 'message', message,
      sender.kind === 'agent' ? sender.socketId : undefined);
    if (sender.kind === 'buyer' && needsRouting(conversation.status as ConversationStatus)) {
      this.router.route(shopId, sender.conversationId).catch((err) => this.ctx.log.error({ err }, 'routing failed'));
    }
    return { message, duplicate: result.duplicate };
  }

  private async body(sender: Sender, shopId: number, out: Outgoing): Promise<unknown> {
    const db = this.ctx.database.db;
    switch (out.kind) {
      case 'text':
        return textBody(out.text);
      case 'emoji':
        return emojiBody(out.code);
      case 'image': {
        const upload = await store.uploadInfo(db, out.upload_id);
        if (!upload || upload.shop_id !== shopId || upload.conversation_id !== sender.conversationId) {
          throw new AppError('UPLOAD_NOT_FOUND', 404, '图片不存在，请重新上传', 'No such image in this conversation; upload it again');
        }
        return imageBody(upload);
      }
      case 'product': {
        const item = await getItem(db, shopId, out.num_iid);
        if (!item) throw new AppError('ITEM_NOT_FOUND', 404, '商品不存在', 'No such item in this shop', { num_iid: out.num_iid });
        return productBody(item);
      }
      case 'trade': {
        // A trade card shows one of this buyer's trades with this shop, and nobody else's.
        const conversation = await store.getConversation(db, shopId, sender.conversationId);
        const trade = conversation && await getTrade(db, { shopId }, out.tid);
        if (!trade || trade.buyer_id !== conversation!.buyer_id) {
          throw new AppError('TRADE_NOT_FOUND', 404, `交易 ${out.tid} 不存在`, `Trade ${out.tid} not found`, { tid: out.tid });
        }
        const items = (await listOrders(db, trade.tid)).map((o) => o.title);
        const status = trade.status as keyof typeof tradeRules.STATUS_NAMES;
        return tradeBody({ ...trade, status_name: tradeRules.STATUS_NAMES[status] }, items);
      }
    }
  }

  /** Typing is relayed, never stored; repeats faster than the interval are dropped before the database is asked. */
  async typing(sender: Sender, typing: boolean) {
    if (!this.limits.typingDue(sender.kind, sender.actor.id, sender.conversationId, typing)) return;
    if (sender.kind === 'buyer') {
      const c = await store.getConversation(this.ctx.database.db, sender.shopId, sender.conversationId);
      this.limits.typingRelayed('buyer', sender.actor.id, sender.conversationId, typing);
      if (c?.agent_id) this.hub.toAgents({ agentId: c.agent_id, conversationId: c.id }, 'typing', { conversation_id: c.id, side: 'buyer', typing });
      return;
    }
    const c = await store.getConversation(this.ctx.database.db, sender.actor.shopId, sender.conversationId);
    if (!c || c.agent_id !== sender.actor.id) throw notWritable();
    this.limits.typingRelayed('agent', sender.actor.id, c.id, typing);
    this.hub.toBuyer(c.id, 'typing', { conversation_id: c.id, side: 'agent', typing });
  }

  /** Read state: each side's mark moves forward and the other side is told. */
  async read(sender: Sender, seq: number) {
    const shopId = sender.kind === 'buyer' ? sender.shopId : sender.actor.shopId;
    const r = await store.markRead(this.ctx.database.db, shopId, sender.conversationId, sender.kind, seq, sender.actor.id);
    if (!r) throw notWritable();
    const event = { conversation_id: sender.conversationId, side: sender.kind, seq: r.seq };
    if (sender.kind === 'buyer') this.hub.toAgents({ agentId: r.agentId, conversationId: sender.conversationId }, 'read', event);
    else this.hub.toBuyer(sender.conversationId, 'read', event);
    return { seq: r.seq };
  }
}
