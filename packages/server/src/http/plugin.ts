import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { newId } from '../crypto/ids.js';
import type { Gateway } from '../gateway.js';
import { authHook } from './auth.js';
import { errorBody, handleError } from './error-handler.js';
import { idempotencyHooks } from './idempotency.js';
import { apiKeysRoutes } from './routes/api-keys-routes.js';
import { eventsRoutes } from './routes/events-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { meRoutes } from './routes/me-routes.js';
import { messagesRoutes } from './routes/messages-routes.js';
import { pairingCodeRoutes } from './routes/pairing-code-routes.js';
import { sessionsRoutes } from './routes/sessions-routes.js';
import { tenantsRoutes } from './routes/tenants-routes.js';
import type { App } from './routes/types.js';
import { webhooksRoutes } from './routes/webhooks-routes.js';
import { ErrorCodeSchema, ErrorResponse, IdempotencyHeaders } from './schemas/common.js';
import { sharedSchemas } from './schemas/resources.js';

export interface WagwPluginOptions {
  gateway: Gateway;
  /** Serve the docs UI at /docs (default true). */
  docs?: boolean;
}

const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/openapi.json']);
const REQUEST_ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;

export const openApiInfo = {
  title: 'wagw API',
  version: '0.1.0',
  description:
    'A self-hostable, multi-tenant WhatsApp gateway. Authenticate with `Authorization: Bearer <API key>`. Errors are `{ "error": { "code", "message", "request_id" } }`; every response has a `Request-Id` header. Send an `Idempotency-Key` header on POST requests to make retries safe.',
};

/**
 * The wagw API as an encapsulated fastify plugin: it can be mounted inside another fastify app
 * (with a prefix) without touching that app's error handling or schemas.
 */
export const wagwPlugin: FastifyPluginAsync<WagwPluginOptions> = async (fastify, options) => {
  const { gateway } = options;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.addSchema(ErrorCodeSchema);
  app.addSchema(ErrorResponse);
  for (const schema of sharedSchemas) app.addSchema(schema);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: openApiInfo,
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'wagw_live_… or wagw_test_…' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  if (options.docs !== false) {
    await app.register(swaggerUi, { routePrefix: '/docs' });
  }

  // Every POST documents (and length-checks) Idempotency-Key.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.includes('POST') && route.schema && !route.schema.headers)
      route.schema.headers = IdempotencyHeaders;
  });

  app.addHook('onRequest', async (request, reply) => {
    const incoming = request.headers['request-id'];
    if (typeof incoming === 'string' && REQUEST_ID_RE.test(incoming)) request.id = incoming;
    else request.id = newId('req');
    reply.header('request-id', request.id);
  });

  // A POST without a body (`curl -X POST …/stop`) means "no parameters".
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && (request.method === 'POST' || request.method === 'PATCH'))
      request.body = {};
  });

  const auth = authHook(gateway);
  const idempotency = idempotencyHooks(gateway);
  app.addHook('preHandler', async (request, reply) => {
    const path = request.routeOptions.url ?? '';
    const relative =
      fastify.prefix && path.startsWith(fastify.prefix) ? path.slice(fastify.prefix.length) : path;
    if (PUBLIC_PATHS.has(relative) || relative.startsWith('/docs') || !relative.startsWith('/v1/')) return;
    await auth(request, reply);
    await idempotency.preHandler(request, reply);
    if (reply.sent) return reply;
  });
  app.addHook('onSend', idempotency.onSend);

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(errorBody(request, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url}.`));
  });

  healthRoutes(app, gateway);
  meRoutes(app);
  tenantsRoutes(app, gateway);
  apiKeysRoutes(app, gateway);
  sessionsRoutes(app, gateway);
  pairingCodeRoutes(app, gateway);
  messagesRoutes(app, gateway);
  eventsRoutes(app, gateway);
  webhooksRoutes(app, gateway);

  app.get('/openapi.json', { schema: { hide: true } }, async () =>
    (app as unknown as FastifyInstance).swagger(),
  );
};
