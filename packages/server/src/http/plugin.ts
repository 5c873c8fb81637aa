import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requestContext } from '../domain/request-context.js';
import type { Gateway } from '../gateway.js';
import { authHook } from './auth.js';
import { errorBody, handleError } from './error-handler.js';
import { idempotencyHooks } from './idempotency.js';
import { registerRateLimit } from './rate-limit.js';
import { routeConventions } from './route-conventions.js';
import { accountsRoutes } from './routes/accounts-routes.js';
import { adminTenantsRoutes } from './routes/admin-tenants-routes.js';
import { apiKeysRoutes } from './routes/api-keys-routes.js';
import { auditLogRoutes } from './routes/audit-log-routes.js';
import { billingRoutes } from './routes/billing-routes.js';
import { broadcastsRoutes } from './routes/broadcasts-routes.js';
import { channelsRoutes } from './routes/channels-routes.js';
import { chatsRoutes } from './routes/chats-routes.js';
import { contactsRoutes } from './routes/contacts-routes.js';
import { eventTypesRoutes } from './routes/event-types-routes.js';
import { eventsRoutes } from './routes/events-routes.js';
import { groupsRoutes } from './routes/groups-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { lidsRoutes } from './routes/lids-routes.js';
import { logsRoutes } from './routes/logs-routes.js';
import { meRoutes } from './routes/me-routes.js';
import { mediaRoutes } from './routes/media-routes.js';
import { messagesRoutes } from './routes/messages-routes.js';
import { pacingRoutes } from './routes/pacing-routes.js';
import { pairingCodeRoutes } from './routes/pairing-code-routes.js';
import { plansRoutes } from './routes/plans-routes.js';
import { profilesRoutes } from './routes/profiles-routes.js';
import { sendMessageRoute } from './routes/send-message-route.js';
import { sessionsRoutes } from './routes/sessions-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { templatesRoutes } from './routes/templates-routes.js';
import { tenantsRoutes } from './routes/tenants-routes.js';
import type { App } from './routes/types.js';
import { webhooksRoutes } from './routes/webhooks-routes.js';
import { ErrorCodeSchema, ErrorResponse } from './schemas/common.js';
import { catalogSchemas, openApiWebhooks } from './schemas/event-catalog.js';
import { sharedSchemas } from './schemas/resources.js';
import { validatorCompiler } from './validator-compiler.js';

export interface WagwPluginOptions {
  gateway: Gateway;
  /** Serve the docs UI at /docs (default true). */
  docs?: boolean;
}

/** How long a client told the server is shutting down waits before it tries again (a restart). */
const CLOSING_RETRY_AFTER_S = 5;
const CLOSING_MESSAGE =
  'The server is shutting down: nothing was applied; retry in a few seconds (another instance may answer).';

export const openApiInfo = {
  title: 'wagw API',
  version: '0.1.0',
  description:
    'A self-hostable, multi-tenant WhatsApp gateway. Authenticate with `Authorization: Bearer <API key>`. Errors are `{ "error": { "code", "message", "request_id" } }`; every response has a `Request-Id` header. Send an `Idempotency-Key` header on POST requests to make retries safe.',
};

/**
 * The wagw API as an encapsulated fastify plugin: it can be mounted inside another fastify app
 * (with a prefix) without touching that app's error handling or schemas. Every route registered in
 * its scope needs an API key unless it declares `config: { public: true }`.
 */
export const wagwPlugin: FastifyPluginAsync<WagwPluginOptions> = async (fastify, options) => {
  const { gateway } = options;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // First, so that every route of this scope and its children, the docs' too, gets it.
  app.addHook(
    'onRoute',
    routeConventions({ authenticate: authHook(gateway), idempotency: idempotencyHooks(gateway) }),
  );

  app.addSchema(ErrorCodeSchema);
  app.addSchema(ErrorResponse);
  for (const schema of sharedSchemas) app.addSchema(schema);
  for (const schema of catalogSchemas) app.addSchema(schema);
  const validator = validatorCompiler([ErrorCodeSchema, ErrorResponse, ...sharedSchemas, ...catalogSchemas]);
  app.setValidatorCompiler(validator);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: openApiInfo,
      webhooks: openApiWebhooks(),
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'wagw_live_… or wagw_test_…' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  if (options.docs !== false) {
    await app.register(async (docs) => {
      docs.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true };
      });
      // indexPrefix: under a mount prefix (`/wa`), the page must load `/wa/docs/static/…`.
      await docs.register(swaggerUi, { routePrefix: '/docs', indexPrefix: fastify.prefix });
    });
  }

  // The JSON parser keeps the body as received, for Idempotency-Key fingerprints.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    parseJson(request, body as string, done);
  });

  // A request that reaches a closing server (a keep-alive or pipelined one: new connections are
  // refused) is answered here, in the one error shape; fastify's own answer (`return503OnClosing`,
  // off in `wagwServerOptions`) has another shape.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('request-id', String(request.id));
    // The rest of the request runs in its context (the audit log records its id and IP).
    if (!closing) return requestContext.run({ requestId: String(request.id), ip: request.ip }, done);
    reply.header('retry-after', String(CLOSING_RETRY_AFTER_S));
    return reply.status(503).send(errorBody(request, 'NOT_READY', CLOSING_MESSAGE));
  });

  await registerRateLimit(app as unknown as FastifyInstance, gateway);

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
  chatsRoutes(app, gateway);
  contactsRoutes(app, gateway);
  groupsRoutes(app, gateway);
  pacingRoutes(app, gateway);
  channelsRoutes(app, gateway);
  profilesRoutes(app, gateway);
  lidsRoutes(app, gateway);
  eventsRoutes(app, gateway);
  webhooksRoutes(app, gateway);
  plansRoutes(app, gateway);
  subscriptionRoutes(app, gateway);
  adminTenantsRoutes(app, gateway);
  auditLogRoutes(app, gateway);
  billingRoutes(app, gateway);
  accountsRoutes(app, gateway);
  // Their own scope: the multipart parser is for these routes only.
  await app.register(async (scope) => {
    // A child scope gets fastify's default validator back: it needs ours (discriminators).
    scope.setValidatorCompiler(validator);
    await mediaRoutes(scope as App, gateway);
    sendMessageRoute(scope as App, gateway);
  });
  logsRoutes(app, gateway);
  eventTypesRoutes(app, gateway);
  templatesRoutes(app, gateway);
  broadcastsRoutes(app, gateway);

  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
    (app as unknown as FastifyInstance).swagger(),
  );
};
