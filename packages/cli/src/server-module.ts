import { importOptional } from './optional-module.js';

/**
 * The part of `@wagw/server` the CLI uses. The server is imported only by `serve`,
 * `admin init` and `admin reset-key`, and only dynamically, so `wagw send` and friends never load fastify or a database
 * driver. Declared structurally so the commands (and their tests) depend on this much only.
 */
export interface ServerConfigInput {
  dataDir?: string;
  databaseUrl?: string;
  databaseSchema?: string;
  host?: string;
  port?: number;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** WhatsApp WebSocket URL for the baileys engine (e.g. a local simulator). */
  waUrl?: string;
  /** ISO 3166 code national phone numbers (without `+`) are read in; none: they are refused. */
  defaultCountry?: string;
  webhooks?: { allowPrivateTargets?: boolean };
}

export interface AdminBootstrap {
  /** True when this call created the schema and the admin tenant. */
  created: boolean;
  tenantId: string;
  /** The admin key, returned only when it was created now. */
  apiKey?: string;
}

export interface AdminKeyReset {
  tenantId: string;
  keyId: string;
  /** The new admin key, shown only this once. */
  apiKey: string;
  revoked: string[];
}

export interface StandaloneServer {
  url: string;
  admin: AdminBootstrap;
  close(): Promise<void>;
}

export interface ServerModule {
  configFromEnv(env: NodeJS.ProcessEnv): ServerConfigInput;
  initializeDatabase(input: {
    dataDir?: string;
    databaseUrl?: string;
    databaseSchema?: string;
  }): Promise<AdminBootstrap>;
  startStandalone(input: ServerConfigInput): Promise<StandaloneServer>;
  resetAdminKey(
    input: { dataDir?: string; databaseUrl?: string; databaseSchema?: string },
    options?: { revokeOthers?: boolean },
  ): Promise<AdminKeyReset>;
}

/** Loads the server on demand; the return type checks that it still fits `ServerModule`. */
export function loadServer(): Promise<ServerModule> {
  return importOptional('@wagw/server', () => import('@wagw/server'));
}
