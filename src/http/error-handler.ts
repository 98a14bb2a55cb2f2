import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

/** Every refusal reaches the client as `{ code, message, message_en, details? }`; anything else is a 500 and a bug. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return reply
        .status(err.status)
        .send({ code: err.code, message: err.messageZh, message_en: err.messageEn, details: err.details });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        field: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        problem: v.message,
      }));
      const list = fields.map((f) => `${f.field}: ${f.problem}`).join('; ');
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: `请求参数不正确：${list}`,
        message_en: `Invalid request: ${list}`,
        details: fields,
      });
    }
    if (err.statusCode === 429) {
      return reply.status(429).send({
        code: 'RATE_LIMITED',
        message: '操作太频繁，请稍后再试',
        message_en: 'Too many requests, please try again later',
      });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own refusals: malformed JSON, body too large, wrong content type…
      return reply.status(err.statusCode).send({
        code: err.code ?? 'BAD_REQUEST',
        message: `请求无法处理：${err.message}`,
        message_en: err.message,
      });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL', message: '服务器内部错误', message_en: 'Internal server error' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      code: 'ROUTE_NOT_FOUND',
      message: `接口不存在：${request.method} ${request.url}`,
      message_en: `No such route: ${request.method} ${request.url}`,
    }),
  );
}
