/**
 * A small observable value: chat state changes dozens of times a second, and each component re-renders only when
 * the slice it selects changes (by identity; see `useSelect` in store.ts), which keeps a long conversation list
 * smooth. Apart from React, so a chat connection can open before React has loaded.
 */
export class Observable<S> {
  private listeners = new Set<() => void>();
  constructor(protected state: S) {}

  get snapshot() {
    return this.state;
  }

  protected set(next: S) {
    this.state = next;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
}
