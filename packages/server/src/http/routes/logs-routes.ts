import { type Static, Type } from '@sinclair/typebox';
import { parseStatusFilter, type RequestLog, type RequestLogFilter } from '../../domain/request-log.js';
import { AppError } from '../../errors/app-error.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf, Nullable, Timestamp } from '../schemas/common.js';
import { openSse } from '../sse.js';
import { eventStreamResponse, sseStreamsOf } from './events-stream-routes.js';
import { type App, security } from './types.js';

export const RequestLogSchema = Type.Object(
  {
    id: Type.String({ examples: ['log_0ABCDEF1234567890abcdef'] }),
    method: Type.String({ examples: ['POST'] }),
    route: Nullable(
      Type.String({ description: 'The route template.', examples: ['/v1/sessions/:session_id/messages'] }),
    ),
    path: Type.String({ description: 'The path as requested, without the query string.' }),
    status: Type.Integer(),
    duration_ms: Type.Integer(),
    api_key_id: Nullable(Type.String({ description: 'The API key used; null for a login token.' })),
    request_id: Type.String({ description: 'The `Request-Id` the client received.' }),
    error_code: Nullable(Type.String({ description: 'The `error.code` answered, if any.' })),
    mode: Type.Union([Type.Literal('live'), Type.Literal('test')]),
    created_at: Timestamp,
  },
  { $id: 'RequestLog', additionalProperties: false },
);
type WireLog = Static<typeof RequestLogSchema>;

const toWire = (l: RequestLog): WireLog => ({
  id: l.id,
  method: l.method,
  route: l.route,
  path: l.path,
  status: l.status,
  duration_ms: l.durationMs,
  api_key_id: l.apiKeyId,
  request_id: l.requestId,
  error_code: l.errorCode,
  mode: l.mode,
  created_at: new Date(l.createdAt).toISOString(),
});

const filterQuery = {
  status: Type.Optional(
    Type.String({
      pattern: '^([1-5]xx|[1-5][0-9][0-9])$',
      description: 'A status (`404`) or a class (`4xx`).',
      examples: ['4xx'],
    }),
  ),
  path: Type.Optional(
    Type.String({
      maxLength: 2048,
      description: 'A route template (`/v1/sessions/:session_id`) or a path prefix (`/v1/sessions`).',
    }),
  ),
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3,7}$', examples: ['POST'] })),
};

function filterOf(q: { status?: string; path?: string; method?: string }): RequestLogFilter {
  const status = q.status ? parseStatusFilter(q.status) : undefined;
  if (q.status && !status) throw new AppError('VALIDATION_FAILED', { param: 'status' });
  return {
    ...(status && { status }),
    ...(q.path && { path: q.path }),
    ...(q.method && { method: q.method.toUpperCase() }),
  };
}

/** Requests to these routes are not logged: a tail would otherwise log itself. */
const UNLOGGED = new Set(['/v1/logs', '/v1/logs/stream']);

/**
 * The API request log: an `onResponse` hook queues one entry per authenticated request of this
 * scope (written in batches, so it never slows or fails the request), and the routes that read it.
 */
export function logsRoutes(app: App, gateway: Gateway): void {
  app.addSchema(RequestLogSchema);
  const logs = gateway.requestLogs;
  if (gateway.config.requestLogs.enabled) {
    app.addHook('onResponse', (request, reply, done) => {
      try {
        const principal = request.principal;
        const route = request.routeOptions.url ?? null;
        if (principal && !(route && UNLOGGED.has(route))) {
          const q = request.url.indexOf('?');
          logs.record({
            tenantId: principal.tenant.id,
            mode: principal.mode,
            method: request.method,
            route,
            path: q < 0 ? request.url : request.url.slice(0, q),
            status: reply.statusCode,
            durationMs: Math.round(reply.elapsedTime),
            apiKeyId: principal.apiKeyId,
            requestId: String(request.id),
            errorCode: request.errorCode ?? null,
            createdAt: Date.now(),
          });
        }
      } catch (error) {
        request.log.warn({ err: error }, 'request log entry dropped');
      }
      done();
    });
  }

  app.get(
    '/v1/logs',
    {
      config: { action: 'logs:read' },
      schema: {
        operationId: 'listRequestLogs',
        tags: ['logs'],
        summary: "The tenant's API requests, newest first",
        description:
          "One entry per authenticated API request of the key's mode, kept for the server's retention (default 7 days). Entries appear within about a second (they are written in batches).",
        security,
        querystring: Type.Object(
          {
            ...filterQuery,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            starting_after: Type.Optional(Type.String({ description: 'A log id; older entries follow.' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Type.Ref(RequestLogSchema)), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const principal = principalOf(request);
      const page = await logs.list(principal.tenant.id, {
        ...filterOf(q),
        mode: principal.mode,
        limit: q.limit ?? 20,
        startingAfter: q.starting_after,
      });
      return { data: page.data.map(toWire), has_more: page.hasMore };
    },
  );

  const streams = sseStreamsOf(app);
  const { pollIntervalMs, heartbeatMs, maxDurationMs } = gateway.config.streams;
  app.get(
    '/v1/logs/stream',
    {
      config: { action: 'logs:read' },
      schema: {
        operationId: 'streamRequestLogs',
        tags: ['logs'],
        summary: "The tenant's API requests as they happen, as Server-Sent Events",
        description:
          'Each entry as `id: <log id>`, `event: request`, `data: <the entry as in GET /v1/logs>`, oldest first, from now on (or after `Last-Event-ID` / `after`). Requests served by any server on the same database are included.',
        security,
        headers: Type.Object({
          'last-event-id': Type.Optional(Type.String({ description: 'Resume after this log id.' })),
        }),
        querystring: Type.Object(
          { ...filterQuery, after: Type.Optional(Type.String({ description: 'A log id to resume after.' })) },
          { additionalProperties: false },
        ),
        response: { 200: eventStreamResponse('The request log stream.'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const principal = principalOf(request);
      const tenantId = principal.tenant.id;
      const filter = filterOf(q);
      const from = await logs.streamStart(tenantId, request.headers['last-event-id'] || q.after);
      const sse = openSse(reply, streams, { heartbeatMs, maxDurationMs });
      try {
        const entries = logs.stream(tenantId, from, {
          ...filter,
          mode: principal.mode,
          pollIntervalMs,
          signal: sse.signal,
        });
        for await (const entry of entries) await sse.send(entry.id, 'request', toWire(entry));
      } catch (error) {
        request.log.error({ err: error }, 'request log stream failed');
      } finally {
        sse.end();
      }
    },
  );
}
