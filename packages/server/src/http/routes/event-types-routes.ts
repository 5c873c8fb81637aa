import { Type } from '@sinclair/typebox';
import { errorResponses } from '../schemas/common.js';
import { EVENT_CATALOG, EventTypeInfo } from '../schemas/event-catalog.js';
import { type App, security } from './types.js';

export function eventTypesRoutes(app: App): void {
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
}
