import type { Presence } from './presence.ts';

export class MemoryPresence implements Presence {
  private sockets = new Map<string, Set<string>>();

  async join(key: string, socketId: string) {
    const set = this.sockets.get(key) ?? new Set<string>();
    set.add(socketId);
    this.sockets.set(key, set);
    return set.size;
  }
  async leave(key: string, socketId: string) {
    const set = this.sockets.get(key);
    set?.delete(socketId);
    if (set && !set.size) this.sockets.delete(key);
    return set?.size ?? 0;
  }
  async count(key: string) {
    return this.sockets.get(key)?.size ?? 0;
  }
  async countMany(keys: string[]) {
    return keys.map((k) => this.sockets.get(k)?.size ?? 0);
  }
  async close() {
    this.sockets.clear();
  }
}
