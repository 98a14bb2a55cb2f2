import { useSyncExternalStore } from 'react';
import type { Observable } from './observable';

/** The slice of a chat's state that `select` picks: the component re-renders only when that slice changes. */
export function useSelect<S, T>(source: Observable<S>, select: (s: S) => T): T {
  return useSyncExternalStore(source.subscribe, () => select(source.snapshot));
}
