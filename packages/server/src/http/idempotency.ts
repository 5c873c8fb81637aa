import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { Gateway } from '../gateway.js';
import { IDEMPOTENCY_RETENTION_MS } from '../storage/repositories/idempotency-repo.js';
import { principalOf } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
    /** The JSON body as received, kept by the plugin's JSON parser for request fingerprints. */
    rawBody?: string;
  }
}

const IN_FLIGHT_LOCK_MS = 60_000;
const SWEEP_INTERVAL_MS = 60_000;

export interface IdempotencyHooks {
  /**
   * The hooks of one POST route: `url` is its pattern (`/v1/sessions/:session_id/messages`),
   * `secretField` the field of its 2xx body that must never be stored (`config.secretField`).
   */
  forRoute(
    url: string,
    secretField: string | undefined,
  ): {
    preHandler(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
    onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown>;
  };
}

/**
 * What a request is, for "same key, same request?": method, route, path parameters and the body
 * bytes as received. Hashing the raw body costs one pass and cannot overflow the stack on a deeply
 * nested body, as re-serializing the parsed one did.
 */
function fingerprintOf(request: FastifyRequest, url: string): string {
  return createHash('sha256')
    .update(`${request.method} ${url} ${JSON.stringify(request.params)} `)
    .update(request.rawBody ?? '')
    .digest('hex');
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/** The stored copy of a response: a shown-once secret is left out, never written to the database. */
function storedBody(field: string | undefined, status: number, payload: unknown): string {
  const body = typeof payload === 'string' ? payload : String(payload);
  if (!field || !isSuccess(status)) return body;
  const { [field]: _secret, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify(rest);
}

function secretNotReplayable(body: string | null): AppError {
  const id = (JSON.parse(body ?? '{}') as { id?: unknown }).id;
  const what = typeof id === 'string' ? id : 'the object';
  return new AppError('SECRET_NOT_REPLAYABLE', {
    message: `This request already succeeded and created ${what}, but its secret was shown only once and is not stored. If you do not have it, revoke or delete ${what} and create a new one with a new Idempotency-Key.`,
    ...(typeof id === 'string' && { details: { id } }),
  });
}

/**
 * `Idempotency-Key` on POST: the first response for a key is stored and replayed for the same
 * request; the same key with another request is a 422; a key whose first request is still running
 * is a 409. Server errors are not stored, so a retry after one runs again. Records are kept for
 * `IDEMPOTENCY_RETENTION_MS`; after that a key is new again.
 */
export function idempotencyHooks(gateway: Gateway): IdempotencyHooks {
  const repo = gateway.storage.idempotency;
  let lastSweep = 0;

  const forRoute = (url: string, secretField: string | undefined) => ({
    preHandler: (request: FastifyRequest, reply: FastifyReply) =>
      preHandler(request, reply, url, secretField),
    onSend: (request: FastifyRequest, reply: FastifyReply, payload: unknown) =>
      onSend(request, reply, payload, secretField),
  });

  const preHandler = async (
    request: FastifyRequest,
    reply: FastifyReply,
    url: string,
    secretField: string | undefined,
  ) => {
    const raw = request.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 255) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'Idempotency-Key must be 1 to 255 characters.',
        param: 'Idempotency-Key',
      });
    }
    // A public POST (register, login, …) has no tenant to scope the key to: it is accepted and
    // not recorded (their retries are safe by themselves or refused with a coded error).
    if (!request.principal) return;
    const tenantId = principalOf(request).tenant.id;
    const fingerprint = fingerprintOf(request, url);
    const now = Date.now();
    if (now - lastSweep > SWEEP_INTERVAL_MS) {
      lastSweep = now;
      repo.deleteOlderThan(now - IDEMPOTENCY_RETENTION_MS).catch(() => undefined);
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
      if (secretField && isSuccess(existing.response_status))
        throw secretNotReplayable(existing.response_body);
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

  const onSend = async (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    secretField: string | undefined,
  ) => {
    const key = request.idempotencyKey;
    if (!key || !request.principal) return payload;
    const tenantId = request.principal.tenant.id;
    if (reply.statusCode >= 500) await repo.delete(tenantId, key);
    else
      await repo.complete(
        tenantId,
        key,
        reply.statusCode,
        storedBody(secretField, reply.statusCode, payload),
      );
    return payload;
  };

  return { forRoute };
}
