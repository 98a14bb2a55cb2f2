import { z } from 'zod';

const Roles = z.enum(['api', 'realtime', 'worker']);
export type ProcessRole = z.infer<typeof Roles>;

const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default('0.0.0.0'),
  dataDir: z.string().default('./data'),
  databaseUrl: z.string().url().optional(),
  redisUrl: z.string().url().optional(),
  /** Prefix of every Redis key and channel of this deployment (presence, the Socket.IO adapter). */
  redisPrefix: z.string().regex(/^[\w:.-]{1,64}$/).default('xiaoer'),
  roles: z.array(Roles).default(['api', 'realtime', 'worker']),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `none` lets the chat widget keep its log-in when framed by another site (needs HTTPS: the cookie is then Secure). */
  cookieSameSite: z.enum(['lax', 'strict', 'none']).default('lax'),
  /** Sign-ups (shops, buyers) allowed per client address per minute. */
  signupsPerMinute: z.coerce.number().int().min(1).default(10),
  /** How long an agent with no open workbench stays online (a reload, a network blip) before going offline. */
  agentOfflineGraceMs: z.coerce.number().int().min(0).default(15_000),
  /** How often a worker ends idle conversations and routes stranded ones. */
  routingSweepMs: z.coerce.number().int().min(50).default(10_000),
  /** How often the embedded database is vacuumed and analyzed where due (it has no autovacuum of its own). */
  embeddedMaintenanceMs: z.coerce.number().int().min(1000).default(60_000),
  /** How often the worker looks for due timers. */
  jobPollMs: z.coerce.number().int().min(10).default(1000),
  /** Chat messages a buyer may send at once; then as many again per window (faster is not a person typing). */
  chatRateBuyerMessages: z.coerce.number().int().min(1).default(20),
  /** The same for an agent, who answers many buyers at once with quick replies. */
  chatRateAgentMessages: z.coerce.number().int().min(1).default(60),
  chatRateWindowMs: z.coerce.number().int().min(100).default(10_000),
  /** A repeated typing state is relayed at most this often; the rest are dropped silently. */
  chatRateTypingMs: z.coerce.number().int().min(0).default(2000),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Reads the environment once; flags given on the command line win. */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse({
    port: env.PORT,
    host: env.HOST,
    dataDir: env.XIAOER_DATA_DIR,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.XIAOER_REDIS_PREFIX || undefined,
    logLevel: env.LOG_LEVEL,
    jobPollMs: env.XIAOER_JOB_POLL_MS,
    embeddedMaintenanceMs: env.XIAOER_EMBEDDED_MAINTENANCE_MS,
    agentOfflineGraceMs: env.XIAOER_AGENT_OFFLINE_GRACE_MS,
    routingSweepMs: env.XIAOER_ROUTING_SWEEP_MS,
    signupsPerMinute: env.XIAOER_SIGNUPS_PER_MINUTE,
    cookieSameSite: env.XIAOER_COOKIE_SAMESITE || undefined,
    chatRateBuyerMessages: env.XIAOER_CHAT_RATE_BUYER_MESSAGES,
    chatRateAgentMessages: env.XIAOER_CHAT_RATE_AGENT_MESSAGES,
    chatRateWindowMs: env.XIAOER_CHAT_RATE_WINDOW_MS,
    chatRateTypingMs: env.XIAOER_CHAT_RATE_TYPING_MS,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  return parsed.data;
}
