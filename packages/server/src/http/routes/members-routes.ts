import { Type } from '@sinclair/typebox';
import { wireAccounts } from '../../domain/accounts/wire-accounts.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { AuthResult, Invite, Member } from '../schemas/accounts.js';
import {
  ErrorResponse,
  errorResponses,
  ListOf,
  ListQuery,
  SHOWN_ONCE,
  secretNotReplayable,
} from '../schemas/common.js';
import { clientOf } from './auth-routes.js';
import { type App, page, security } from './types.js';

const tags = ['members'];
const UserParams = Type.Object({ user_id: Type.String() });
const lastAdmin = {
  409: Type.Ref(ErrorResponse, { description: 'LAST_ADMIN: the tenant must keep at least one admin.' }),
};

export function membersRoutes(app: App, gateway: Gateway): void {
  const { members } = gateway.accounts;

  app.get(
    '/v1/members',
    {
      config: { action: 'members:manage' },
      schema: {
        operationId: 'listMembers',
        tags,
        summary: "The tenant's members and their roles",
        security,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(Member)) },
      },
    },
    async (request) => {
      const result = await members.list(principalOf(request), page(request.query));
      return { data: result.data.map(wireAccounts.member), has_more: result.hasMore };
    },
  );

  app.patch(
    '/v1/members/:user_id',
    {
      config: { action: 'members:manage' },
      schema: {
        operationId: 'updateMember',
        tags,
        summary: "Change a member's role",
        security,
        params: UserParams,
        body: Type.Object(
          { role: Type.Union([Type.Literal('admin'), Type.Literal('member')]) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(Member), ...errorResponses, ...lastAdmin },
      },
    },
    async (request) =>
      wireAccounts.member(
        await members.setRole(principalOf(request), request.params.user_id, request.body.role),
      ),
  );

  app.delete(
    '/v1/members/:user_id',
    {
      config: { action: 'members:manage' },
      schema: {
        operationId: 'removeMember',
        tags,
        summary: 'Remove a member from the tenant',
        security,
        params: UserParams,
        response: {
          200: Type.Object({ user_id: Type.String(), removed: Type.Literal(true) }),
          ...errorResponses,
          ...lastAdmin,
        },
      },
    },
    async (request) => {
      await members.remove(principalOf(request), request.params.user_id);
      return { user_id: request.params.user_id, removed: true as const };
    },
  );

  app.post(
    '/v1/invites',
    {
      config: { action: 'members:manage' },
      schema: {
        operationId: 'createInvite',
        tags,
        summary: 'Invite someone by email (a link with a single-use token is mailed, valid 7 days)',
        security,
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            role: Type.Optional(
              Type.Union([Type.Literal('admin'), Type.Literal('member')], { default: 'member' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Ref(Invite),
          409: Type.Ref(ErrorResponse, { description: 'ALREADY_MEMBER, or an idempotency conflict.' }),
        },
      },
    },
    async (request, reply) => {
      const invite = await members.invite(principalOf(request), {
        email: request.body.email,
        role: request.body.role ?? 'member',
      });
      return reply.status(201).send(wireAccounts.invite(invite));
    },
  );

  app.get(
    '/v1/invites',
    {
      config: { action: 'members:manage' },
      schema: {
        operationId: 'listInvites',
        tags,
        summary: 'Open invites (neither accepted nor revoked)',
        security,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(Invite)) },
      },
    },
    async (request) => {
      const result = await members.listInvites(principalOf(request), page(request.query));
      return { data: result.data.map(wireAccounts.invite), has_more: result.hasMore };
    },
  );

  app.delete(
    '/v1/invites/:invite_id',
    {
      config: { action: 'members:manage' },
      schema: {
        operationId: 'revokeInvite',
        tags,
        summary: 'Revoke an open invite',
        security,
        params: Type.Object({ invite_id: Type.String() }),
        response: { 200: Type.Ref(Invite), ...errorResponses },
      },
    },
    async (request) =>
      wireAccounts.invite(await members.revokeInvite(principalOf(request), request.params.invite_id)),
  );

  app.post(
    '/v1/invites/accept',
    {
      config: { public: true, secretField: 'tokens' },
      schema: {
        operationId: 'acceptInvite',
        tags,
        summary: 'Accept an invite (logged in, or creating the account with name and password)',
        description: `With a login token (Authorization: Bearer wagw_at_…) of the invited email's user, that user joins. Without one, \`name\` and \`password\` create the account. Either way a login session in the tenant is returned. ${SHOWN_ONCE}`,
        security: [{}, { bearerAuth: [] }],
        body: Type.Object(
          {
            token: Type.String({ minLength: 1, maxLength: 200 }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Ref(AuthResult),
          401: Type.Ref(ErrorResponse, {
            description: 'UNAUTHENTICATED: a bearer token was sent and is not valid.',
          }),
          403: Type.Ref(ErrorResponse, { description: 'FORBIDDEN: the invite is for another email.' }),
          ...secretNotReplayable,
        },
      },
    },
    async (request, reply) => {
      const header = request.headers.authorization;
      const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
      const principal = bearer ? await gateway.authentication.authenticate(bearer, { ip: request.ip }) : null;
      const result = await members.accept(
        request.body.token,
        { principal, name: request.body.name, password: request.body.password },
        clientOf(request),
      );
      return reply.status(201).send(wireAccounts.auth(result));
    },
  );

  app.post(
    '/v1/service-accounts',
    {
      config: { action: 'members:manage' },
      schema: {
        operationId: 'createServiceAccount',
        tags,
        summary: 'Create a service account (a member with the "service" role that acts through API keys)',
        security,
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(Member) },
      },
    },
    async (request, reply) => {
      const member = await members.createServiceAccount(principalOf(request), request.body.name);
      return reply.status(201).send(wireAccounts.member(member));
    },
  );

  app.get(
    '/v1/service-accounts',
    {
      config: { action: 'members:manage' },
      schema: {
        operationId: 'listServiceAccounts',
        tags,
        summary: "The tenant's service accounts",
        security,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(Member)) },
      },
    },
    async (request) => {
      const result = await members.listServiceAccounts(principalOf(request), page(request.query));
      return { data: result.data.map(wireAccounts.member), has_more: result.hasMore };
    },
  );
}
