import { Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf, ListQuery, SHOWN_ONCE, secretNotReplayable } from '../schemas/common.js';
import { ApiKey, ApiKeyCreated, ApiKeyRotated, ScopeSchema } from '../schemas/resources.js';
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
            scopes: Type.Optional(
              Type.Array(Type.Ref(ScopeSchema), {
                maxItems: 20,
                description: 'What the key may do; omitted: everything its creator may.',
              }),
            ),
            expires_at: Type.Optional(
              Type.String({ format: 'date-time', description: 'When the key stops working.' }),
            ),
            expires_in_days: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 3650, description: 'Instead of expires_at.' }),
            ),
            allowed_ips: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
                maxItems: 100,
                description: 'IPs or CIDR ranges (IPv4 or IPv6) the key works from; omitted: any.',
              }),
            ),
            user_id: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 100,
                description: 'A member or service account of the tenant the key acts as (with its role).',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(ApiKeyCreated), ...errorResponses, ...secretNotReplayable },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { apiKey, key } = await gateway.apiKeys.create(principalOf(request), {
        name: body.name,
        mode: body.mode,
        tenantId: body.tenant_id,
        scopes: body.scopes,
        expiresAt: body.expires_at === undefined ? undefined : Date.parse(body.expires_at),
        expiresInDays: body.expires_in_days,
        allowedIps: body.allowed_ips,
        userId: body.user_id,
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

  app.post(
    '/v1/api-keys/:key_id/rotate',
    {
      config: { action: 'keys:manage', secretField: 'key' },
      schema: {
        operationId: 'rotateApiKey',
        tags,
        summary:
          'Rotate an API key: a new key (shown only in this response) replaces it after a grace period',
        description: `The new key has the old one's name, mode, scopes, allowed IPs and owner. The old key keeps working until \`grace_until\`, then answers 401 naming its replacement. ${SHOWN_ONCE}`,
        security,
        params: Type.Object({ key_id: Type.String() }),
        body: Type.Object(
          {
            grace_period_seconds: Type.Optional(
              Type.Integer({
                minimum: 0,
                maximum: 604_800,
                default: 86_400,
                description: 'How long the old key keeps working (0: revoked now; at most 7 days).',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(ApiKeyRotated), ...errorResponses, ...secretNotReplayable },
      },
    },
    async (request, reply) => {
      const { apiKey, key, replaced } = await gateway.apiKeys.rotate(
        principalOf(request),
        request.params.key_id,
        request.body.grace_period_seconds,
      );
      return reply.status(201).send({ ...wire.apiKey(apiKey), key, replaces: wire.apiKey(replaced) });
    },
  );
}
