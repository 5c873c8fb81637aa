import type { FastifyRequest } from 'fastify';
import type { AuthenticatedPrincipal } from '../domain/authentication.js';
import { type Action, authorize } from '../domain/authorization.js';
import { AppError } from '../errors/app-error.js';
import type { Gateway } from '../gateway.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: AuthenticatedPrincipal;
  }
}

/**
 * Requires `Authorization: Bearer <token>` (an API key or a login token), attaches the principal
 * and lets `authorize()` decide the route's declared action. A route that declares none is refused
 * (fail closed).
 */
export function authHook(gateway: Gateway) {
  return async (request: FastifyRequest, action: Action | undefined): Promise<void> => {
    const header = request.headers.authorization;
    if (!header)
      throw new AppError('UNAUTHENTICATED', { message: 'Send your API key as Authorization: Bearer <key>.' });
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1])
      throw new AppError('UNAUTHENTICATED', { message: 'The Authorization header must be "Bearer <key>".' });
    const principal = await gateway.authentication.authenticate(match[1], { ip: request.ip });
    request.principal = principal;
    if (action === undefined) {
      throw new AppError('FORBIDDEN', { message: 'This route declares no action and is closed.' });
    }
    authorize(principal, action);
  };
}

export function principalOf(request: FastifyRequest): AuthenticatedPrincipal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED');
  return request.principal;
}
