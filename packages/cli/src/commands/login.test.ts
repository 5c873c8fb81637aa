import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../testing/fake-context.js';
import { authError } from '../testing/fixtures.js';
import { run } from './login.js';

const me = {
  tenant: { id: 'ten_1', name: 'admin', is_admin: true, created_at: '2026-11-22T10:00:00.000Z' },
  api_key: {
    id: 'key_1',
    tenant_id: 'ten_1',
    name: 'admin',
    mode: 'live',
    prefix: 'wagw_live_ab',
    created_at: '2026-11-22T10:00:00.000Z',
    last_used_at: null,
    revoked_at: null,
  },
};

describe('wagw login', () => {
  it('checks the key with me() before saving it, then prints the tenant', async () => {
    const client = { me: vi.fn(async () => me) };
    const ctx = fakeContext({ client, profile: null });
    const code = await exec(ctx, () => run({ url: 'http://127.0.0.1:3000/', apiKey: 'wagw_live_abc' }, ctx));
    expect(code).toBe(0);
    expect(client.me).toHaveBeenCalledOnce();
    expect(ctx.clientsCreated).toEqual([{ url: 'http://127.0.0.1:3000', apiKey: 'wagw_live_abc' }]);
    expect(ctx.saved).toEqual({ url: 'http://127.0.0.1:3000', apiKey: 'wagw_live_abc' });
    expect(ctx.stdoutText()).toContain('Logged in to http://127.0.0.1:3000 as tenant admin (ten_1) (admin).');
  });

  it('prints JSON with --json', async () => {
    const ctx = fakeContext({ client: { me: async () => me }, profile: null });
    await run({ url: 'http://h:1', apiKey: 'k', json: true }, ctx);
    expect(JSON.parse(ctx.stdoutText())).toEqual({
      url: 'http://h:1',
      tenant: me.tenant,
      api_key: me.api_key,
      config_path: ctx.config.path,
    });
  });

  it('prompts for missing values on a TTY', async () => {
    const ctx = fakeContext({
      client: { me: async () => me },
      stdinIsTTY: true,
      answers: ['http://prompted:3000', 'wagw_live_typed'],
      profile: null,
    });
    expect(await exec(ctx, () => run({}, ctx))).toBe(0);
    expect(ctx.prompted).toEqual(['wagw server URL', 'API key']);
    expect(ctx.saved).toEqual({ url: 'http://prompted:3000', apiKey: 'wagw_live_typed' });
  });

  it('prompts only for what is missing', async () => {
    const ctx = fakeContext({
      client: { me: async () => me },
      stdinIsTTY: true,
      answers: ['wagw_live_typed'],
    });
    await run({ url: 'http://given' }, ctx);
    expect(ctx.prompted).toEqual(['API key']);
  });

  it('fails with a usage error (exit 1) instead of prompting when stdin is not a TTY', async () => {
    const ctx = fakeContext({ client: { me: async () => me }, profile: null });
    expect(await exec(ctx, () => run({ url: 'http://h' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toBe(
      'error: missing API key: stdin is not a terminal to ask on\n' +
        'hint: pipe it in with --api-key-stdin, or set WAGW_API_KEY\n',
    );
    expect(ctx.prompted).toEqual([]);
    expect(ctx.saved).toBeUndefined();
  });

  describe('the key never needs to be on the command line', () => {
    it('reads it from stdin with --api-key-stdin (trimmed), without prompting', async () => {
      const ctx = fakeContext({ client: { me: async () => me }, profile: null, stdin: 'wagw_live_piped\n' });
      expect(await exec(ctx, () => run({ url: 'http://h', apiKeyStdin: true }, ctx))).toBe(0);
      expect(ctx.saved).toEqual({ url: 'http://h', apiKey: 'wagw_live_piped' });
      expect(ctx.prompted).toEqual([]);
      expect(ctx.stdoutText() + ctx.stderrText()).not.toContain('wagw_live_piped');
    });

    it('asks for it, hidden, when --api-key-stdin meets a terminal (reading it raw would echo it)', async () => {
      const password = vi.fn(async () => 'wagw_live_typed');
      const input = vi.fn(async () => 'unused');
      const ctx = fakeContext({
        client: { me: async () => me },
        profile: null,
        stdinIsTTY: true,
        prompts: { input, password },
      });
      expect(await exec(ctx, () => run({ url: 'http://h', apiKeyStdin: true }, ctx))).toBe(0);
      expect(password).toHaveBeenCalledWith({ message: 'API key' });
      expect(input).not.toHaveBeenCalled();
      expect(ctx.saved?.apiKey).toBe('wagw_live_typed');
    });

    it('asks for a missing key with the hidden prompt, never the echoing one', async () => {
      const password = vi.fn(async () => 'wagw_live_typed');
      const input = vi.fn(async () => 'unused');
      const ctx = fakeContext({
        client: { me: async () => me },
        profile: null,
        stdinIsTTY: true,
        prompts: { input, password },
      });
      expect(await exec(ctx, () => run({ url: 'http://h' }, ctx))).toBe(0);
      expect(password).toHaveBeenCalledOnce();
      expect(input).not.toHaveBeenCalled();
    });

    it('takes WAGW_API_KEY (and WAGW_URL) from the environment', async () => {
      const ctx = fakeContext({
        client: { me: async () => me },
        profile: null,
        env: { WAGW_URL: 'http://env:3000', WAGW_API_KEY: 'wagw_live_env' },
      });
      expect(await exec(ctx, () => run({}, ctx))).toBe(0);
      expect(ctx.saved).toEqual({ url: 'http://env:3000', apiKey: 'wagw_live_env' });
    });

    it('refuses an empty stdin, several values, and both --api-key and --api-key-stdin', async () => {
      const cases: Array<[string, { apiKey?: string; apiKeyStdin: boolean }, RegExp]> = [
        ['', { apiKeyStdin: true }, /^error: --api-key-stdin: stdin was empty/],
        ['k1\nk2\n', { apiKeyStdin: true }, /^error: --api-key-stdin: expected one value on stdin/],
        ['k', { apiKey: 'k', apiKeyStdin: true }, /^error: use either --api-key or --api-key-stdin/],
      ];
      for (const [stdin, options, error] of cases) {
        const ctx = fakeContext({ client: { me: async () => me }, profile: null, stdin });
        expect(await exec(ctx, () => run({ url: 'http://h', ...options }, ctx))).toBe(1);
        expect(ctx.stderrText()).toMatch(error);
        expect(ctx.saved).toBeUndefined();
      }
    });
  });

  it('rejects a URL that is not http(s)', async () => {
    const ctx = fakeContext({ client: { me: async () => me } });
    expect(await exec(ctx, () => run({ url: 'localhost:3000', apiKey: 'k' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toMatch(/^error: invalid --url/);
  });

  it('exits 4 and saves nothing when the server rejects the key', async () => {
    const ctx = fakeContext({
      client: {
        me: async () => {
          throw authError();
        },
      },
      profile: null,
    });
    expect(await exec(ctx, () => run({ url: 'http://h', apiKey: 'wrong' }, ctx))).toBe(4);
    expect(ctx.saved).toBeUndefined();
    expect(ctx.stderrText()).toMatch(/^error: http:\/\/h rejected the API key/);
  });
});
