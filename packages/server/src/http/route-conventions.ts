import { Type } from '@sinclair/typebox';
import type {
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  HookHandlerDoneFunction,
  RouteOptions,
} from 'fastify';
import type { Action } from '../domain/authorization.js';
import { AppError } from '../errors/app-error.js';
import type { IdempotencyHooks } from './idempotency.js';
import { ErrorResponse, IdempotencyHeaders } from './schemas/common.js';
import { type NumericParam, numericParams, refuseNul } from './schemas/hardening.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers without an API key (health, the OpenAPI document, the docs). */
    public?: boolean;
    /**
     * What the route does, for `authorize()`: a scope (`messages:send`, …), `account` or
     * `platform:manage`. Every route that is not public declares one; one that does not is closed.
     */
    action?: Action;
    /**
     * The field of the 2xx body that holds a secret shown only once (an API key, a webhook signing
     * secret). It is left out of the stored idempotency record, and a replay answers
     * SECRET_NOT_REPLAYABLE instead of showing it again.
     */
    secretField?: string;
  }
}

const bearer = [{ bearerAuth: [] }];
/** The body of a POST that takes no parameters: `{}` or none at all. */
const NoParameters = Type.Object(
  {},
  { additionalProperties: false, description: 'No parameters: send `{}` or no body.' },
);
const error = (description: string) => Type.Ref(ErrorResponse, { description });

/** The error responses a route can give, by what it is: documented on every route alike. */
function errorResponses(route: RouteOptions, methods: string[], schema: FastifySchema) {
  const withBody = methods.includes('POST') || methods.includes('PATCH');
  const hasInput = Boolean(schema.params || schema.querystring || schema.body || schema.headers);
  return {
    ...(hasInput && { 400: error('The request is invalid (VALIDATION_FAILED, INVALID_JSON, …).') }),
    ...(!route.config?.public && {
      401: error('UNAUTHENTICATED: a valid API key is required.'),
      403: error(
        `TENANT_SUSPENDED, INSUFFICIENT_SCOPE or FORBIDDEN: this needs ${route.config?.action === 'platform:manage' ? 'the platform admin' : `the "${route.config?.action}" scope`}.`,
      ),
    }),
    ...(methods.includes('POST') && {
      409: error('IDEMPOTENCY_REQUEST_IN_PROGRESS, or the resource is not in a state that allows this.'),
      422: error('IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used with another request.'),
    }),
    ...(withBody && {
      413: error('BODY_TOO_LARGE'),
      415: error('UNSUPPORTED_MEDIA_TYPE: send the body as application/json.'),
    }),
    ...(schema.params !== undefined && { 414: error('URL_TOO_LONG: a path parameter is too long.') }),
    429: error('RATE_LIMITED: slow down; honour Retry-After.'),
    503: error('NOT_READY or STORAGE_UNAVAILABLE: nothing was applied; retry after Retry-After.'),
  };
}

/** The route's own responses win where they say more (a description of their own). */
function mergeResponses(generated: Record<string, unknown>, declared: unknown) {
  const responses: Record<string, unknown> = { ...generated };
  for (const [status, response] of Object.entries((declared ?? {}) as Record<string, unknown>)) {
    const described = typeof (response as { description?: unknown }).description === 'string';
    if (!(status in generated) || described) responses[status] = response;
  }
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

function checkFinite(params: NumericParam[]) {
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const query = request.query as Record<string, unknown>;
    for (const { name, expected } of params) {
      const value = query[name];
      if (typeof value === 'number' && !Number.isFinite(value)) {
        return done(
          new AppError('VALIDATION_FAILED', {
            message: `Invalid querystring at "${name}": ${expected}.`,
            param: name,
          }),
        );
      }
    }
    done();
  };
}

/** A POST without a body (`curl -X POST …/stop`) means "no parameters". */
function emptyBody(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  if (request.body === undefined) request.body = {};
  done();
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Bearer auth for a route unless its final config says `public`. The config is read on the first
 * request (an `onRoute` hook of a child scope, like the docs', may set it after this one ran) and
 * remembered, so requests do not pay for `request.routeOptions`, which fastify builds per call.
 */
function authUnlessPublic(authenticate: Authenticate) {
  let config: { public: boolean; action: Action | undefined } | undefined;
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    config ??= {
      public: request.routeOptions.config.public === true,
      action: request.routeOptions.config.action,
    };
    if (config.public) return done();
    authenticate(request, config.action).then(() => done(), done);
  };
}

type Authenticate = (request: FastifyRequest, action: Action | undefined) => Promise<void>;

/**
 * The `onRoute` hook that gives every wagw route the same conventions, decided once when the
 * route is registered so that no per-request hook has to inspect the route: bearer auth unless
 * `config.public` (on every route, with a schema or not), Idempotency-Key on POST, a body schema
 * on every POST/PATCH (`{}` when it takes no parameters), the error responses in the OpenAPI
 * document, NUL characters refused in every free-text input, and finite numbers in the
 * querystring.
 */
export function routeConventions(options: { authenticate: Authenticate; idempotency: IdempotencyHooks }) {
  return (route: RouteOptions) => {
    route.onRequest = [authUnlessPublic(options.authenticate), ...asArray(route.onRequest)];
    const schema = route.schema;
    if (!schema || schema.hide) return;
    const methods = asArray(route.method);
    const isPost = methods.includes('POST');

    if (isPost && !schema.headers) schema.headers = IdempotencyHeaders;
    if ((isPost || methods.includes('PATCH')) && !schema.body) schema.body = NoParameters;
    for (const part of ['params', 'querystring', 'body', 'headers'] as const) {
      if (schema[part]) schema[part] = refuseNul(schema[part]);
    }
    (schema as { security?: unknown }).security = route.config?.public ? [] : bearer;
    if (!route.config?.public) (schema as Record<string, unknown>)['x-wagw-action'] = route.config?.action;
    schema.response = mergeResponses(errorResponses(route, methods, schema), schema.response);

    const numeric = numericParams(schema.querystring);
    if (numeric.length > 0) route.preHandler = [...asArray(route.preHandler), checkFinite(numeric)];
    if (isPost || methods.includes('PATCH')) {
      route.preValidation = [emptyBody, ...asArray(route.preValidation)];
    }
    if (isPost) {
      const hooks = options.idempotency.forRoute(route.url, route.config?.secretField);
      route.preHandler = [hooks.preHandler, ...asArray(route.preHandler)];
      route.onSend = [...asArray(route.onSend), hooks.onSend];
    }
  };
}
