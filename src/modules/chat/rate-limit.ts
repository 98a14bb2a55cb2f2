import type { Clock } from '../../clock.ts';
import { bucketIsFull, rateLimited, relayTyping, takeToken, type Bucket } from './rules.ts';

export interface ChatRateOptions {
  buyerMessages: number;
  agentMessages: number;
  windowMs: number;
  typingMs: number;
}

/**
 * Per-sender limits on what a socket sends: messages (and the requests that store one) use up a token bucket;
 * typing repeats are dropped. Counted in this process, across all of a sender's sockets on this node: a sender
 * spread over several nodes gets the limit on each, which still stops a runaway client. A lookup and a few
 * additions per message; buckets that have filled up again are forgotten once per window.
 */
export class ChatRateLimits {
  private readonly buckets = { buyer: new Map<number, Bucket>(), agent: new Map<number, Bucket>() };
  private readonly typingMarks = new Map<string, { typing: boolean; at: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly clock: Clock, private readonly opts: ChatRateOptions) {
    this.timer = setInterval(() => this.prune(), Math.max(1000, opts.windowMs));
    this.timer.unref();
  }

  /** Takes one message from the sender's allowance, or refuses with RATE_LIMITED (429) and nothing is stored. */
  take(side: 'buyer' | 'agent', senderId: number) {
    const now = this.clock.now().getTime();
    const limit = this.limit(side);
    const buckets = this.buckets[side];
    let bucket = buckets.get(senderId);
    if (!bucket) buckets.set(senderId, (bucket = { tokens: limit, at: now }));
    const wait = takeToken(bucket, now, limit, this.opts.windowMs);
    if (wait) throw rateLimited(wait, limit, this.opts.windowMs);
  }

  /** Whether a typing event is due to be relayed; a repeat within the interval is dropped without a word. */
  typingDue(side: 'buyer' | 'agent', senderId: number, conversationId: number, typing: boolean) {
    return relayTyping(this.typingMarks.get(`${side}:${senderId}:${conversationId}`), typing, this.clock.now().getTime(), this.opts.typingMs);
  }

  /** Remembers a relayed typing event (only once the sender was found to belong there). */
  typingRelayed(side: 'buyer' | 'agent', senderId: number, conversationId: number, typing: boolean) {
    this.typingMarks.set(`${side}:${senderId}:${conversationId}`, { typing, at: this.clock.now().getTime() });
  }

  /** A message ends the sender's typing, as the other side shows it: the next keystroke is news, not a repeat. */
  typingEnded(side: 'buyer' | 'agent', senderId: number, conversationId: number) {
    this.typingMarks.delete(`${side}:${senderId}:${conversationId}`);
  }

  private limit(side: 'buyer' | 'agent') {
    return side === 'buyer' ? this.opts.buyerMessages : this.opts.agentMessages;
  }

  private prune() {
    const now = this.clock.now().getTime();
    for (const side of ['buyer', 'agent'] as const) {
      for (const [id, bucket] of this.buckets[side]) {
        if (bucketIsFull(bucket, now, this.limit(side), this.opts.windowMs)) this.buckets[side].delete(id);
      }
    }
    for (const [key, mark] of this.typingMarks) if (now - mark.at >= this.opts.typingMs) this.typingMarks.delete(key);
  }

  close() {
    clearInterval(this.timer);
  }
}
