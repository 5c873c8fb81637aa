import type { FastifyServerOptions } from 'fastify';
import { clientErrorHandler } from './client-error.js';
import { handleError } from './error-handler.js';
import { requestIdFor } from './request-id.js';
import { buildSerializer } from './serializer-compiler.js';

/**
 * The server-level fastify options wagw relies on, which a plugin cannot set for itself:
 * `createServer()` uses them, and an app that embeds `wagwPlugin` can pass them to `Fastify()`.
 * - `genReqId`: the `Request-Id` a client receives is the `reqId` of every log line;
 * - `frameworkErrors`: bad percent-encoding and over-long path parameters (errors raised before
 *   routing) get the one error shape;
 * - `clientErrorHandler`: so do requests Node's HTTP parser refuses (400, 408, 431);
 * - `return503OnClosing: false`: requests that reach a closing server get the plugin's 503
 *   `NOT_READY` (one error shape, `Retry-After`) instead of fastify's own body;
 * - `schemaController`: response serializers built from only the shared schemas they refer to,
 *   once per process (without it, start-up takes 15 s or more: see `serializer-compiler.ts`).
 *
 * @example
 * const app = Fastify({ ...wagwServerOptions });
 * await app.register(wagwPlugin, { gateway, prefix: '/wa' });
 */
export const wagwServerOptions = {
  genReqId: requestIdFor,
  frameworkErrors: handleError,
  clientErrorHandler,
  return503OnClosing: false,
  schemaController: { compilersFactory: { buildSerializer } },
} satisfies Pick<
  FastifyServerOptions,
  'genReqId' | 'frameworkErrors' | 'clientErrorHandler' | 'return503OnClosing' | 'schemaController'
>;
