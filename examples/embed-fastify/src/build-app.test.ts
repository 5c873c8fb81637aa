import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wagw } from '@wagw/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.js';

describe('embedding wagw in an existing fastify app', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wagw-embed-'));
  let built: Awaited<ReturnType<typeof buildApp>>;
  let url: string;
  let apiKey: string;

  beforeAll(async () => {
    built = await buildApp({ dataDir });
    apiKey = (await built.gateway.tenants.initAdmin()).apiKey!;
    url = await built.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await built.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps the host app's routes and error handling untouched", async () => {
    expect((await built.app.inject('/')).json()).toEqual({ hello: 'this is my app; wagw lives under /wa' });
    const notFound = await built.app.inject('/nope');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).not.toHaveProperty('error.code');
  });

  it('serves the wagw API under the prefix, driven by the SDK', async () => {
    const wagw = new Wagw({ baseUrl: `${url}/wa`, apiKey });
    const session = await wagw.sessions.create({ auto_pair: true });
    expect(session.engine).toBe('sandbox');
    const unknown = await built.app.inject('/wa/v1/nothing');
    expect(unknown.json().error.code).toBe('ROUTE_NOT_FOUND');
    expect((await built.app.inject('/wa/healthz')).statusCode).toBe(200);
    const docs = await built.app.inject('/wa/docs');
    expect(docs.body).toContain('/wa/docs/static/swagger-ui-bundle.js');
    expect((await built.app.inject('/wa/docs/static/swagger-ui-bundle.js')).statusCode).toBe(200);
  });
});
