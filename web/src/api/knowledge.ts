import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, get, post } from './client';
import type { Item } from './types';

export { LIMITS as KNOWLEDGE_LIMITS, PRODUCT_FIELDS } from '../../../src/modules/knowledge/rules.ts';

/** A knowledge-base entry (知识库): a question, how else buyers ask it, the answer, and the product it is about. */
export interface KnowledgeEntry {
  id: number;
  question: string;
  similar: string[];
  answer: string;
  num_iid: number | null;
  created_at: string;
  updated_at: string;
}

export interface EntryInput {
  question: string;
  similar: string[];
  answer: string;
  num_iid?: number | null;
}

/** A ranked answer; `score` is a calibrated confidence, 0–1. */
export interface KnowledgeSuggestion {
  id: number | string;
  question: string;
  answer: string;
  score: number;
  source: 'entry' | 'product';
  num_iid: number | null;
  field?: string;
}

export interface AutoReplySettings {
  enabled: boolean;
  threshold: number;
  when_nobody_online: boolean;
  offline_threshold: number;
  prefix: string;
}

export interface EntryQuery {
  q?: string;
  num_iid?: number;
  page_no: number;
  page_size: number;
}

export function useEntries(query: EntryQuery) {
  return useQuery({
    queryKey: ['knowledge', 'entries', query],
    queryFn: () => get<{ entries: KnowledgeEntry[]; total: number }>('/api/knowledge/entries', { ...query }),
    placeholderData: keepPreviousData,
  });
}

export const addEntry = (body: EntryInput) => post<{ entry: KnowledgeEntry }>('/api/knowledge/entries', body);
export const updateEntry = (id: number, body: Partial<EntryInput>) =>
  api<{ entry: KnowledgeEntry }>('PATCH', `/api/knowledge/entries/${id}`, body);
export const deleteEntry = (id: number) => api<{ deleted: number }>('DELETE', `/api/knowledge/entries/${id}`);
export const importEntries = (entries: EntryInput[]) =>
  post<{ imported: number; ids: number[] }>('/api/knowledge/entries/import', { entries });

export function useSuggest(q: string) {
  return useQuery({
    queryKey: ['knowledge', 'suggest', q, 5],
    queryFn: () => get<{ suggestions: KnowledgeSuggestion[] }>('/api/knowledge/suggest', { q, limit: 5 }),
    select: (d) => d.suggestions,
    enabled: !!q,
    staleTime: 0,
  });
}

export function useAutoReplySettings() {
  return useQuery({
    queryKey: ['knowledge', 'settings'],
    queryFn: () => get<{ settings: AutoReplySettings; llm: { model: string } | null }>('/api/knowledge/settings'),
  });
}

export const saveAutoReplySettings = (patch: Partial<AutoReplySettings>) =>
  api<{ settings: AutoReplySettings }>('PATCH', '/api/knowledge/settings', patch);

/** The shop's items, on sale or not, for choosing the product an answer is about. */
export function useShopItems() {
  return useQuery({
    queryKey: ['items', 'all'],
    queryFn: async () => (await get<{ items: Item[] }>('/api/items', { page_size: 100 })).items,
    staleTime: 60_000,
  });
}
