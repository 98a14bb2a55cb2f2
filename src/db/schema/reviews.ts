import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './columns.ts';

/** Reviews and their follow-ups (migrations/016_reviews.sql). */
export interface ReviewsTable {
  id: Generated<number>;
  shop_id: number;
  tid: number;
  oid: number;
  buyer_id: number;
  buyer_nick: string;
  num_iid: number;
  item_title: string;
  result: 'good' | 'neutral' | 'bad';
  content: string;
  original_result: 'good' | 'neutral' | 'bad';
  original_content: string;
  created_at: Timestamp;
  changed_at: Timestamp | null;
  version: Generated<number>;
}

export interface ReviewFollowupsTable {
  id: Generated<number>;
  shop_id: number;
  review_id: number;
  tid: number;
  oid: number;
  buyer_nick: string;
  result: string;
  status: 'open' | 'contacted' | 'closed';
  outcome: 'resolved' | 'changed_to_good' | 'unresolved' | null;
  outcome_note: string | null;
  contacts: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_by: string | null;
  closed_at: Timestamp | null;
}

export interface ReviewFollowupContactsTable {
  id: Generated<number>;
  followup_id: number;
  shop_id: number;
  channel: 'chat' | 'phone' | 'sms';
  note: string;
  by_id: number;
  by_name: string;
  at: Timestamp;
}

export interface ReviewTables {
  reviews: ReviewsTable;
  review_followups: ReviewFollowupsTable;
  review_followup_contacts: ReviewFollowupContactsTable;
}

export type Review = Selectable<ReviewsTable>;
