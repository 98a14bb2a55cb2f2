import { useQuery } from '@tanstack/react-query';
import { api, get, post } from './client';

/** A quick reply (快捷短语): the team's or my own, with its shortcut code. */
export interface QuickReply {
  id: number;
  scope: 'team' | 'personal';
  group_name: string | null;
  code: string | null;
  text: string;
  used: number;
}

export function useQuickReplies(enabled = true) {
  return useQuery({
    queryKey: ['replies'],
    queryFn: () => get<{ replies: QuickReply[] }>('/api/replies'),
    select: (d) => d.replies,
    staleTime: 60_000,
    enabled,
  });
}

/** The phrase with its variables ({买家}, {订单号}, …) filled from the conversation; counts one use. */
export const fillQuickReply = (id: number, conversationId: number) =>
  post<{ text: string }>(`/api/replies/${id}/use`, { conversation_id: conversationId });

/** A phrase as the management page sees it, with its group and place. */
export interface ManagedReply extends QuickReply {
  group_id: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface ReplyGroup {
  id: number;
  scope: 'team' | 'personal';
  name: string;
  sort_order: number;
  replies: ManagedReply[];
}

export interface ReplyList {
  groups: ReplyGroup[];
  replies: ManagedReply[];
  total: number;
  variables: string[];
  can_manage_team: boolean;
}

export interface ReplyImportResult {
  imported: number;
  created: number;
  updated: number;
  unchanged: number;
  groups_created: number;
  skipped: { line: number; code: string; message: string; message_en: string }[];
}

export type ReplyScope = 'team' | 'personal';

/** The team's or my own phrases, grouped, optionally searched by code or text. */
export function useReplyList(scope: ReplyScope, q: string) {
  return useQuery({
    queryKey: ['replies', 'manage', scope, q],
    queryFn: () => get<ReplyList>('/api/replies', { scope, q }),
  });
}

/** Every group of a scope, also the empty ones a search would hide. */
export function useReplyGroups(scope: ReplyScope) {
  return useQuery({
    queryKey: ['replies', 'groups', scope],
    queryFn: () => get<{ groups: Omit<ReplyGroup, 'replies'>[] }>('/api/replies/groups', { scope }),
    select: (d) => d.groups,
  });
}

export const replyCommands = {
  add: (body: { scope: ReplyScope; group_id: number; code: string | null; text: string }) =>
    post<{ reply: ManagedReply }>('/api/replies', body),
  update: (id: number, body: { group_id?: number; code?: string | null; text?: string }) =>
    api<{ reply: ManagedReply }>('PATCH', `/api/replies/${id}`, body),
  remove: (id: number) => api<{ deleted: number }>('DELETE', `/api/replies/${id}`),
  addGroup: (body: { scope: ReplyScope; name: string }) => post<{ group: Omit<ReplyGroup, 'replies'> }>('/api/replies/groups', body),
  renameGroup: (id: number, name: string) => api<{ group: Omit<ReplyGroup, 'replies'> }>('PATCH', `/api/replies/groups/${id}`, { name }),
  removeGroup: (id: number) => api<{ deleted: number }>('DELETE', `/api/replies/groups/${id}`),
  importCsv: (scope: ReplyScope, csv: string) => post<ReplyImportResult>('/api/replies/import', { scope, csv }),
  importRows: (scope: ReplyScope, replies: { group?: string | null; code?: string | null; text?: string | null }[]) =>
    post<ReplyImportResult>('/api/replies/import', { scope, replies }),
};

/** Where the export is downloaded from: CSV for spreadsheets, JSON that the import takes back. */
export const replyExportUrl = (format: 'csv' | 'json', scope: ReplyScope) => `/api/replies/export?format=${format}&scope=${scope}`;
