import { AppError } from '../errors/app-error.js';
import { type ConfigInput, DEFAULT_PACING } from './config-schema.js';

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
  if (env.WAGW_TRUST_PROXY) input.trustProxy = trustProxyFromEnv(env.WAGW_TRUST_PROXY);
  if (env.WAGW_REDIS_URL) input.redisUrl = env.WAGW_REDIS_URL;
  if (env.WAGW_DEFAULT_PLAN) input.billing = { defaultPlan: env.WAGW_DEFAULT_PLAN };
  if (env.WAGW_PUBLIC_URL) input.publicUrl = env.WAGW_PUBLIC_URL;
  if (env.WAGW_SMTP_URL || env.WAGW_MAIL_FROM) {
    input.mail = {
      ...(env.WAGW_SMTP_URL && { smtpUrl: env.WAGW_SMTP_URL }),
      ...(env.WAGW_MAIL_FROM && { from: env.WAGW_MAIL_FROM }),
    };
  }
  const media = mediaFromEnv(env);
  if (media) input.media = media;
  // Checking every event against the catalog is for development: on unless NODE_ENV=production.
  if (env.WAGW_VALIDATE_EVENTS)
    input.validateEvents = ['1', 'true', 'yes'].includes(env.WAGW_VALIDATE_EVENTS);
  if (env.WAGW_WEBHOOK_ALLOW_PRIVATE) {
    input.webhooks = { allowPrivateTargets: ['1', 'true', 'yes'].includes(env.WAGW_WEBHOOK_ALLOW_PRIVATE) };
  }
  if (env.WAGW_SINKS) input.sinks = sinksFromEnv(env.WAGW_SINKS);
  if (env.WAGW_REQUEST_LOG_RETENTION_DAYS) {
    input.requestLogs = { retentionDays: Number(env.WAGW_REQUEST_LOG_RETENTION_DAYS) };
  }
  const pacing = pacingFromEnv(env);
  if (pacing) input.sessions = { pacing };
  return input;
}

/** `WAGW_PACING_PER_MINUTE` and `WAGW_PACING_NEW_CHATS_PER_HOUR`: a number, or `off` (unlimited). */
function pacingFromEnv(env: NodeJS.ProcessEnv): NonNullable<ConfigInput['sessions']>['pacing'] {
  const read = (value: string | undefined): number | null | undefined =>
    value === undefined
      ? undefined
      : ['off', 'none', 'unlimited'].includes(value.trim())
        ? null
        : Number(value);
  const perMinute = read(env.WAGW_PACING_PER_MINUTE);
  const newChatsPerHour = read(env.WAGW_PACING_NEW_CHATS_PER_HOUR);
  if (perMinute === undefined && newChatsPerHour === undefined) return undefined;
  return {
    perMinute: perMinute === undefined ? DEFAULT_PACING.perMinute : perMinute,
    newChatsPerHour: newChatsPerHour === undefined ? DEFAULT_PACING.newChatsPerHour : newChatsPerHour,
  };
}

/** `true`/`false`, a hop count, or a list of proxy addresses/CIDRs. */
function trustProxyFromEnv(value: string): boolean | number | string {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(v)) return true;
  if (['0', 'false', 'no'].includes(v)) return false;
  return /^\d+$/.test(v) ? Number(v) : value.trim();
}

/** `WAGW_MEDIA_MAX_BYTES` and the `WAGW_S3_*` variables (a bucket makes S3 the media store). */
function mediaFromEnv(env: NodeJS.ProcessEnv): ConfigInput['media'] | undefined {
  const media: NonNullable<ConfigInput['media']> = {};
  if (env.WAGW_MEDIA_MAX_BYTES) media.maxBytes = Number(env.WAGW_MEDIA_MAX_BYTES);
  if (env.WAGW_S3_BUCKET) {
    media.s3 = {
      bucket: env.WAGW_S3_BUCKET,
      ...(env.WAGW_S3_ENDPOINT && { endpoint: env.WAGW_S3_ENDPOINT }),
      ...(env.WAGW_S3_REGION && { region: env.WAGW_S3_REGION }),
      ...(env.WAGW_S3_ACCESS_KEY_ID && { accessKeyId: env.WAGW_S3_ACCESS_KEY_ID }),
      ...(env.WAGW_S3_SECRET_ACCESS_KEY && { secretAccessKey: env.WAGW_S3_SECRET_ACCESS_KEY }),
      ...(env.WAGW_S3_FORCE_PATH_STYLE && {
        forcePathStyle: ['1', 'true', 'yes'].includes(env.WAGW_S3_FORCE_PATH_STYLE.toLowerCase()),
      }),
      ...(env.WAGW_S3_PREFIX && { prefix: env.WAGW_S3_PREFIX }),
    } as NonNullable<NonNullable<ConfigInput['media']>['s3']>;
  }
  return Object.keys(media).length > 0 ? media : undefined;
}

/** `WAGW_SINKS`: a JSON array of sinks (docs/sinks.md); checked by `parseConfig`. */
function sinksFromEnv(text: string): NonNullable<ConfigInput['sinks']> {
  try {
    return JSON.parse(text) as NonNullable<ConfigInput['sinks']>;
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', {
      message: `WAGW_SINKS is not valid JSON (expected an array of sinks, see docs/sinks.md): ${(error as Error).message}`,
      param: 'WAGW_SINKS',
      cause: error,
    });
  }
}
