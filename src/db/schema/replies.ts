import type { Generated } from 'kysely';
import type { GeneratedTimestamp } from './columns.ts';

/** Quick replies (migrations/010_quick_replies.sql). */
export interface ReplyGroupsTable {
  id: Generated<number>;
  shop_id: number;
  owner_id: number | null;
  name: string;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface QuickRepliesTable {
  id: Generated<number>;
  shop_id: number;
  owner_id: number | null;
  group_id: number;
  code: string | null;
  text: string;
  used: Generated<number>;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ReplyTables {
  reply_groups: ReplyGroupsTable;
  quick_replies: QuickRepliesTable;
}
