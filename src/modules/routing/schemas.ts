import { z } from 'zod';
import { Int, Timestamp } from '../../http/response-schemas.ts';

/** The answers' shapes of routing (分流): agents, suspend requests, groups, settings and moved conversations. */
export const AgentStatusSchema = z.enum(['online', 'busy', 'suspended', 'offline']);

export const QueueLengthSchema = {
  queued: Int.describe('conversations waiting for a free agent'),
  waiting: Int.describe('留言: conversations left while nobody was online'),
};

export const AgentSchema = z.object({
  account_id: Int,
  login: z.string(),
  name: z.string(),
  role: z.string(),
  status: AgentStatusSchema,
  reception_limit: Int.describe('接待上限: conversations at once'),
  weight: Int,
  active: Int.describe('conversations served now'),
  group_ids: z.array(Int).readonly(),
});

/** An agent's routing state: its row, every column shown. */
export const AgentStateSchema = z.looseObject({
  account_id: Int,
  shop_id: Int,
  status: AgentStatusSchema,
  reception_limit: Int,
  weight: Int,
  status_changed_at: Timestamp,
  last_assigned_at: Timestamp.nullable(),
  assigned_count: Int,
});

/** A request to suspend (挂起): its row, every column shown. */
export const SuspendRequestSchema = z.looseObject({
  id: Int,
  shop_id: Int,
  account_id: Int,
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'refused', 'cancelled', 'ended']),
  requested_at: Timestamp,
  decided_by: Int.nullable(),
  decided_at: Timestamp.nullable(),
  note: z.string().nullable(),
  ended_at: Timestamp.nullable(),
});

export const ServiceGroupSchema = z.object({ id: Int, name: z.string(), member_ids: z.array(Int) });

export const RoutingSettingsSchema = z.object({
  mode: z.string().describe('balanced, round_robin or weighted'),
  presales_group_id: Int.nullable(),
  unshipped_group_id: Int.nullable(),
  aftersales_group_id: Int.nullable(),
  recent_contact_days: Int,
  idle_end_minutes: Int,
});

/** A conversation as a transfer, reassignment, claim or end leaves it. */
export const RoutedConversationSchema = z.object({
  conversation: z.object({
    id: Int,
    buyer_id: Int,
    buyer_nick: z.string(),
    status: z.string(),
    agent_id: Int.nullable(),
    situation: z.string().nullable(),
    last_seq: Int,
    agent_read_seq: Int,
  }),
});
