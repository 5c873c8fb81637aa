import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configPath, fileConfigStore, resolveCredentials } from './config-store.js';
import type { ApiClient } from './context.js';
import { createContext } from './context.js';
import { CliError, ExitCode } from './errors.js';

describe('configPath', () => {
  it('uses $WAGW_CONFIG_DIR, then $XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configPath({ WAGW_CONFIG_DIR: '/etc/w', XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe(
      '/etc/w/config.json',
    );
    expect(configPath({ XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/wagw/config.json');
    expect(configPath({}, '/home/u')).toBe('/home/u/.config/wagw/config.json');
  });
});

describe('fileConfigStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wagw-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads nothing before the first login', async () => {
    expect(await fileConfigStore(join(dir, 'config.json')).read()).toBeUndefined();
  });

  it('writes the profile with mode 0600 (creating the directory) and reads it back', async () => {
    const path = join(dir, 'nested', 'config.json');
    const store = fileConfigStore(path);
    await store.write({ url: 'http://127.0.0.1:3000', apiKey: 'wagw_live_secret' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      url: 'http://127.0.0.1:3000',
      apiKey: 'wagw_live_secret',
    });
    expect(await store.read()).toEqual({ url: 'http://127.0.0.1:3000', apiKey: 'wagw_live_secret' });
  });

  it('tightens a world-readable file to 0600 when it rewrites it', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, '{}', { mode: 0o644 });
    await fileConfigStore(path).write({ url: 'http://a', apiKey: 'k' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('rejects a file that is not JSON, or has unknown keys, with a hint', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, 'nope');
    await expect(fileConfigStore(path).read()).rejects.toThrow(/not valid JSON/);
    await writeFile(path, JSON.stringify({ url: 'http://a', apiKey: 'k', token: 'x' }));
    await expect(fileConfigStore(path).read()).rejects.toThrow(/unknown keys token/);
  });
});

describe('resolveCredentials', () => {
  const profile = { url: 'http://profile', apiKey: 'key_profile' };
  const env = { WAGW_URL: 'http://env', WAGW_API_KEY: 'key_env' };

  it('prefers flags, then WAGW_URL / WAGW_API_KEY, then the profile', () => {
    expect(resolveCredentials({ url: 'http://flag', apiKey: 'key_flag' }, env, profile)).toMatchObject({
      url: 'http://flag',
      apiKey: 'key_flag',
    });
    expect(resolveCredentials({}, env, profile)).toMatchObject({ url: 'http://env', apiKey: 'key_env' });
    expect(resolveCredentials({}, {}, profile)).toMatchObject({
      url: 'http://profile',
      apiKey: 'key_profile',
    });
  });

  it('resolves each value on its own', () => {
    const resolved = resolveCredentials({ apiKey: 'key_flag' }, { WAGW_URL: 'http://env' }, profile);
    expect(resolved).toEqual({
      url: 'http://env',
      apiKey: 'key_flag',
      source: { url: 'env', apiKey: 'flag' },
    });
  });

  it('fails with the auth exit code when nothing is configured', () => {
    const attempt = () => resolveCredentials({}, {}, undefined);
    expect(attempt).toThrow(CliError);
    expect(attempt).toThrow(/not logged in/);
    try {
      attempt();
    } catch (error) {
      expect((error as CliError).exitCode).toBe(ExitCode.auth);
    }
  });
});

describe('context.api', () => {
  it('builds the client from flag > env > profile', async () => {
    const created: Array<{ url: string; apiKey: string }> = [];
    const ctx = createContext({
      env: { WAGW_API_KEY: 'key_env' },
      config: {
        path: '/x',
        read: async () => ({ url: 'http://profile', apiKey: 'key_profile' }),
        write: async () => {},
      },
      createClient: (c) => {
        created.push(c);
        return {} as ApiClient;
      },
    });
    await ctx.api({});
    await ctx.api({ url: 'http://flag' });
    expect(created).toEqual([
      { url: 'http://profile', apiKey: 'key_env', source: { url: 'profile', apiKey: 'env' } },
      { url: 'http://flag', apiKey: 'key_env', source: { url: 'flag', apiKey: 'env' } },
    ]);
  });

  it('does not read the profile when flags and env give both values', async () => {
    const ctx = createContext({
      env: { WAGW_URL: 'http://env' },
      config: {
        path: '/x',
        read: async () => {
          throw new Error('profile read');
        },
        write: async () => {},
      },
      createClient: () => ({}) as ApiClient,
    });
    await expect(ctx.api({ apiKey: 'k' })).resolves.toBeDefined();
    await expect(ctx.api({})).rejects.toThrow('profile read');
  });
});
