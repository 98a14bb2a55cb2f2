/** A domain event, published only after the transaction that made it has committed. */
export interface BusEvent {
  type: string;
  shopId: number;
  payload: Record<string, unknown>;
}

export type BusHandler = (event: BusEvent) => void | Promise<void>;

/** In-process or Redis: every node's subscribers see every event once. */
export interface Bus {
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: BusHandler): () => void;
  close(): Promise<void>;
}

export async function openBus(redisUrl?: string, channel?: string): Promise<Bus> {
  if (!redisUrl) {
    const { MemoryBus } = await import('./memory-bus.ts');
    return new MemoryBus();
  }
  const { RedisBus } = await import('./redis-bus.ts');
  return RedisBus.connect(redisUrl, channel);
}
