import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { AppError } from '../errors/app-error.js';
import type { Gateway } from '../gateway.js';
import { databaseRateLimitStore } from './database-rate-limit-store.js';

const WINDOW_MS = 60_000;
const REDIS_ERROR_LOG_EVERY_MS = 10_000;
const REDIS_READY_WAIT_MS = 3000;

/**
 * The per-minute request limit of each tenant's plan, on every authenticated route of the wagw
 * scope (register it before the routes). Keyed by tenant after authentication (it runs at
 * preValidation: the principal exists, and a refused request never reaches the idempotency
 * record). Counters live in Redis when `redisUrl` is set, else in the database; either way every
 * server shares them. Tenants without a subscription and the admin tenant are not limited. When
 * the store fails the request is let through (fail open) and the failure logged.
 */
export async function registerRateLimit(app: FastifyInstance, gateway: Gateway): Promise<void> {
  const limits = gateway.tenantLimits;
  const logger = gateway.logger.child({ component: 'rate-limit' });
  const limitOf = async (request: FastifyRequest) => {
    const principal = request.principal;
    if (!principal || principal.tenant.isAdmin) return undefined;
    return (await limits.get(principal.tenant.id))?.requestsPerMinute;
  };

  let redis: Redis | undefined;
  if (gateway.config.redisUrl) {
    redis = new Redis(gateway.config.redisUrl, {
      // Fail fast rather than queue requests behind a lost connection.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
    });
    let loggedAt = 0;
    redis.on('error', (error: Error) => {
      if (Date.now() - loggedAt < REDIS_ERROR_LOG_EVERY_MS) return;
      loggedAt = Date.now();
      logger.warn({ err: error }, 'Redis for rate limits unavailable: requests are let through');
    });
    const client = redis;
    // Without an offline queue a command before the connection is up fails: wait for it (a while).
    await Promise.race([
      new Promise((resolve) => client.once('ready', resolve)),
      new Promise((resolve) => setTimeout(resolve, REDIS_READY_WAIT_MS).unref()),
    ]);
    app.addHook('onClose', async () => {
      await client.quit().catch(() => client.disconnect());
    });
  }

  await app.register(rateLimit, {
    global: true,
    hook: 'preValidation',
    timeWindow: WINDOW_MS,
    enableDraftSpec: true,
    skipOnError: true,
    ...(redis
      ? { redis, nameSpace: 'wagw-rate-limit:' }
      : { store: databaseRateLimitStore(gateway.storage, logger) }),
    keyGenerator: (request) => request.principal?.tenant.id ?? 'anonymous',
    allowList: async (request) => (await limitOf(request)) === undefined,
    max: async (request) => (await limitOf(request)) ?? Number.MAX_SAFE_INTEGER,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', {
        message: `The plan allows ${context.max} requests a minute: retry in ${context.after}.`,
        details: { limit: context.max, retry_after_s: Math.ceil(context.ttl / 1000) },
      }),
  });
}
