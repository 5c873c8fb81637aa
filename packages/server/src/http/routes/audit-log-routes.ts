import { Type } from '@sinclair/typebox';
import { wireKeys } from '../../domain/wire-keys.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf } from '../schemas/common.js';
import { AuditEntry } from '../schemas/keys-schemas.js';
import { type App, security } from './types.js';

const tags = ['audit log'];
const paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  starting_after: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'An entry id: older entries follow.' }),
  ),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, examples: ['api_key.created'] })),
};

/** The audit log, newest first: a tenant's own entries, and everyone's for the platform admin. */
export function auditLogRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/audit-log',
    {
      config: { action: 'members:manage' },
      schema: {
        operationId: 'listAuditLog',
        tags,
        summary: "List this tenant's audit log, newest first",
        security,
        querystring: Type.Object(paging, { additionalProperties: false }),
        response: { 200: ListOf(Type.Ref(AuditEntry)), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await gateway.auditLog.listOwn(principalOf(request), {
        limit: q.limit ?? 20,
        startingAfter: q.starting_after,
        action: q.action,
      });
      return { data: result.data.map(wireKeys.auditEntry), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/admin/audit-log',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'adminListAuditLog',
        tags: ['admin'],
        summary: "List every tenant's audit log, newest first (platform admin)",
        security,
        querystring: Type.Object(
          { ...paging, tenant_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Type.Ref(AuditEntry)), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await gateway.auditLog.listAll(principalOf(request), {
        limit: q.limit ?? 20,
        startingAfter: q.starting_after,
        action: q.action,
        tenantId: q.tenant_id,
      });
      return { data: result.data.map(wireKeys.auditEntry), has_more: result.hasMore };
    },
  );
}
