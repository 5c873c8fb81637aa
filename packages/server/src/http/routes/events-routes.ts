import { type Static, Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf } from '../schemas/common.js';
import { Event, EventTypeSchema } from '../schemas/resources.js';
import { eventsStreamRoutes } from './events-stream-routes.js';
import { type App, security } from './types.js';

export function eventsRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/events',
    {
      config: { action: 'events:read' },
      schema: {
        operationId: 'listEvents',
        tags: ['events'],
        summary: 'Events in the order they happened, after a cursor',
        description:
          'Pass the id of the last event you processed as `after` to catch up after an outage. Events are kept in commit order; `sequence` increases by one per session.',
        security,
        querystring: Type.Object(
          {
            after: Type.Optional(
              Type.String({ description: 'An event id; only later events are returned.' }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            session_id: Type.Optional(Type.String()),
            type: Type.Optional(Type.Ref(EventTypeSchema)),
          },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Type.Ref(Event)), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const principal = principalOf(request);
      const result = await gateway.events.list(principal.tenant.id, {
        mode: principal.mode,
        limit: q.limit ?? 20,
        ...(q.after && { after: q.after }),
        ...(q.session_id && { sessionId: q.session_id }),
        ...(q.type && { type: q.type }),
      });
      // Event data was rendered by the wire functions when the event was recorded (see wire.ts),
      // so stored data has the shape the schema describes.
      return { data: result.data.map(wire.event) as Static<typeof Event>[], has_more: result.hasMore };
    },
  );
  eventsStreamRoutes(app, gateway);
}
