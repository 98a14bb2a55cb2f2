import { sql } from 'kysely';
import { HOUR } from '../clock.ts';
import type { Trx } from '../db/transaction.ts';
import type { AccountActor, BuyerActor } from '../modules/accounts/index.ts';
import { fillVariables } from '../modules/replies/index.ts';
import { type DemoChat, type DemoLine, DEMO_CHATS } from './chat-demo.ts';
import { leftMessage, openConversation, pastSession, type PastLine } from './chat-history.ts';

interface Cast {
  shopId: number;
  actors: Map<string, AccountActor>;
  buyers: Map<string, BuyerActor>;
}

/** The shop's demo chats (chat-demo.ts), told in order, each agent line filled like a quick reply at its moment. */
export async function tellChats(trx: Trx, shopName: string, cast: Cast, now: Date) {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  for (const chat of DEMO_CHATS.filter((c) => c.shop === shopName)) {
    const buyer = cast.buyers.get(chat.buyer)!;
    const parties = { shopId: cast.shopId, buyer };
    const conversation = await openConversation(trx, parties);
    let served: number | null = null;
    for (const s of chat.sessions) {
      const agent = cast.actors.get(s.agent)!;
      const endedAt = at(s.ended);
      const trade = s.about ? await tradeAbout(trx, cast.shopId, buyer.id, s.about, endedAt) : undefined;
      const fill = (l: DemoLine): PastLine => ({
        from: l.by, at: at(l.at),
        text: l.by === 'buyer' ? l.text
          : fillVariables(l.text, { buyer: buyer.nick, agent: s.agent, tid: trade?.tid, outSid: trade?.out_sid }).text,
      });
      // Routing gives a returning buyer back to the agent who served it last (最近联系人).
      const via = served === agent.id ? 'recent' : 'shop';
      await pastSession(trx, conversation.id, parties, { agent, situation: s.situation, via, lines: s.lines.map(fill), endedAt });
      served = agent.id;
    }
    if (chat.waiting) await leave(trx, conversation.id, parties, chat.waiting, at);
  }
}

function leave(trx: Trx, conversationId: number, parties: { shopId: number; buyer: BuyerActor },
  waiting: NonNullable<DemoChat['waiting']>, at: (h: number) => Date) {
  return leftMessage(trx, conversationId, parties, {
    situation: waiting.situation, lines: waiting.lines.map((l) => ({ from: l.by, text: l.text, at: at(l.at) })),
  });
}

/** The buyer's newest trade in the shop with an item whose title holds `word`, placed before `before`. */
async function tradeAbout(trx: Trx, shopId: number, buyerId: number, word: string, before: Date) {
  const { rows } = await sql<{ tid: number; out_sid: string | null }>`
    select t.tid, t.out_sid from trades t
    where t.shop_id = ${shopId} and t.buyer_id = ${buyerId} and t.created <= ${before}
      and exists (select 1 from orders o where o.tid = t.tid and o.title like ${`%${word}%`})
    order by t.created desc limit 1`.execute(trx);
  return rows[0];
}
