import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { wireAccounts } from '../../domain/accounts/wire-accounts.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { AuthResult, LoginSession, LoginTokens } from '../schemas/accounts.js';
import { ErrorResponse, errorResponses, SHOWN_ONCE, secretNotReplayable } from '../schemas/common.js';
import { type App, security } from './types.js';

const tags = ['auth'];
const Email = Type.String({ minLength: 3, maxLength: 254, examples: ['ada@example.com'] });
const Password = Type.String({
  minLength: 1,
  maxLength: 256,
  description: 'At least 10 characters, not your email.',
});
const Ok = Type.Object({ ok: Type.Literal(true) });
const invalidCredentials = {
  401: Type.Ref(ErrorResponse, { description: 'INVALID_CREDENTIALS: the email or password is wrong.' }),
};

export const clientOf = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});

export function authRoutes(app: App, gateway: Gateway): void {
  const { service } = gateway.accounts;

  app.post(
    '/v1/auth/register',
    {
      config: { public: true, secretField: 'tokens' },
      schema: {
        operationId: 'register',
        tags,
        summary: 'Create an account with its own tenant, and log in',
        description: `The new user is the tenant's admin. ${SHOWN_ONCE}`,
        body: Type.Object(
          {
            email: Email,
            password: Password,
            name: Type.String({ minLength: 1, maxLength: 200 }),
            tenant_name: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Ref(AuthResult),
          409: Type.Ref(ErrorResponse, {
            description:
              'EMAIL_TAKEN, SECRET_NOT_REPLAYABLE (a replay: the tokens are not shown again), or IDEMPOTENCY_REQUEST_IN_PROGRESS.',
          }),
        },
      },
    },
    async (request, reply) => {
      const { email, password, name, tenant_name } = request.body;
      const result = await service.register(
        { email, password, name, tenantName: tenant_name },
        clientOf(request),
      );
      return reply.status(201).send(wireAccounts.auth(result));
    },
  );

  app.post(
    '/v1/auth/login',
    {
      config: { public: true, secretField: 'tokens' },
      schema: {
        operationId: 'login',
        tags,
        summary: 'Log in with email and password',
        description: `Opens a login session in \`tenant_id\` (default: your first tenant). ${SHOWN_ONCE}`,
        body: Type.Object(
          { email: Email, password: Password, tenant_id: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(AuthResult), ...invalidCredentials, ...secretNotReplayable },
      },
    },
    async (request) => {
      const { email, password, tenant_id } = request.body;
      return wireAccounts.auth(
        await service.login({ email, password, tenantId: tenant_id }, clientOf(request)),
      );
    },
  );

  app.post(
    '/v1/auth/refresh',
    {
      config: { public: true, secretField: 'tokens' },
      schema: {
        operationId: 'refreshLogin',
        tags,
        summary: 'Swap a refresh token for a new access and refresh token',
        description:
          'Each refresh token works once. Presenting one that was already swapped revokes its whole login session (it has leaked).',
        body: Type.Object(
          { refresh_token: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ tokens: Type.Ref(LoginTokens) }),
          401: Type.Ref(ErrorResponse, {
            description: 'UNAUTHENTICATED: the refresh token is invalid, used, revoked or expired.',
          }),
          ...secretNotReplayable,
        },
      },
    },
    async (request) => ({ tokens: wireAccounts.tokens(await service.refresh(request.body.refresh_token)) }),
  );

  app.post(
    '/v1/auth/logout',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'logout',
        tags,
        summary: 'End the login session making this request',
        security,
        response: { 200: Ok },
      },
    },
    async (request) => {
      await service.logout(principalOf(request));
      return { ok: true as const };
    },
  );

  app.get(
    '/v1/auth/sessions',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'listLoginSessions',
        tags,
        summary: 'Your login sessions that can still be used (the current one is marked)',
        security,
        response: {
          200: Type.Object({ data: Type.Array(Type.Ref(LoginSession)), has_more: Type.Boolean() }),
        },
      },
    },
    async (request) => {
      const sessions = await service.listSessions(principalOf(request));
      return { data: sessions.map(wireAccounts.loginSession), has_more: false };
    },
  );

  app.delete(
    '/v1/auth/sessions/:login_session_id',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'revokeLoginSession',
        tags,
        summary: 'Revoke one of your login sessions (log out another device)',
        security,
        params: Type.Object({ login_session_id: Type.String() }),
        response: { 200: Type.Ref(LoginSession), ...errorResponses },
      },
    },
    async (request) =>
      wireAccounts.loginSession(
        await service.revokeSession(principalOf(request), request.params.login_session_id),
      ),
  );

  app.post(
    '/v1/auth/password',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'changePassword',
        tags,
        summary: 'Change your password (your other login sessions are revoked)',
        security,
        body: Type.Object(
          { current_password: Password, new_password: Password },
          { additionalProperties: false },
        ),
        response: { 200: Ok, ...invalidCredentials },
      },
    },
    async (request) => {
      await service.changePassword(
        principalOf(request),
        request.body.current_password,
        request.body.new_password,
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/v1/auth/password-reset',
    {
      config: { public: true },
      schema: {
        operationId: 'requestPasswordReset',
        tags,
        summary: 'Mail a password reset link',
        description:
          'Always answers 202, whether the email has an account or not. The link is valid for 1 hour.',
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 202: Ok },
      },
    },
    async (request, reply) => {
      await service.requestPasswordReset(request.body.email, clientOf(request));
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/v1/auth/password-reset/confirm',
    {
      config: { public: true },
      schema: {
        operationId: 'confirmPasswordReset',
        tags,
        summary: 'Set a new password with the token of a reset link (revokes every login session)',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 200 }), new_password: Password },
          { additionalProperties: false },
        ),
        response: { 200: Ok },
      },
    },
    async (request) => {
      await service.confirmPasswordReset(request.body.token, request.body.new_password);
      return { ok: true as const };
    },
  );
}
