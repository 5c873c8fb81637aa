import { describe, expect, it, vi } from 'vitest';
import type { AdminBootstrap, ServerModule } from '../../server-module.js';
import { fakeContext } from '../../testing/fake-context.js';
import { run } from './init.js';

function fakeServer(result: AdminBootstrap) {
  return {
    configFromEnv: (env: NodeJS.ProcessEnv) => ({
      ...(env.WAGW_DATA_DIR ? { dataDir: env.WAGW_DATA_DIR } : {}),
      ...(env.WAGW_DATABASE_SCHEMA ? { databaseSchema: env.WAGW_DATABASE_SCHEMA } : {}),
    }),
    initializeDatabase: vi.fn(async () => result),
    startStandalone: vi.fn(),
    resetAdminKey: vi.fn(),
  } satisfies ServerModule;
}

describe('wagw admin init', () => {
  it('prints the admin key once on a new database', async () => {
    const server = fakeServer({ created: true, tenantId: 'ten_1', apiKey: 'wagw_live_admin' });
    const ctx = fakeContext({ loadServer: async () => server, env: { WAGW_DATA_DIR: '/env' } });
    await run({ dataDir: '/flag' }, ctx);
    expect(server.initializeDatabase).toHaveBeenCalledWith({ dataDir: '/flag' });
    expect(ctx.stdoutText()).toContain('  wagw_live_admin\n');
    expect(ctx.stderrText()).toContain('wagw login --url http://127.0.0.1:3000 --api-key wagw_live_admin');
  });

  it('prints {tenantId, apiKey} with --json', async () => {
    const server = fakeServer({ created: true, tenantId: 'ten_1', apiKey: 'wagw_live_admin' });
    const ctx = fakeContext({
      loadServer: async () => server,
      env: { WAGW_DATA_DIR: '/env', WAGW_DATABASE_SCHEMA: 'test_1' },
    });
    await run({ databaseUrl: 'postgres://db/wagw', json: true }, ctx);
    expect(server.initializeDatabase).toHaveBeenCalledWith({
      dataDir: '/env',
      databaseUrl: 'postgres://db/wagw',
      databaseSchema: 'test_1',
    });
    expect(JSON.parse(ctx.stdoutText())).toEqual({
      tenantId: 'ten_1',
      apiKey: 'wagw_live_admin',
      created: true,
    });
  });

  it('says an initialised database is left alone, and prints no key', async () => {
    const server = fakeServer({ created: false, tenantId: 'ten_1' });
    const ctx = fakeContext({ loadServer: async () => server });
    await run({}, ctx);
    expect(ctx.stdoutText()).toBe(
      'The database is already initialised (admin tenant ten_1); no new key was created.\n',
    );
    const json = fakeContext({ loadServer: async () => server });
    await run({ json: true }, json);
    expect(JSON.parse(json.stdoutText())).toEqual({ tenantId: 'ten_1', created: false });
  });
});
