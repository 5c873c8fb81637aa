import pino from 'pino';
import type { ConfigInput } from '../config/config-schema.js';
import { createServer, type WagwServer } from '../create-server.js';
import type { Engine } from '../engines/engine.js';
import type { TestDatabase } from './dialects.js';
import { UNPACED } from './unpaced.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
type Body = any;

export interface EngineServer extends WagwServer {
  key: string;
  call(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: object,
  ): Promise<{ status: number; body: Body }>;
}

/**
 * A server on `db` with extra engines (and an admin key, created on the first boot of a database),
 * driven through `inject()`: for runtime tests that need an engine they control.
 */
export async function engineServer(
  db: TestDatabase,
  engines: Engine[],
  options: ConfigInput & { start?: boolean; key?: string } = {},
): Promise<EngineServer> {
  const { key: existingKey, ...config } = options;
  const server = await createServer({
    ...db.config,
    // Unpaced: runtime tests send bursts through engines they control (pacing has its own tests).
    sessions: { leaseTtlMs: 5000, renewIntervalMs: 200, pacing: UNPACED },
    ...config,
    engines,
    logger: pino({ level: 'silent' }),
  });
  const key = existingKey ?? (await server.gateway.tenants.initAdmin()).apiKey!;
  const call: EngineServer['call'] = async (method, url, body) => {
    const res = await server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(body && { payload: body }),
    });
    return { status: res.statusCode, body: res.json() };
  };
  return { ...server, key, call };
}
