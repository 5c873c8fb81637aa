import { describe, expect, it, vi } from 'vitest';
import type { AdminKeyReset, ServerModule } from '../../server-module.js';
import { fakeContext } from '../../testing/fake-context.js';
import { run } from './reset-key.js';

function fakeServer(result: AdminKeyReset) {
  return {
    configFromEnv: (env: NodeJS.ProcessEnv) => ({
      ...(env.WAGW_DATA_DIR ? { dataDir: env.WAGW_DATA_DIR } : {}),
    }),
    initializeDatabase: vi.fn(),
    startStandalone: vi.fn(),
    resetAdminKey: vi.fn(async () => result),
  } satisfies ServerModule;
}

describe('wagw admin reset-key', () => {
  it('prints the new key once, with the data dir of the environment', async () => {
    const server = fakeServer({ tenantId: 'ten_1', keyId: 'key_2', apiKey: 'wagw_live_new', revoked: [] });
    const ctx = fakeContext({ loadServer: async () => server, env: { WAGW_DATA_DIR: '/env' } });
    await run({}, ctx);
    expect(server.resetAdminKey).toHaveBeenCalledWith({ dataDir: '/env' }, { revokeOthers: false });
    expect(ctx.stdoutText()).toContain('  wagw_live_new\n');
    expect(ctx.stderrText()).not.toContain('Revoked');
  });

  it('--revoke-others revokes the other keys and says which; --json prints the result', async () => {
    const server = fakeServer({
      tenantId: 'ten_1',
      keyId: 'key_2',
      apiKey: 'wagw_live_new',
      revoked: ['key_1'],
    });
    const ctx = fakeContext({ loadServer: async () => server });
    await run({ revokeOthers: true, databaseUrl: 'postgres://db/wagw' }, ctx);
    expect(server.resetAdminKey).toHaveBeenCalledWith(
      { databaseUrl: 'postgres://db/wagw' },
      { revokeOthers: true },
    );
    expect(ctx.stderrText()).toContain('key_1');
    const json = fakeContext({ loadServer: async () => server });
    await run({ json: true }, json);
    expect(JSON.parse(json.stdoutText())).toEqual({
      tenantId: 'ten_1',
      keyId: 'key_2',
      apiKey: 'wagw_live_new',
      revoked: ['key_1'],
    });
  });
});
