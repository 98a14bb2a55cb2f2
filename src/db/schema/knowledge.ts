import type { Generated } from 'kysely';
import type { GeneratedTimestamp } from './columns.ts';

/** Knowledge (migrations/008_knowledge.sql). */
export interface KnowledgeEntriesTable {
  id: Generated<number>;
  shop_id: number;
  question: string;
  similar_questions: Generated<string[]>;
  answer: string;
  num_iid: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface KnowledgeSettingsTable {
  shop_id: number;
  auto_reply_enabled: Generated<boolean>;
  auto_reply_threshold: Generated<number>;
  auto_reply_when_nobody_online: Generated<boolean>;
  auto_reply_offline_threshold: Generated<number>;
  auto_reply_prefix: Generated<string>;
  updated_at: GeneratedTimestamp;
}

export interface KnowledgeTables {
  knowledge_entries: KnowledgeEntriesTable;
  knowledge_settings: KnowledgeSettingsTable;
}
