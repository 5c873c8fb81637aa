import pino from 'pino';
import type { ConfigInput } from './config/config-schema.js';
import { parseConfig } from './config/parse-config.js';
import { createServer } from './create-server.js';
import { Gateway } from './gateway.js';

export interface AdminInit {
  created: boolean;
  tenantId: string;
  /** Present only when the admin tenant was created by this call. */
  apiKey?: string;
}

/** Creates the schema and the admin tenant if the database has none (`wagw admin init`). */
export async function initializeDatabase(input: ConfigInput = {}): Promise<AdminInit> {
  const config = parseConfig({ ...input, logLevel: input.logLevel ?? 'silent' });
  const gateway = await Gateway.open(config);
  try {
    return await gateway.tenants.initAdmin();
  } finally {
    await gateway.close();
  }
}

export interface StandaloneServer {
  url: string;
  admin: AdminInit;
  close(): Promise<void>;
}

/**
 * Initialises if needed, then listens (`wagw serve`). Logs go to stderr as JSON lines, so stdout
 * stays free for the command's own output.
 */
export async function startStandalone(input: ConfigInput = {}): Promise<StandaloneServer> {
  const logger = pino({ level: input.logLevel ?? 'info' }, pino.destination(2));
  const { app, gateway } = await createServer({ ...input, logger });
  try {
    const admin = await gateway.tenants.initAdmin();
    const url = await app.listen({ host: gateway.config.host, port: gateway.config.port });
    return { url, admin, close: () => app.close() };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
