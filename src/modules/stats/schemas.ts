import { z } from 'zod';
import { Day, Int, Timestamp } from '../../http/response-schemas.ts';
import { COUNTER_KEYS, METRIC_KEYS } from './rules.ts';

/** The answers' shapes of the reports (绩效与销售统计), their settings and drill-downs. */
export const MetricSchema = z.object({
  key: z.enum(METRIC_KEYS),
  name: z.string(),
  name_en: z.string(),
  definition: z.string(),
  definition_en: z.string(),
  unit: z.enum(['buyers', 'rate', 'fen', 'items', 'seconds', 'ratio']),
  better: z.enum(['higher', 'lower']).describe('which way is good'),
});

export const DefinitionSchema = z.object({ name: z.string(), name_en: z.string(), definition: z.string(), definition_en: z.string() });

/** The kept counts a period's figures are computed from. */
export const CountersSchema = z.object(Object.fromEntries(COUNTER_KEYS.map((k) => [k, Int])) as Record<(typeof COUNTER_KEYS)[number], typeof Int>);

/** Every figure of the definitions; null where there is nothing to divide by (shown as “—”). */
export const FiguresSchema = z.object(
  Object.fromEntries(METRIC_KEYS.map((k) => [k, z.number().nullable()])) as Record<(typeof METRIC_KEYS)[number], z.ZodNullable<z.ZodNumber>>,
);

const Period = { from: Day, to: Day };
const Measured = { counters: CountersSchema, figures: FiguresSchema };
const AgentRef = { agent_id: Int, login: z.string(), name: z.string() };

export const TeamReportSchema = z.object({
  ...Period,
  agents: z.array(z.object({ ...AgentRef, ...Measured })),
  team: z.object(Measured).nullable().describe("the team's totals: for those who see the team"),
});

export const DaysSchema = z.array(z.object({ day: Day, ...Measured }));

export const ShopReportSchema = z.object({
  ...Period,
  totals: z.object({
    trades: Int, paid_trades: Int, sales: Int.describe('fen'), agent_sales: Int.describe('fen'), silent_sales: Int.describe('fen'),
    items: Int, ordered_buyers: Int, paid_buyers: Int, avg_order_value: z.number().nullable().describe('fen'),
    refunded_trades: Int, refund_fee: Int.describe('fen'), refund_rate: z.number().nullable(),
  }),
  days: z.array(z.object({
    day: Day, trades: Int, ordered_buyers: Int, paid_trades: Int, paid_buyers: Int, sales: Int, items: Int, refunded_trades: Int,
    refund_fee: Int, agent_sales: Int, silent_sales: Int,
  })),
  definitions: z.object({ silent_sales: DefinitionSchema }),
});

export const ProductsReportSchema = z.object({
  ...Period,
  products: z.array(z.object({ num_iid: Int, title: z.string().nullable(), paid_trades: Int, items: Int, sales: Int.describe('fen') })),
});

export const LeaderboardSchema = z.object({
  ...Period,
  metric: MetricSchema,
  ranking: z.array(z.object({ rank: Int.describe('equal values share a rank'), ...AgentRef, value: z.number().nullable() })),
});

export const StatsSettingsSchema = z.object({
  attribution_days: Int.describe('the window, 2–15 days'),
  attribution_rule: z.string().describe('order_first (下单优先), payment (付款) or order (下单)'),
  version: Int.describe('send it back to change them'),
});

export const KpiTargetSchema = z.object({ metric: z.enum(METRIC_KEYS), target: z.number(), weight: Int });

export const ScoresSchema = z.object({
  month: z.string().describe('YYYY-MM'),
  ...Period,
  targets: z.array(KpiTargetSchema),
  version: Int,
  agents: z.array(z.object({
    ...AgentRef,
    figures: FiguresSchema,
    score: z.number().nullable().describe('0–100; null without targets'),
    parts: z.array(z.object({
      metric: z.enum(METRIC_KEYS), actual: z.number().nullable(), target: z.number(), weight: Int,
      achievement: z.number().describe('0–1'),
    })),
  })),
});

export const RecomputeResultSchema = z.object({
  shop_id: Int, day: Day, contacts: Int, agents: Int, trades: Int, seconds: z.number(),
});

const AgentName = z.object({ id: Int, name: z.string().nullable() });
export const DrilldownSchema = z.object({
  figure: z.string(),
  kind: z.enum(['contacts', 'ordered', 'paid', 'ratings']).describe('which of the three lists holds the rows'),
  ...Period,
  agent_id: Int.nullable(),
  truncated: z.boolean().describe('more rows than `limit`'),
  contacts: z.array(z.object({
    day: Day, agent: AgentName, buyer_id: Int, buyer_nick: z.string(), conversation_id: Int.nullable(), buyer_msgs: Int,
    agent_msgs: Int, received: z.boolean(), responses: Int, first_response_s: z.number().nullable(),
    avg_response_s: z.number().nullable(), inquiry: z.boolean(), converted: z.boolean(), ordered: Int, paid: Int,
  })),
  trades: z.array(z.object({
    tid: Int, day: Day, buyer_id: Int, buyer_nick: z.string(), status: z.string(), created: Timestamp, pay_time: Timestamp.nullable(),
    payment: Int.describe('fen'), items: Int, agent: AgentName.nullable(), refunded: z.boolean(), refund_fee: Int.describe('fen'),
    conversation_id: Int.nullable(),
  })),
  ratings: z.array(z.object({
    id: Int, conversation_id: Int, buyer_nick: z.string(), agent: AgentName, score: Int, satisfied: z.boolean(),
    comment: z.string().nullable(), day: Day, created_at: Timestamp,
  })),
});
