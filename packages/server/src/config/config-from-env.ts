import type { ConfigInput } from './config-schema.js';

/**
 * Reads `WAGW_*` environment variables into config input. Only the standalone entry and the CLI
 * call this; the embeddable server never reads the environment.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  const input: ConfigInput = {};
  if (env.WAGW_DATA_DIR) input.dataDir = env.WAGW_DATA_DIR;
  if (env.WAGW_DATABASE_URL) input.databaseUrl = env.WAGW_DATABASE_URL;
  if (env.WAGW_DATABASE_SCHEMA) input.databaseSchema = env.WAGW_DATABASE_SCHEMA;
  if (env.WAGW_HOST) input.host = env.WAGW_HOST;
  if (env.WAGW_PORT) input.port = Number(env.WAGW_PORT);
  if (env.WAGW_MASTER_KEY) input.masterKey = env.WAGW_MASTER_KEY;
  if (env.WAGW_NODE_ID) input.nodeId = env.WAGW_NODE_ID;
  if (env.WAGW_LOG_LEVEL) input.logLevel = env.WAGW_LOG_LEVEL as ConfigInput['logLevel'];
  if (env.WAGW_DEFAULT_COUNTRY) input.defaultCountry = env.WAGW_DEFAULT_COUNTRY;
  if (env.WAGW_WA_URL) input.waUrl = env.WAGW_WA_URL;
  if (env.WAGW_WA_ROOT_PUBLIC_KEY) input.baileys = { rootPublicKey: env.WAGW_WA_ROOT_PUBLIC_KEY };
  if (env.WAGW_REDIS_URL) input.redisUrl = env.WAGW_REDIS_URL;
  if (env.WAGW_DEFAULT_PLAN) input.billing = { defaultPlan: env.WAGW_DEFAULT_PLAN };
  if (env.WAGW_PUBLIC_URL) input.publicUrl = env.WAGW_PUBLIC_URL;
  if (env.WAGW_SMTP_URL || env.WAGW_MAIL_FROM) {
    input.mail = {
      ...(env.WAGW_SMTP_URL && { smtpUrl: env.WAGW_SMTP_URL }),
      ...(env.WAGW_MAIL_FROM && { from: env.WAGW_MAIL_FROM }),
    };
  }
  // Checking every event against the catalog is for development: on unless NODE_ENV=production.
  if (env.WAGW_VALIDATE_EVENTS)
    input.validateEvents = ['1', 'true', 'yes'].includes(env.WAGW_VALIDATE_EVENTS);
  if (env.WAGW_WEBHOOK_ALLOW_PRIVATE) {
    input.webhooks = { allowPrivateTargets: ['1', 'true', 'yes'].includes(env.WAGW_WEBHOOK_ALLOW_PRIVATE) };
  }
  return input;
}
