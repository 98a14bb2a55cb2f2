import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { Redis } from 'ioredis';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { openBus, type Bus } from './bus/bus.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { startEmbeddedMaintenance } from './db/embedded-maintenance.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { refuseNulCharacters } from './http/input-guard.ts';
import { registerWebApp } from './http/web.ts';
import { JobRunner } from './jobs/worker.ts';
import { attachChat, type ChatNode } from './realtime/chat-node.ts';
import { registerAccountRoutes, registerBuyerAccountRoutes } from './modules/accounts/index.ts';
import { registerAftersales } from './modules/aftersales/index.ts';
import { registerAuditRoutes } from './modules/audit/index.ts';
import { registerBroadcasts } from './modules/broadcasts/index.ts';
import { registerCatalogRoutes } from './modules/catalog/index.ts';
import { registerCustomers } from './modules/customers/index.ts';
import { prepareIntegration, registerIntegration, type Integration } from './modules/integration/index.ts';
import { registerKnowledgeRoutes } from './modules/knowledge/index.ts';
import { registerLogisticsRoutes } from './modules/logistics/index.ts';
import { registerPaymentRoutes, sandboxEscrow } from './modules/payments/index.ts';
import { registerReplyRoutes } from './modules/replies/index.ts';
import { registerReviewRoutes } from './modules/reviews/index.ts';
import { registerStats, type Stats } from './modules/stats/index.ts';
import { registerSupervision, type Supervision } from './modules/supervision/index.ts';
import { registerBuyerTradeRoutes, registerTradeRoutes, registerTradeTimers } from './modules/trades/index.ts';

export interface XiaoerApp {
  http: FastifyInstance;
  ctx: AppContext;
  jobs: JobRunner;
  /** Socket.IO, routing and the message writer (SPEC §5, §6). */
  chat: ChatNode;
  /** Team performance figures (SPEC §11): the folder that keeps them. */
  stats: Stats;
  /** The live board pushed to supervisors, and quality inspection (SPEC §12). */
  supervision: Supervision;
  /** API tokens and webhooks (SPEC §13). */
  integration: Integration;
  close(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  /** Given by tests to share one database per worker; otherwise opened from the config. */
  database?: Database;
  bus?: Bus;
  clock?: Clock;
}

/** Assembles HTTP, the database, the bus, the timers and the modules. Nothing listens until `http.listen`. */
export async function createApp(opts: AppOptions): Promise<XiaoerApp> {
  const { config } = opts;
  const ownsDatabase = !opts.database;
  const database = opts.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  if (ownsDatabase) await migrate(database);
  const ownsBus = !opts.bus;
  const bus = opts.bus ?? (await openBus(config.redisUrl));

  const http = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);
  installErrorHandler(http);
  refuseNulCharacters(http);

  const ctx: AppContext = { config, database, bus, clock: opts.clock ?? systemClock, log: http.log };
  // A database handed in is looked after by whoever opened it.
  const maintenance = ownsDatabase && database.engine === 'pglite'
    ? startEmbeddedMaintenance(database, http.log, config.embeddedMaintenanceMs) : undefined;
  const jobs = new JobRunner(ctx);
  registerTradeTimers(jobs, sandboxEscrow);

  await http.register(cookie);
  const rateLimitRedis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  await http.register(rateLimit, { global: false, ...(rateLimitRedis ? { redis: rateLimitRedis } : {}) });
  const integrationSetup = prepareIntegration(http);
  await http.register(swagger, {
    openapi: {
      info: {
        title: 'Xiaoer (店小二) API',
        version: '0.1.0',
        description: 'Customer-service workbench and trade back-office. Operation ids and field names follow the '
          + 'Taobao Open Platform; amounts are integer fen; errors are `{ code, message, message_en }`.',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: integrationSetup.completeOpenApi,
  });

  registerAccountRoutes(http, ctx);
  registerBuyerAccountRoutes(http, ctx);
  registerAuditRoutes(http, ctx);
  registerCatalogRoutes(http, ctx);
  registerCustomers(http, ctx);
  registerKnowledgeRoutes(http, ctx);
  registerLogisticsRoutes(http, ctx);
  registerPaymentRoutes(http, ctx);
  registerReplyRoutes(http, ctx);
  registerReviewRoutes(http, ctx);
  registerTradeRoutes(http, ctx);
  registerBuyerTradeRoutes(http, ctx, sandboxEscrow);
  registerAftersales(http, ctx, jobs, sandboxEscrow);
  const chat = await attachChat(http, ctx);
  registerBroadcasts(http, ctx, jobs, chat.realtime.hub);
  const stats = registerStats(http, ctx);
  const supervision = registerSupervision(http, ctx, chat.realtime, stats.folder);
  const integration = registerIntegration(http, ctx, jobs);
  chat.onStored(integration.messagesStored);
  chat.onStored((stored) => stats.folder.touched(stored));

  http.get('/api/openapi.json', { schema: { hide: true } }, async () => http.swagger());
  http.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true, engine: database.engine }));
  registerWebApp(http);

  await http.ready();
  return {
    http,
    ctx,
    jobs,
    chat,
    stats,
    supervision,
    integration,
    async close() {
      await jobs.stop();
      await supervision.close();
      await stats.close();
      await chat.close();
      await http.close();
      rateLimitRedis?.disconnect();
      if (ownsBus) await bus.close();
      await maintenance?.stop();
      if (ownsDatabase) await database.close();
    },
  };
}
