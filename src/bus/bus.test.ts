import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Bus, BusEvent } from './bus.ts';
import { MemoryBus } from './memory-bus.ts';
import { RedisBus } from './redis-bus.ts';

/** One contract, both implementations: what a module may rely on whichever bus the deployment runs. */
const implementations: [string, () => Promise<[Bus, Bus]>][] = [
  ['in-process', async () => {
    const bus = new MemoryBus();
    return [bus, bus];
  }],
];
if (process.env.TEST_REDIS_URL) {
  const url = process.env.TEST_REDIS_URL;
  implementations.push(['Redis', async () => {
    // Two connections stand for two nodes; a channel of their own keeps parallel runs apart.
    const channel = `xiaoer:test:${randomBytes(4).toString('hex')}`;
    return [await RedisBus.connect(url, channel), await RedisBus.connect(url, channel)];
  }]);
}

const event = (n: number): BusEvent => ({ type: 'trade.changed', shopId: 7, payload: { tid: n, status: 'WAIT_BUYER_PAY' } });

function collect(bus: Bus, count: number) {
  const seen: BusEvent[] = [];
  return {
    seen,
    done: new Promise<void>((resolve) => {
      bus.subscribe((e) => {
        seen.push(e);
        if (seen.length === count) resolve();
      });
    }),
  };
}

describe.each(implementations)('the %s bus', (_name, open) => {
  it('delivers every published event, in order, to every subscriber on every node', async () => {
    const [nodeA, nodeB] = await open();
    const onA = collect(nodeA, 50);
    const onB = collect(nodeB, 50);
    for (let i = 0; i < 50; i++) await nodeA.publish(event(i));
    await Promise.all([onA.done, onB.done]);
    expect(onB.seen.map((e) => e.payload.tid)).toEqual([...Array(50).keys()]);
    expect(onA.seen[0]).toEqual(event(0));
    await nodeA.close();
    await nodeB.close();
  });

  it('stops delivering to a handler once it unsubscribes', async () => {
    const [nodeA, nodeB] = await open();
    const kept = collect(nodeB, 2);
    const dropped: BusEvent[] = [];
    const unsubscribe = nodeB.subscribe((e) => void dropped.push(e));
    await nodeA.publish(event(1));
    await expect.poll(() => dropped.length).toBe(1);
    unsubscribe();
    await nodeA.publish(event(2));
    await kept.done;
    expect(dropped.map((e) => e.payload.tid)).toEqual([1]);
    await nodeA.close();
    await nodeB.close();
  });
});
