import type { ChatMessage } from './types';

/** Merges two ascending runs of messages, one copy per seq. */
export function mergeMessages(a: ChatMessage[], b: ChatMessage[]): ChatMessage[] {
  if (!b.length) return a;
  if (!a.length) return b;
  if (a.at(-1)!.seq < b[0]!.seq) return [...a, ...b];
  const bySeq = new Map<number, ChatMessage>();
  for (const m of a) bySeq.set(m.seq, m);
  for (const m of b) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}
