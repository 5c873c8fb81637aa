import { Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf, ListQuery, SHOWN_ONCE, secretNotReplayable } from '../schemas/common.js';
import { ApiKey, ApiKeyCreated } from '../schemas/resources.js';
import { type App, page, security } from './types.js';

const tags = ['api keys'];

export function apiKeysRoutes(app: App, gateway: Gateway): void {
  app.post(
    '/v1/api-keys',
    {
      config: { action: 'keys:manage', secretField: 'key' },
      schema: {
        operationId: 'createApiKey',
        tags,
        summary: 'Create an API key (the full key is shown only in this response)',
        description: SHOWN_ONCE,
        security,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            mode: Type.Optional(Type.Union([Type.Literal('live'), Type.Literal('test')])),
            tenant_id: Type.Optional(
              Type.String({ description: 'Admin only: create the key for this tenant.' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(ApiKeyCreated), ...errorResponses, ...secretNotReplayable },
      },
    },
    async (request, reply) => {
      const { apiKey, key } = await gateway.apiKeys.create(principalOf(request), {
        name: request.body.name,
        ...(request.body.mode && { mode: request.body.mode }),
        ...(request.body.tenant_id && { tenantId: request.body.tenant_id }),
      });
      return reply.status(201).send({ ...wire.apiKey(apiKey), key });
    },
  );

  app.get(
    '/v1/api-keys',
    {
      config: { action: 'keys:manage' },
      schema: {
        operationId: 'listApiKeys',
        tags,
        summary: "List this tenant's API keys",
        security,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(ApiKey)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await gateway.apiKeys.list(principalOf(request), page(request.query));
      return { data: result.data.map(wire.apiKey), has_more: result.hasMore };
    },
  );

  app.delete(
    '/v1/api-keys/:key_id',
    {
      config: { action: 'keys:manage' },
      schema: {
        operationId: 'revokeApiKey',
        tags,
        summary: 'Revoke an API key',
        security,
        params: Type.Object({ key_id: Type.String() }),
        response: { 200: Type.Ref(ApiKey), ...errorResponses },
      },
    },
    async (request) => wire.apiKey(await gateway.apiKeys.revoke(principalOf(request), request.params.key_id)),
  );
}
