import pino from 'pino';
import { createServer, type WagwServer } from '../create-server.js';
import { type TestDatabase, type TestDialect, testDatabase } from './dialects.js';

/**
 * Servers started one after the other on one fresh database, for tests of what survives a restart:
 * `boot()` a server, close (or kill) it, `boot()` the next. `req` drives one with the admin key.
 */
export function restartableServer(dialect: TestDialect, stepMs = 10) {
  const db: TestDatabase = testDatabase(dialect);
  const open: WagwServer[] = [];
  let apiKey: string | undefined;
  return {
    async boot(): Promise<WagwServer> {
      const server = await createServer({
        ...db.config,
        sandbox: { stepMs },
        logger: pino({ level: 'silent' }),
      });
      open.push(server);
      apiKey ??= (await server.gateway.tenants.initAdmin()).apiKey;
      return server;
    },
    /** A request with the admin key, answering the JSON body. */
    async req(server: WagwServer, method: 'GET' | 'POST', url: string, payload?: object) {
      const res = await server.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${apiKey}` },
        ...(payload && { payload }),
      });
      return res.json();
    },
    async cleanup(): Promise<void> {
      for (const server of open.splice(0)) await server.app.close().catch(() => undefined);
      await db.cleanup();
    },
  };
}
