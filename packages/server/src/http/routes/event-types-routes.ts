import { type Static, Type } from '@sinclair/typebox';
import { triggerEvent } from '../../domain/event-trigger.js';
import { EVENT_TYPES, type EventType } from '../../domain/types.js';
import { wire } from '../../domain/wire.js';
import { AppError } from '../../errors/app-error.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { EVENT_CATALOG, EventTypeInfo } from '../schemas/event-catalog.js';
import { Event } from '../schemas/resources.js';
import { triggerData } from '../trigger-fixture.js';
import { type App, security } from './types.js';

export function eventTypesRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/event-types',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'listEventTypes',
        tags: ['events'],
        summary: 'The event catalog: every event type with its description, data schema and an example',
        description:
          "The same catalog as the `webhooks` section of this document and docs/events.md. `schema` is a self-contained JSON Schema of the event's `data`; `example` is a complete webhook body.",
        security,
        response: {
          200: Type.Object({ data: Type.Array(Type.Ref(EventTypeInfo)) }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      data: EVENT_CATALOG.map((e) => ({
        type: e.type,
        description: e.description,
        schema: e.schema,
        example: e.example,
      })),
    }),
  );

  app.post(
    '/v1/event-types/:type/trigger',
    {
      config: { action: 'webhooks:manage' },
      schema: {
        operationId: 'triggerEvent',
        tags: ['events'],
        summary: 'Emit a realistic test event of a type, through the normal pipeline',
        description:
          "The catalog's example of the type, with fresh ids, the time of now and the given session, is recorded as an event of the caller's tenant and mode: it is in `GET /v1/events`, and goes to the tenant's webhooks, event streams and sinks like any other. Session and message events need `session_id` (a session of the tenant).",
        security,
        params: Type.Object({ type: Type.String({ minLength: 1, maxLength: 60 }) }),
        body: Type.Object(
          { session_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(Event), ...errorResponses },
      },
    },
    async (request, reply) => {
      const type = request.params.type as EventType;
      if (!(EVENT_TYPES as readonly string[]).includes(type)) {
        throw new AppError('EVENT_TYPE_NOT_FOUND', { param: 'type' });
      }
      const sessionId = request.body.session_id ?? null;
      const event = await triggerEvent(gateway.storage, gateway.events, principalOf(request), {
        type,
        sessionId,
        data: triggerData(type, sessionId),
      });
      return reply.status(201).send(wire.event(event) as Static<typeof Event>);
    },
  );
}
