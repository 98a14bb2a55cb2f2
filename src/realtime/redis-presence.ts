import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Presence } from './presence.ts';

// Drops expired members, then counts: atomic, so two nodes never disagree on a half-pruned set.
const COUNT = `redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1]) return redis.call('zcard', KEYS[1])`;

/**
 * One sorted set per key: members are `node:socket`, scored by when they expire. Each node refreshes its own
 * sockets every third of the time to live; a node that dies stops refreshing and its sockets expire.
 */
export class RedisPresence implements Presence {
  private readonly node = randomBytes(6).toString('hex');
  private local = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout;

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    this.timer = setInterval(() => void this.refresh().catch(() => {}), Math.max(1000, Math.floor(ttlMs / 3)));
    this.timer.unref();
  }

  static async connect(url: string, prefix: string, ttlMs = 30_000) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    await redis.connect();
    redis.defineCommand('presenceCount', { numberOfKeys: 1, lua: COUNT });
    return new RedisPresence(redis, prefix, ttlMs);
  }

  private k(key: string) {
    return `${this.prefix}:${key}`;
  }

  private counter() {
    return this.redis as Redis & { presenceCount(key: string, now: number): Promise<number> };
  }

  async join(key: string, socketId: string) {
    const set = this.local.get(key) ?? new Set<string>();
    set.add(socketId);
    this.local.set(key, set);
    const now = Date.now();
    await this.redis.multi().zadd(this.k(key), now + this.ttlMs, `${this.node}:${socketId}`)
      .pexpire(this.k(key), this.ttlMs * 2).exec();
    return this.counter().presenceCount(this.k(key), now);
  }

  async leave(key: string, socketId: string) {
    const set = this.local.get(key);
    set?.delete(socketId);
    if (set && !set.size) this.local.delete(key);
    await this.redis.zrem(this.k(key), `${this.node}:${socketId}`);
    return this.counter().presenceCount(this.k(key), Date.now());
  }

  async count(key: string) {
    return this.counter().presenceCount(this.k(key), Date.now());
  }

  async countMany(keys: string[]) {
    if (!keys.length) return [];
    const now = Date.now();
    const pipe = this.redis.pipeline();
    for (const key of keys) (pipe as unknown as { presenceCount(k: string, n: number): void }).presenceCount(this.k(key), now);
    const results = (await pipe.exec()) ?? [];
    return results.map(([err, n]) => (err ? 0 : Number(n)));
  }

  private async refresh() {
    if (!this.local.size) return;
    const expires = Date.now() + this.ttlMs;
    const pipe = this.redis.pipeline();
    for (const [key, sockets] of this.local) {
      for (const id of sockets) pipe.zadd(this.k(key), expires, `${this.node}:${id}`);
      pipe.pexpire(this.k(key), this.ttlMs * 2);
    }
    await pipe.exec();
  }

  async close() {
    clearInterval(this.timer);
    // A clean shutdown takes its sockets out at once rather than waiting for them to expire.
    const pipe = this.redis.pipeline();
    for (const [key, sockets] of this.local) for (const id of sockets) pipe.zrem(this.k(key), `${this.node}:${id}`);
    await pipe.exec().catch(() => {});
    this.local.clear();
    this.redis.disconnect();
  }
}
