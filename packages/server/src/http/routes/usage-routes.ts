import { Type } from '@sinclair/typebox';
import { wireBilling } from '../../domain/wire-billing.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { Usage } from '../schemas/billing.js';
import { ListOf } from '../schemas/common.js';
import { type App, page, security } from './types.js';

const tags = ['billing'];
const Period = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  examples: ['2026-11'],
  description: 'A UTC month, YYYY-MM; default the current one.',
});

export function usageRoutes(app: App, gateway: Gateway): void {
  const { usage } = gateway;

  app.get(
    '/v1/usage',
    {
      config: { action: 'billing:read' },
      schema: {
        operationId: 'getUsage',
        tags,
        summary: "The tenant's usage in a UTC month",
        security,
        querystring: Type.Object({ period: Type.Optional(Period) }, { additionalProperties: false }),
        response: { 200: Type.Ref(Usage) },
      },
    },
    async (request) => wireBilling.usage(await usage.forTenant(principalOf(request), request.query.period)),
  );

  app.get(
    '/v1/admin/usage',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'listAdminUsage',
        tags: ['admin'],
        summary: "Every tenant's usage in a UTC month (platform admin), by tenant id",
        security,
        querystring: Type.Object(
          {
            period: Type.Optional(Period),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            starting_after: Type.Optional(
              Type.String({ minLength: 1, maxLength: 100, description: 'A tenant id.' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Type.Ref(Usage)) },
      },
    },
    async (request) => {
      const result = await usage.forAll(principalOf(request), request.query.period, page(request.query));
      return { data: result.data.map(wireBilling.usage), has_more: result.hasMore };
    },
  );
}
