import { Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf } from '../schemas/common.js';
import { Tenant } from '../schemas/resources.js';
import { type App, page, security } from './types.js';

const tags = ['admin'];
const Params = Type.Object({ tenant_id: Type.String() });

/** The platform admin's tenant control: list by status, suspend, reactivate. */
export function adminTenantsRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/admin/tenants',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'adminListTenants',
        tags,
        summary: 'List every tenant, with its status (platform admin)',
        security,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            starting_after: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Type.Ref(Tenant)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await gateway.tenantAdmin.list(principalOf(request), {
        ...page(request.query),
        status: request.query.status,
      });
      return { data: result.data.map(wire.tenant), has_more: result.hasMore };
    },
  );

  app.post(
    '/v1/admin/tenants/:tenant_id/suspend',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'adminSuspendTenant',
        tags,
        summary: 'Suspend a tenant: its every request is refused (TENANT_SUSPENDED) until it is reactivated',
        description:
          'Its sessions keep running and its queued messages are still sent; nothing new is accepted. The admin tenant cannot be suspended.',
        security,
        params: Params,
        body: Type.Object(
          { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(Tenant), ...errorResponses },
      },
    },
    async (request) =>
      wire.tenant(
        await gateway.tenantAdmin.suspend(
          principalOf(request),
          request.params.tenant_id,
          request.body.reason ?? null,
        ),
      ),
  );

  app.post(
    '/v1/admin/tenants/:tenant_id/reactivate',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'adminReactivateTenant',
        tags,
        summary: 'Reactivate a suspended tenant',
        security,
        params: Params,
        response: { 200: Type.Ref(Tenant), ...errorResponses },
      },
    },
    async (request) =>
      wire.tenant(await gateway.tenantAdmin.reactivate(principalOf(request), request.params.tenant_id)),
  );
}
