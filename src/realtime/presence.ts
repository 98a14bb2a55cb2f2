/**
 * Who is connected, across every node: one entry per live socket, keyed by 'agent:12' or 'buyer:34'.
 * In-process for one node; Redis (entries expire unless their node keeps refreshing them) for several,
 * so a node killed without a goodbye drops out by itself.
 */
export interface Presence {
  /** Records a live socket; returns how many sockets the key now has on all nodes. */
  join(key: string, socketId: string): Promise<number>;
  /** Forgets a socket; returns how many the key still has. */
  leave(key: string, socketId: string): Promise<number>;
  count(key: string): Promise<number>;
  countMany(keys: string[]): Promise<number[]>;
  close(): Promise<void>;
}

export async function openPresence(opts: { redisUrl?: string; prefix?: string; ttlMs?: number }): Promise<Presence> {
  if (!opts.redisUrl) {
    const { MemoryPresence } = await import('./memory-presence.ts');
    return new MemoryPresence();
  }
  const { RedisPresence } = await import('./redis-presence.ts');
  return RedisPresence.connect(opts.redisUrl, opts.prefix ?? 'xiaoer:presence', opts.ttlMs);
}
