import { z } from 'zod';
import { AnyJson, Int, Timestamp } from '../../http/response-schemas.ts';

/** The answers' shapes of supervision: the live board, the read-only conversation, and quality inspection (质检). */
export const BoardSchema = z.object({
  generated_at: Timestamp,
  agents: z.array(z.object({
    account_id: Int,
    login: z.string(),
    name: z.string(),
    role: z.string(),
    status: z.string(),
    status_since: Timestamp,
    reception_limit: Int,
    active: Int.describe('conversations served now'),
    load: z.number().nullable().describe('active ÷ reception limit'),
    longest_wait: z.object({
      conversation_id: Int.nullable(), since: Timestamp, seconds: Int.nullable(),
    }).nullable().describe('the buyer kept waiting longest for this agent’s answer'),
  })),
  queue: z.object({
    queued: Int,
    waiting: Int.describe('留言'),
    oldest_queued_since: Timestamp.nullable(),
    longest_queue_wait_s: Int.nullable(),
    oldest_waiting_since: Timestamp.nullable(),
    longest_message_wait_s: Int.nullable(),
  }),
  conversations: z.array(z.object({
    id: Int,
    buyer_nick: z.string(),
    agent_id: Int.nullable(),
    status: z.string(),
    situation: z.string().nullable(),
    assigned_at: Timestamp.nullable(),
    queued_at: Timestamp.nullable(),
    last_message_at: Timestamp.nullable(),
    waiting_since: Timestamp.nullable(),
    wait_s: Int.nullable(),
  })).describe('in progress, queued or left as 留言: the longest-waiting first'),
});

export const SupervisedMessageSchema = z.object({
  seq: Int,
  sender_kind: z.string(),
  sender_id: Int.nullable(),
  sender_name: z.string(),
  kind: z.string(),
  body: AnyJson,
  created_at: Timestamp,
});

export const SupervisedConversationSchema = z.object({
  conversation: z.object({
    id: Int, buyer_id: Int, buyer_nick: z.string(), status: z.string(), agent_id: Int.nullable(), situation: z.string().nullable(),
    assigned_at: Timestamp.nullable(), queued_at: Timestamp.nullable(), last_seq: Int, last_message_at: Timestamp.nullable(),
    ended_at: Timestamp.nullable(), created_at: Timestamp,
  }),
  assignments: z.array(z.object({
    assignment_id: Int, agent_id: Int, agent_name: z.string(), via: z.string(), from_agent_id: Int.nullable(), note: z.string().nullable(),
    assigned_at: Timestamp, ended_at: Timestamp.nullable(), end_reason: z.string().nullable(),
    start_seq: Int.nullable().describe('the agent served the messages after this one'), end_seq: Int.nullable(),
  })).describe('who served it, in order'),
  messages: z.array(SupervisedMessageSchema).describe('oldest first'),
  ratings: z.array(z.object({
    id: Int, session_no: Int, agent_id: Int.nullable(), score: Int, comment: z.string().nullable(), created_at: Timestamp,
  })),
  reviews: z.array(z.object({ id: Int, assignment_id: Int, status: z.string(), total: Int.nullable(), max_total: Int })),
  read_only: z.boolean().describe('always true: a supervisor reads, never writes, here'),
});

export const RubricItemSchema = z.object({
  key: z.string(), name: z.string(), max_score: Int, description: z.string().optional(),
});

export const RubricSchema = z.object({
  id: Int,
  name: z.string(),
  items: z.array(RubricItemSchema),
  active: z.boolean(),
  version: Int.describe('send it back to change the rubric'),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const QaReviewSchema = z.object({
  id: Int,
  conversation_id: Int,
  assignment_id: Int,
  buyer_nick: z.string(),
  agent: z.object({ id: Int, name: z.string(), login: z.string() }),
  status: z.enum(['pending', 'scored']),
  session: z.object({
    assigned_at: Timestamp.nullable(), ended_at: Timestamp.nullable(),
    from_seq: Int.nullable().describe('the messages of the session reviewed'), to_seq: Int.nullable(),
  }),
  items: z.array(RubricItemSchema.extend({ score: z.number().nullable(), comment: z.string().nullable() })),
  total: z.number().nullable(),
  max_total: z.number(),
  comment: z.string().nullable(),
  reviewer: z.object({ id: Int, name: z.string().nullable() }).nullable(),
  sampled_at: Timestamp,
  scored_at: Timestamp.nullable(),
  acknowledged_at: Timestamp.nullable(),
  version: Int.describe('send it back to score'),
});
