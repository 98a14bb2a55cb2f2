import type { Generated } from 'kysely';
import type { Json, Timestamp } from './columns.ts';

/** Quality inspection, 质检 (migrations/018_supervision.sql). */
export interface QaRubricsTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  items: Json;
  active: Generated<boolean>;
  version: Generated<number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QaReviewsTable {
  id: Generated<number>;
  shop_id: number;
  conversation_id: number;
  assignment_id: number;
  agent_id: number;
  rubric_id: number;
  rubric_items: Json;
  status: Generated<'pending' | 'scored'>;
  scores: Json | null;
  item_comments: Json | null;
  total: number | null;
  max_total: number;
  comment: string | null;
  sampled_by: number | null;
  sampled_at: Timestamp;
  reviewer_id: number | null;
  scored_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  version: Generated<number>;
}

export interface SupervisionTables {
  qa_rubrics: QaRubricsTable;
  qa_reviews: QaReviewsTable;
}
