import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { ConfigInput } from './config/config-schema.js';
import { parseConfig } from './config/parse-config.js';
import type { Mailer } from './domain/accounts/mailer.js';
import type { Engine } from './engines/engine.js';
import { Gateway } from './gateway.js';
import { wagwPlugin } from './http/plugin.js';
import { wagwServerOptions } from './http/server-options.js';

export interface CreateServerOptions extends ConfigInput {
  /** A pino logger to use instead of the default one. */
  logger?: Logger;
  engines?: Engine[];
  /** Sends account mail (password resets, invites) instead of SMTP or the log: plug in your own. */
  mailer?: Mailer;
  /** Start background work (sessions, webhooks) right away. Default true. */
  start?: boolean;
}

export interface WagwServer {
  app: FastifyInstance;
  gateway: Gateway;
}

/**
 * Builds a fastify app with the wagw plugin and a started gateway, without listening: call
 * `app.listen()` yourself, or `app.inject()` in tests. Closing the app closes the gateway.
 */
export async function createServer(options: CreateServerOptions = {}): Promise<WagwServer> {
  const { logger, engines, mailer, start = true, ...input } = options;
  const config = parseConfig(input);
  const gateway = await Gateway.open(config, {
    ...(logger && { logger }),
    ...(engines && { engines }),
    ...(mailer && { mailer }),
  });
  const app = Fastify({
    ...wagwServerOptions,
    loggerInstance: gateway.logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    // A hop count is what fastify's `(address, hop) => hop < n` means (its types omit numbers).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
      },
    },
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });
  try {
    await app.register(wagwPlugin, { gateway });
    app.addHook('onClose', async () => gateway.close());
    await app.ready();
    if (start) await gateway.start();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { app, gateway };
}
