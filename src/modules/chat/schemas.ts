import { z } from 'zod';
import { AnyJson, Int, Timestamp } from '../../http/response-schemas.ts';

/** The answers' shapes of the chat: conversations, messages, ratings and uploads. */
export const ConversationStatusSchema = z.enum(['new', 'waiting', 'queued', 'active', 'ended']);

export const ConversationSchema = z.object({
  id: Int,
  shop_id: Int,
  buyer_id: Int,
  buyer_nick: z.string(),
  status: ConversationStatusSchema,
  agent_id: Int.nullable().describe('the agent serving it now'),
  situation: z.string().nullable().describe('presales, unshipped or aftersales: what the buyer came about'),
  queue_seq: Int.nullable(),
  queued_at: Timestamp.nullable(),
  assigned_at: Timestamp.nullable(),
  last_agent_id: Int.nullable(),
  last_agent_at: Timestamp.nullable(),
  last_seq: Int,
  last_message_at: Timestamp.nullable(),
  buyer_read_seq: Int,
  agent_read_seq: Int,
  ended_at: Timestamp.nullable(),
  sessions_ended: Int,
  created_at: Timestamp,
});

export const MessageSchema = z.object({
  conversation_id: Int,
  seq: Int.describe('1, 2, 3… within the conversation'),
  client_msg_id: z.string(),
  sender: z.enum(['buyer', 'agent', 'system']),
  sender_id: Int.nullable(),
  sender_name: z.string(),
  kind: z.enum(['text', 'emoji', 'image', 'product', 'trade', 'system']),
  body: AnyJson.describe('by kind: `{ text }`, `{ upload_id, url }`, `{ num_iid, … }`, `{ tid, … }`, or a system event'),
  created_at: Timestamp,
});

export const MessagePage = z.object({
  messages: z.array(MessageSchema).describe('oldest first'),
  has_more: z.boolean(),
});

export const RatingSchema = z.object({
  id: Int,
  conversation_id: Int,
  agent_id: Int.nullable().describe('the agent the rating credits'),
  score: Int.describe('1–5'),
  label: z.string(),
  label_en: z.string(),
  comment: z.string().nullable(),
  created_at: Timestamp,
});

export const AssignmentSchema = z.object({
  agent_id: Int,
  via: z.string().describe('how the agent got it: recent, group, shop, transfer, reassign or claim'),
  from_agent_id: Int.nullable(),
  note: z.string().nullable().describe('the transfer note: for the team only'),
  assigned_at: Timestamp,
});

export const UploadAnswer = z.object({
  upload_id: z.string(),
  url: z.string().describe('where the image is served: send it as an image message'),
});

const Binary = z.custom<Buffer | Uint8Array>(() => true).meta({ type: 'string', format: 'binary' });
/** An image as stored: its type was read from its bytes at upload. */
export const ImageContent = {
  description: 'the image',
  content: Object.fromEntries(['image/jpeg', 'image/png', 'image/gif', 'image/webp'].map((type) => [type, { schema: Binary }])),
};
