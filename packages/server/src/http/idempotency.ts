import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { Gateway } from '../gateway.js';
import { principalOf } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

const IN_FLIGHT_LOCK_MS = 60_000;
const RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * `Idempotency-Key` on POST: the first response for a key is stored and replayed for the same
 * request; the same key with another request is a 422; a key whose first request is still running
 * is a 409. Server errors are not stored, so a retry after one runs again.
 */
export function idempotencyHooks(gateway: Gateway) {
  const repo = gateway.storage.idempotency;
  let lastSweep = 0;

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    const raw = request.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 255) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'Idempotency-Key must be 1 to 255 characters.',
        param: 'Idempotency-Key',
      });
    }
    const tenantId = principalOf(request).tenant.id;
    const fingerprint = createHash('sha256')
      .update(
        `${request.method} ${request.routeOptions.url ?? request.url} ${JSON.stringify(request.params)} ${JSON.stringify(request.body ?? null)}`,
      )
      .digest('hex');
    const now = Date.now();
    if (now - lastSweep > 60_000) {
      lastSweep = now;
      repo.deleteOlderThan(now - RETENTION_MS).catch(() => undefined);
    }
    if (await repo.tryInsert(tenantId, key, fingerprint, now + IN_FLIGHT_LOCK_MS, now)) {
      request.idempotencyKey = key;
      return;
    }
    const existing = await repo.get(tenantId, key);
    if (!existing) throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    if (existing.fingerprint !== fingerprint)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', { param: 'Idempotency-Key' });
    if (existing.state === 'done' && existing.response_status !== null) {
      reply.header('idempotent-replayed', 'true');
      reply.header('content-type', 'application/json; charset=utf-8');
      return reply.status(existing.response_status).send(existing.response_body ?? '');
    }
    if (await repo.takeOver(tenantId, key, now, now + IN_FLIGHT_LOCK_MS)) {
      request.idempotencyKey = key;
      return;
    }
    throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
  };

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.idempotencyKey;
    if (!key || !request.principal) return payload;
    const tenantId = request.principal.tenant.id;
    if (reply.statusCode >= 500) await repo.delete(tenantId, key);
    else
      await repo.complete(
        tenantId,
        key,
        reply.statusCode,
        typeof payload === 'string' ? payload : String(payload),
      );
    return payload;
  };

  return { preHandler, onSend };
}
