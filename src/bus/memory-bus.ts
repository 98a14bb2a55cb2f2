import type { Bus, BusEvent, BusHandler } from './bus.ts';

export class MemoryBus implements Bus {
  private handlers = new Set<BusHandler>();

  async publish(event: BusEvent) {
    for (const handler of this.handlers) await handler(event);
  }
  subscribe(handler: BusHandler) {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }
  async close() {
    this.handlers.clear();
  }
}
