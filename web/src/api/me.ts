import { ApiError, get } from './client';
import type { Me } from './types';

// Apart from auth.ts (which brings React Query): the first page load asks this before the app's code has arrived.
export const meKey = ['auth', 'me'] as const;

/** The signed-in shop account, or null when nobody is: a 401 is an answer here, not an error. */
export async function fetchMe() {
  try {
    return await get<Me>('/api/auth/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}
