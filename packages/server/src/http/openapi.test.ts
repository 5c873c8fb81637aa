import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../create-server.js';
import { ERROR_CODE_LIST } from '../errors/error-codes.js';
import { testDatabase } from '../testing/dialects.js';

/** The /v1 operations that take no key (registration, login, password reset, invite acceptance). */
const PUBLIC_V1 = [
  'post /v1/auth/register',
  'post /v1/auth/login',
  'post /v1/auth/refresh',
  'post /v1/auth/password-reset',
  'post /v1/auth/password-reset/confirm',
  'post /v1/invites/accept',
];

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

  it('documents every operation with an id, its auth, the error responses it can give, and the catalog', async () => {
    const spec = (await server.app.inject('/openapi.json')).json();
    type Op = { operationId?: string; security?: unknown; responses: Record<string, unknown> };
    for (const [path, ops] of Object.entries<Record<string, Op>>(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect(op.operationId, where).toEqual(expect.any(String));
        const isPublic = !path.startsWith('/v1/') || PUBLIC_V1.includes(`${method} ${path}`);
        if (!isPublic) expect(op.security, where).toEqual([{ bearerAuth: [] }]);
        else expect(op.security, where).toEqual([]);
        const statuses = Object.keys(op.responses);
        expect(statuses, where).toEqual(expect.arrayContaining(['429', '503']));
        if (method === 'post' || method === 'patch')
          expect(statuses, where).toEqual(expect.arrayContaining(['400', '413', '415']));
        if (method === 'post') expect(statuses, where).toEqual(expect.arrayContaining(['409', '422']));
        if (path.includes('{')) expect(statuses, where).toEqual(expect.arrayContaining(['414']));
        for (const status of statuses.filter((s) => Number(s) >= 400)) {
          expect(op.responses[status], `${where} ${status}`).toMatchObject({
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
          });
        }
      }
    }
    const codes = spec.components.schemas.ErrorCode.enum;
    expect(codes).toEqual(ERROR_CODE_LIST);
  });
});
