import type { FastifyRequest } from 'fastify';
import type { Principal } from '../domain/tenants-service.js';
import type { ApiKey } from '../domain/types.js';
import { AppError } from '../errors/app-error.js';
import type { Gateway } from '../gateway.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal & { apiKey: ApiKey };
  }
}

/** Requires `Authorization: Bearer <key>` and attaches the tenant. */
export function authHook(gateway: Gateway) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    if (!header)
      throw new AppError('UNAUTHENTICATED', { message: 'Send your API key as Authorization: Bearer <key>.' });
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1])
      throw new AppError('UNAUTHENTICATED', { message: 'The Authorization header must be "Bearer <key>".' });
    request.principal = await gateway.apiKeys.authenticate(match[1]);
  };
}

export function principalOf(request: FastifyRequest): Principal & { apiKey: ApiKey } {
  if (!request.principal) throw new AppError('UNAUTHENTICATED');
  return request.principal;
}
