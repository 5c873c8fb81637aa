import { Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { ErrorResponse, errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { Tenant } from '../schemas/resources.js';
import { type App, page, security } from './types.js';

const tags = ['tenants'];
const Params = Type.Object({ tenant_id: Type.String() });

export function tenantsRoutes(app: App, gateway: Gateway): void {
  app.post(
    '/v1/tenants',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'createTenant',
        tags,
        summary: 'Create a tenant (admin only)',
        security,
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(Tenant), 403: Type.Ref(ErrorResponse), ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenant = await gateway.tenants.create(principalOf(request), request.body.name);
      return reply.status(201).send(wire.tenant(tenant));
    },
  );

  app.get(
    '/v1/tenants',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'listTenants',
        tags,
        summary: 'List tenants (the admin sees all, others themselves)',
        security,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(Tenant)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await gateway.tenants.list(principalOf(request), page(request.query));
      return { data: result.data.map(wire.tenant), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/tenants/:tenant_id',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'getTenant',
        tags,
        summary: 'Get a tenant',
        security,
        params: Params,
        response: { 200: Type.Ref(Tenant), ...errorResponses },
      },
    },
    async (request) => wire.tenant(await gateway.tenants.get(principalOf(request), request.params.tenant_id)),
  );
}
