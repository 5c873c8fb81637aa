import { type Static, Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import type { Event } from '../schemas/resources.js';
import { openSse, SseStreams } from '../sse.js';
import { type App, security } from './types.js';

const TYPE_FILTER = '^(\\*|[a-z_]+(\\.[a-z_]+)*(\\.\\*)?)(,(\\*|[a-z_]+(\\.[a-z_]+)*(\\.\\*)?))*$';

/** The `text/event-stream` response of a stream route, for the OpenAPI document. */
export function eventStreamResponse(description: string) {
  return {
    description,
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          description:
            'Server-Sent Events: `id:` (resume with it as `Last-Event-ID`), `event:` and one `data:` line of JSON; `: keep-alive` comments while idle.',
        },
      },
    },
  };
}

/** Ends the streams of this plugin instance when the server closes (else `close()` would wait). */
export function sseStreamsOf(app: App): SseStreams {
  const streams = new SseStreams();
  app.addHook('preClose', (done) => {
    streams.endAll();
    done();
  });
  return streams;
}

export function eventsStreamRoutes(app: App, gateway: Gateway): void {
  const streams = sseStreamsOf(app);
  const { pollIntervalMs, heartbeatMs, maxDurationMs } = gateway.config.streams;

  app.get(
    '/v1/events/stream',
    {
      config: { action: 'events:read' },
      schema: {
        operationId: 'streamEvents',
        tags: ['events'],
        summary: 'Events as they happen, as Server-Sent Events',
        description:
          'Each event is sent as it commits, in commit order, as `id: <event id>`, `event: <type>`, `data: <the event as in GET /v1/events>`. Without a cursor the stream starts with the next event; reconnect with the last id received in `Last-Event-ID` (or `after`) to get every later event exactly once. Events written by any server on the same database are included.',
        security,
        headers: Type.Object({
          'last-event-id': Type.Optional(
            Type.String({ description: 'The id of the last event received; the stream resumes after it.' }),
          ),
        }),
        querystring: Type.Object(
          {
            after: Type.Optional(
              Type.String({
                description: 'An event id to resume after (`Last-Event-ID` wins when both are sent).',
              }),
            ),
            types: Type.Optional(
              Type.String({
                pattern: TYPE_FILTER,
                description: 'Comma-separated event types, `*`, or families such as `message.*`.',
                examples: ['message.received,session.status'],
              }),
            ),
            session_id: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: { 200: eventStreamResponse('The event stream.'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const principal = principalOf(request);
      const tenantId = principal.tenant.id;
      const after = request.headers['last-event-id'] || q.after;
      // Before the stream opens, so an unknown cursor is a plain 404 EVENT_NOT_FOUND.
      const from = await gateway.events.streamStart(tenantId, after);
      const sse = openSse(reply, streams, { heartbeatMs, maxDurationMs });
      try {
        const events = gateway.events.stream(tenantId, from, {
          mode: principal.mode,
          pollIntervalMs,
          signal: sse.signal,
          ...(q.types && { types: q.types.split(',') }),
          ...(q.session_id && { sessionId: q.session_id }),
        });
        for await (const event of events) {
          await sse.send(event.id, event.type, wire.event(event) as Static<typeof Event>);
        }
      } catch (error) {
        request.log.error({ err: error }, 'event stream failed');
      } finally {
        sse.end();
      }
    },
  );
}
