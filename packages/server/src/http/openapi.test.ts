import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../create-server.js';
import { ERROR_CODE_LIST } from '../errors/error-codes.js';
import { testDatabase } from '../testing/dialects.js';

describe('OpenAPI document', () => {
  const db = testDatabase('sqlite');
  let server: WagwServer;
  beforeAll(async () => {
    server = await createServer({ ...db.config, start: false, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await server.app.close();
    await db.cleanup();
  });

  it('the committed openapi.json matches the route schemas (run `pnpm gen` when this fails)', async () => {
    const live = (await server.app.inject('/openapi.json')).json();
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'openapi.json'), 'utf8'));
    expect(live).toEqual(committed);
  });

  it('documents every operation with an id, bearer auth on /v1, and the error codes of the catalog', async () => {
    const spec = (await server.app.inject('/openapi.json')).json();
    for (const [path, ops] of Object.entries<Record<string, { operationId?: string; security?: unknown }>>(
      spec.paths,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.operationId, `${method} ${path}`).toEqual(expect.any(String));
        if (path.startsWith('/v1/')) expect(op.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
      }
    }
    const codes = spec.components.schemas.ErrorCode.enum;
    expect(codes).toEqual(ERROR_CODE_LIST);
  });
});
