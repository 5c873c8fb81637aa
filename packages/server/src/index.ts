export { type AdminKeyReset, resetAdminKey } from './admin-reset-key.js';
export { configFromEnv } from './config/config-from-env.js';
export type { Config, ConfigInput } from './config/config-schema.js';
export { parseConfig } from './config/parse-config.js';
export { type CreateServerOptions, createServer, type WagwServer } from './create-server.js';
export type { Mail, Mailer } from './domain/accounts/mailer.js';
export type {
  Engine,
  EngineCapabilities,
  EngineContext,
  EngineEvent,
  EngineSession,
  EngineStateStore,
  OutboundMessage,
} from './engines/engine.js';
export { EngineError } from './engines/engine.js';
export { AppError } from './errors/app-error.js';
export { ERROR_CODES, type ErrorCode } from './errors/error-codes.js';
export { Gateway, type GatewayOptions } from './gateway.js';
export { openApiInfo, type WagwPluginOptions, wagwPlugin } from './http/plugin.js';
export { wagwServerOptions } from './http/server-options.js';
export { type AdminInit, initializeDatabase, type StandaloneServer, startStandalone } from './standalone.js';
export { type DatabaseStartupCode, DatabaseStartupError } from './storage/database-startup-error.js';
