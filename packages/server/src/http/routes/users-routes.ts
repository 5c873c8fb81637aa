import { Type } from '@sinclair/typebox';
import { wireAccounts } from '../../domain/accounts/wire-accounts.js';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { Profile, User } from '../schemas/accounts.js';
import { errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { Tenant } from '../schemas/resources.js';
import { type App, page, security } from './types.js';

export function usersRoutes(app: App, gateway: Gateway): void {
  const { service, members } = gateway.accounts;

  app.get(
    '/v1/users/me',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'getCurrentUser',
        tags: ['account'],
        summary: 'Your user and memberships (a login token, or a key acting as a user)',
        security,
        response: { 200: Type.Ref(Profile), ...errorResponses },
      },
    },
    async (request) => wireAccounts.profile(await service.me(principalOf(request))),
  );

  app.patch(
    '/v1/users/me',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'updateCurrentUser',
        tags: ['account'],
        summary: 'Update your profile',
        security,
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(Profile), ...errorResponses },
      },
    },
    async (request) => wireAccounts.profile(await service.updateMe(principalOf(request), request.body)),
  );

  app.get(
    '/v1/admin/users',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'adminListUsers',
        tags: ['admin'],
        summary: 'Every user of the instance, with their memberships',
        security,
        querystring: ListQuery,
        response: {
          200: ListOf(
            Type.Object({
              ...User.properties,
              memberships: Type.Array(
                Type.Object({
                  tenant: Type.Ref(Tenant),
                  role: Type.Union([Type.Literal('admin'), Type.Literal('member'), Type.Literal('service')]),
                }),
              ),
            }),
          ),
        },
      },
    },
    async (request) => {
      const result = await members.listAllUsers(principalOf(request), page(request.query));
      return {
        data: result.data.map((u) => ({
          ...wireAccounts.user(u.user),
          memberships: u.memberships.map((m) => ({ tenant: wire.tenant(m.tenant), role: m.role })),
        })),
        has_more: result.hasMore,
      };
    },
  );
}
