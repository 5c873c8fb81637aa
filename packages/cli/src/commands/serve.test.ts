import { describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';
import type { ServerConfigInput, ServerModule } from '../server-module.js';
import { exec, fakeContext } from '../testing/fake-context.js';
import { run, serverConfig } from './serve.js';

function fakeServer(admin: { created: boolean; tenantId: string; apiKey?: string }) {
  const close = vi.fn(async () => {});
  const server = {
    configFromEnv: vi.fn(
      (env: NodeJS.ProcessEnv): ServerConfigInput => ({
        ...(env.WAGW_PORT ? { port: Number(env.WAGW_PORT) } : {}),
        ...(env.WAGW_DATA_DIR ? { dataDir: env.WAGW_DATA_DIR } : {}),
        ...(env.WAGW_DEFAULT_COUNTRY ? { defaultCountry: env.WAGW_DEFAULT_COUNTRY } : {}),
        ...(env.WAGW_WEBHOOK_ALLOW_PRIVATE ? { webhooks: { allowPrivateTargets: false } } : {}),
      }),
    ),
    initializeDatabase: vi.fn(),
    resetAdminKey: vi.fn(),
    startStandalone: vi.fn(async (input: ServerConfigInput) => ({
      url: `http://127.0.0.1:${input.port ?? 3000}`,
      admin,
      close,
    })),
  } satisfies ServerModule;
  return { server, close };
}

describe('serverConfig', () => {
  it('lets flags win over WAGW_* variables and leaves the rest to the server defaults', () => {
    expect(
      serverConfig({ port: 3000, dataDir: '/env', logLevel: 'info' }, { port: 8080, host: '0.0.0.0' }),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/env',
      logLevel: 'info',
    });
    expect(serverConfig({}, {})).toEqual({});
    expect(
      serverConfig({ webhooks: { allowPrivateTargets: false } }, { allowPrivateWebhooks: true }),
    ).toEqual({
      webhooks: { allowPrivateTargets: true },
    });
    expect(serverConfig({ waUrl: 'ws://env' }, { waUrl: 'ws://127.0.0.1:9000/ws/chat' })).toEqual({
      waUrl: 'ws://127.0.0.1:9000/ws/chat',
    });
    expect(serverConfig({ defaultCountry: 'US' }, { defaultCountry: 'GB' })).toEqual({
      defaultCountry: 'GB',
    });
    expect(serverConfig({ defaultCountry: 'US' }, {})).toEqual({ defaultCountry: 'US' });
  });
});

describe('wagw serve', () => {
  it('prints the URL and, on a new database, the admin key once with a login hint; closes on Ctrl-C', async () => {
    const { server, close } = fakeServer({ created: true, tenantId: 'ten_1', apiKey: 'wagw_live_new' });
    const ctx = fakeContext({
      env: { WAGW_PORT: '4010', WAGW_DATA_DIR: '/data' },
      loadServer: async () => server,
    });
    const running = exec(ctx, () => run({ dataDir: '/flag', allowPrivateWebhooks: true }, ctx));
    await ctx.stderrShows('Ctrl-C');
    expect(server.startStandalone).toHaveBeenCalledWith({
      port: 4010,
      dataDir: '/flag',
      webhooks: { allowPrivateTargets: true },
    });
    const out = ctx.stdoutText();
    expect(out).toContain('wagw is running at http://127.0.0.1:4010');
    expect(out).toContain('  wagw_live_new\n');
    expect(out).toContain(
      'Log the CLI in with `wagw login --url http://127.0.0.1:4010`, which asks for this key',
    );
    // the key is printed once, never inside a command to copy (shell history, `ps`)
    expect(out.split('wagw_live_new')).toHaveLength(2);
    expect(close).not.toHaveBeenCalled();

    ctx.interrupt();
    expect(await running).toBe(0);
    expect(close).toHaveBeenCalledOnce();
    expect(ctx.stderrText()).toContain('Stopped.');
  });

  it('prints no key when the database already existed', async () => {
    const { server } = fakeServer({ created: false, tenantId: 'ten_1' });
    const ctx = fakeContext({ loadServer: async () => server });
    ctx.interrupt(); // already asked to stop: start, report, close
    await run({}, ctx);
    expect(ctx.stdoutText()).toBe(
      'wagw is running at http://127.0.0.1:3000 (API docs: http://127.0.0.1:3000/docs)\n',
    );
  });

  it('parses its flags: --default-country over $WAGW_DEFAULT_COUNTRY, with the others', async () => {
    const { server } = fakeServer({ created: false, tenantId: 'ten_1' });
    const ctx = fakeContext({ env: { WAGW_DEFAULT_COUNTRY: 'US' }, loadServer: async () => server });
    ctx.interrupt();
    const flags = ['--port', '8080', '--host', '0.0.0.0', '--data-dir', '/d', '--log-level', 'warn'];
    expect(await main(['serve', ...flags, '--wa-url', 'ws://sim', '--default-country', 'GB'], ctx)).toBe(0);
    expect(server.startStandalone).toHaveBeenLastCalledWith({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/d',
      logLevel: 'warn',
      waUrl: 'ws://sim',
      defaultCountry: 'GB',
    });
    expect(await main(['serve'], ctx)).toBe(0);
    expect(server.startStandalone).toHaveBeenLastCalledWith({ defaultCountry: 'US' });
  });

  it('documents --default-country in its help', async () => {
    const ctx = fakeContext();
    await main(['serve', '--help'], ctx);
    const help = ctx.stdoutText();
    expect(help).toContain('--default-country <ISO>');
    expect(help).toContain('$WAGW_DEFAULT_COUNTRY');
    expect(help).toContain('wagw serve --default-country GB');
  });

  it('prints one JSON line with --json', async () => {
    const { server } = fakeServer({ created: true, tenantId: 'ten_1', apiKey: 'wagw_live_new' });
    const ctx = fakeContext({ loadServer: async () => server });
    ctx.interrupt();
    await run({ json: true, port: 0 }, ctx);
    expect(ctx.stdoutText().split('\n')).toHaveLength(2);
    expect(JSON.parse(ctx.stdoutText())).toEqual({
      url: 'http://127.0.0.1:0',
      tenantId: 'ten_1',
      created: true,
      apiKey: 'wagw_live_new',
    });
  });
});
