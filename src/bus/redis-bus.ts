import { Redis } from 'ioredis';
import type { Bus, BusEvent, BusHandler } from './bus.ts';

const CHANNEL = 'xiaoer:events';

/** Redis pub/sub (a separate channel name keeps deployments or test runs on one Redis apart): one connection publishes, one listens (a subscribed connection can do nothing else). */
export class RedisBus implements Bus {
  private handlers = new Set<BusHandler>();

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly channel: string,
  ) {
    sub.on('message', (_channel, message: string) => {
      const event = JSON.parse(message) as BusEvent;
      for (const handler of this.handlers) void Promise.resolve(handler(event)).catch(() => {});
    });
  }

  static async connect(url: string, channel = CHANNEL) {
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const pub = new Redis(url, options);
    const sub = new Redis(url, options);
    await Promise.all([pub.connect(), sub.connect()]);
    await sub.subscribe(channel);
    return new RedisBus(pub, sub, channel);
  }

  async publish(event: BusEvent) {
    await this.pub.publish(this.channel, JSON.stringify(event));
  }
  subscribe(handler: BusHandler) {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }
  async close() {
    this.handlers.clear();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
