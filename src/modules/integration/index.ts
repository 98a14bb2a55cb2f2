import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { ZodApp } from '../../http/types.ts';
import type { JobRunner } from '../../jobs/worker.ts';
import { registerDocsPage } from './docs-page.ts';
import { completeOpenApi, RouteCatalog } from './openapi.ts';
import { registerTokenRoutes } from './tokens-api.ts';
import { limitUploads } from '../../http/upload-limits.ts';
import { registerWebhookRoutes } from './webhooks-api.ts';
import { WebhookSender } from './webhooks-delivery.ts';
import { WebhookDispatcher } from './webhooks-dispatcher.ts';
import { MessageWebhooks, type MessageStored } from './message-webhooks.ts';

export { UPLOAD_RATE_LIMIT } from '../../http/upload-limits.ts';
export { DELIVER as WEBHOOK_DELIVERY_JOB } from './webhooks-delivery.ts';
export { sign as signWebhook, verifySignature as verifyWebhookSignature } from './webhooks-rules.ts';
export { SCOPES } from './tokens-rules.ts';
export type { MessageStored } from './message-webhooks.ts';

/**
 * What must be in place before any module adds a route: the upload rate limits and the list of rate-limited routes
 * the OpenAPI document names. Returns the OpenAPI transform to hand to @fastify/swagger.
 */
export function prepareIntegration(http: FastifyInstance) {
  const catalog = new RouteCatalog();
  limitUploads(http, (route, limited) => catalog.note(route, limited));
  return {
    completeOpenApi: (document: { openapiObject: Record<string, any> } | { swaggerObject: Record<string, any> }) =>
      ('openapiObject' in document ? completeOpenApi(document.openapiObject, catalog) : document.swaggerObject),
  };
}

export interface Integration {
  /** Resolves once every event heard so far has its deliveries and every POST started has been recorded. */
  idle(): Promise<void>;
  /**
   * Chat messages just committed on this node (the chat's listener, wired in app.ts): recorded as `message.created`
   * deliveries for the shops that asked for them, later and in one statement; nothing at all for the others.
   */
  messagesStored(messages: readonly MessageStored[]): void;
}

/** API tokens, webhooks (SPEC §13) and the browsable API page. */
export function registerIntegration(http: ZodApp, ctx: AppContext, jobs: JobRunner): Integration {
  const dispatcher = new WebhookDispatcher(ctx, Boolean(ctx.config.redisUrl));
  const sender = new WebhookSender(ctx);
  const messageHooks = new MessageWebhooks(ctx);
  sender.register(jobs);
  dispatcher.start();
  messageHooks.start();
  registerTokenRoutes(http, ctx);
  registerWebhookRoutes(http, ctx, dispatcher, sender, messageHooks);
  registerDocsPage(http);
  http.addHook('onClose', async () => {
    await dispatcher.stop();
    await messageHooks.stop();
    await sender.idle();
  });
  return {
    async idle() {
      await dispatcher.idle();
      await messageHooks.idle();
      await sender.idle();
    },
    messagesStored: messageHooks.stored,
  };
}
