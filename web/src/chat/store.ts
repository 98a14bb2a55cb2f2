import { useSyncExternalStore } from 'react';

/**
 * A small observable value: chat state changes dozens of times a second, and each component re-renders only when
 * the slice it selects changes (by identity), which keeps a long conversation list smooth.
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

export function useSelect<S, T>(source: Observable<S>, select: (s: S) => T): T {
  return useSyncExternalStore(source.subscribe, () => select(source.snapshot));
}
