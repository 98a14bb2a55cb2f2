import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryPresence } from './memory-presence.ts';
import type { Presence } from './presence.ts';
import { RedisPresence } from './redis-presence.ts';

/** One contract, both implementations: two presences stand for two nodes of one deployment. */
const implementations: [string, (ttlMs?: number) => Promise<[Presence, Presence]>][] = [
  ['in-process', async () => {
    const p = new MemoryPresence();
    return [p, p];
  }],
];
if (process.env.TEST_REDIS_URL) {
  const url = process.env.TEST_REDIS_URL;
  implementations.push(['Redis', async (ttlMs) => {
    const prefix = `xiaoer:test:${randomBytes(4).toString('hex')}`;
    return [await RedisPresence.connect(url, prefix, ttlMs), await RedisPresence.connect(url, prefix, ttlMs)];
  }]);
}

describe.each(implementations)('%s presence', (_name, open) => {
  it('counts the live sockets of a key across nodes', async () => {
    const [a, b] = await open();
    expect(await a.join('agent:1', 's1')).toBe(1);
    expect(await b.join('agent:1', 's2')).toBe(2);
    expect(await a.join('agent:1', 's1')).toBe(2); // joining twice is one socket
    expect(await b.countMany(['agent:1', 'agent:2'])).toEqual([2, 0]);
    expect(await a.leave('agent:1', 's1')).toBe(1);
    expect(await b.leave('agent:1', 's2')).toBe(0);
    expect(await a.count('agent:1')).toBe(0);
    await a.close();
    if (b !== a) await b.close();
  });

});

if (process.env.TEST_REDIS_URL) {
  const url = process.env.TEST_REDIS_URL;
  describe('Redis presence', () => {
    it('forgets the sockets of a node that stopped refreshing them', async () => {
      const prefix = `xiaoer:test:${randomBytes(4).toString('hex')}`;
      const [a, b] = [await RedisPresence.connect(url, prefix, 1500), await RedisPresence.connect(url, prefix, 1500)];
      await a.join('agent:7', 's1');
      await b.join('agent:7', 's2');
      // Node a dies without a goodbye: its refreshing stops and its entries expire; node b keeps its own alive.
      const dead = a as unknown as { timer: NodeJS.Timeout; redis: { disconnect(): void } };
      clearInterval(dead.timer);
      dead.redis.disconnect();
      await new Promise((r) => setTimeout(r, 2500));
      expect(await b.count('agent:7')).toBe(1);
      await b.close();
    });
  });
}
