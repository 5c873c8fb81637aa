import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wagw } from '@wagw/sdk';
import { createServer, type WagwServer } from '@wagw/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileConfigStore } from '../../config-store.js';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { run as login } from '../login.js';
import { run as membersInvite } from '../members/invite.js';
import { run as membersList } from '../members/list.js';
import { run as profilesList } from '../profiles/list.js';
import { run as profilesUse } from '../profiles/use.js';
import { run as logout } from './logout.js';
import { run as register } from './register.js';
import { run as whoami } from './whoami.js';

const PASSWORD = 'correct horse battery';

/** The account commands against a real server over HTTP, with a real profile file. */
describe('wagw register / login --email / whoami / profiles / logout', () => {
  let server: WagwServer;
  let url: string;
  let dir: string;
  let file: string;
  let selected: string | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wagw-cli-accounts-'));
    file = join(dir, 'config.json');
    server = await createServer({ dataDir: join(dir, 'data'), logLevel: 'silent', port: 0 });
    await server.gateway.tenants.initAdmin();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const context = (options: { stdin?: string; profile?: string } = {}) => {
    selected = options.profile;
    return fakeContext({
      config: fileConfigStore(file, () => selected),
      createClient: ({ url: baseUrl, apiKey }) => new Wagw({ baseUrl, apiKey }),
      publicClient: (baseUrl) => new Wagw({ baseUrl }),
      now: Date.now,
      ...(options.stdin !== undefined && { stdin: options.stdin }),
    });
  };
  const saved = async () => JSON.parse(await readFile(file, 'utf8'));

  it('registers, saves the login as the profile, and whoami shows the user', async () => {
    const ctx = context({ stdin: `${PASSWORD}\n` });
    const code = await exec(ctx, () =>
      register({ url, email: 'ada@example.com', name: 'Ada', tenant: 'Ada Co', passwordStdin: true }, ctx),
    );
    expect(ctx.stderrText()).toBe('');
    expect(code).toBe(0);
    expect(ctx.stdoutText()).toContain('Logged in to');
    const profile = (await saved()).profiles.default;
    expect(profile.apiKey).toMatch(/^wagw_at_/);
    expect(profile.refreshToken).toMatch(/^wagw_rt_/);

    const who = context();
    expect(await exec(who, () => whoami({ json: true }, who))).toBe(0);
    const shown = JSON.parse(who.stdoutText());
    expect(shown.user.email).toBe('ada@example.com');
    expect(shown.tenant.name).toBe('Ada Co');
    expect(shown.api_key).toBeNull();
  });

  it('refreshes an expired access token by itself and saves the new tokens', async () => {
    const before = await saved();
    before.profiles.default.accessTokenExpiresAt = new Date(Date.now() - 1000).toISOString();
    await writeFile(file, JSON.stringify(before));
    const ctx = context();
    expect(await exec(ctx, () => membersList({ json: true }, ctx))).toBe(0);
    expect(JSON.parse(ctx.stdoutText()).data.map((m: { email: string }) => m.email)).toEqual([
      'ada@example.com',
    ]);
    const after = (await saved()).profiles.default;
    expect(after.apiKey).not.toBe(before.profiles.default.apiKey);
    expect(after.refreshToken).not.toBe(before.profiles.default.refreshToken);
    expect(Date.parse(after.accessTokenExpiresAt)).toBeGreaterThan(Date.now());
  });

  it('keeps named profiles apart: login --email --profile, profiles list and use', async () => {
    const inviter = context();
    expect(await exec(inviter, () => membersInvite('bob@example.com', { role: 'member' }, inviter))).toBe(0);
    // Bob registers on his own and logs in to a second profile.
    const bobReg = context({ stdin: PASSWORD, profile: 'bob' });
    expect(
      await exec(bobReg, () =>
        register(
          { url, email: 'bob@example.com', name: 'Bob', tenant: 'Bob Co', passwordStdin: true },
          bobReg,
        ),
      ),
    ).toBe(0);
    const bob = context({ stdin: PASSWORD, profile: 'bob' });
    expect(await exec(bob, () => login({ url, email: 'BOB@example.com', passwordStdin: true }, bob))).toBe(0);
    const wrong = context({ stdin: 'not the password', profile: 'bob' });
    expect(
      await exec(wrong, () => login({ url, email: 'bob@example.com', passwordStdin: true }, wrong)),
    ).toBe(4);
    expect(wrong.stderrText()).toContain('email or password is wrong');

    const list = context();
    await exec(list, () => profilesList({ json: true }, list));
    const listed = JSON.parse(list.stdoutText());
    expect(listed.current).toBe('default');
    expect(listed.profiles.map((p: { name: string }) => p.name).sort()).toEqual(['bob', 'default']);
    expect(list.stdoutText()).not.toContain('wagw_at_');

    const use = context();
    expect(await exec(use, () => profilesUse('bob', {}, use))).toBe(0);
    const who = context();
    await exec(who, () => whoami({ json: true }, who));
    expect(JSON.parse(who.stdoutText()).user.email).toBe('bob@example.com');
    const back = context();
    await exec(back, () => profilesUse('default', {}, back));
  });

  it('logout ends the login session on the server and removes the profile', async () => {
    const token = (await saved()).profiles.bob.apiKey;
    const ctx = context({ profile: 'bob' });
    expect(await exec(ctx, () => logout({ json: true }, ctx))).toBe(0);
    expect(JSON.parse(ctx.stdoutText())).toEqual({
      profile: 'bob',
      removed: true,
      login_session_ended: true,
    });
    expect((await saved()).profiles.bob).toBeUndefined();
    await expect(new Wagw({ baseUrl: url, apiKey: token }).users.me()).rejects.toMatchObject({ status: 401 });
    const who = context({ profile: 'bob' });
    expect(await exec(who, () => whoami({}, who))).toBe(4);
  });

  it('logout with an expired access token still ends the login session (through the refresh token)', async () => {
    const carolReg = context({ stdin: PASSWORD, profile: 'carol' });
    expect(
      await exec(carolReg, () =>
        register(
          { url, email: 'carol@example.com', name: 'Carol', tenant: 'Carol Co', passwordStdin: true },
          carolReg,
        ),
      ),
    ).toBe(0);
    const before = await saved();
    const { refreshToken } = before.profiles.carol;
    // The server no longer takes the access token (as after its 15 minutes).
    before.profiles.carol.apiKey = 'wagw_at_expired';
    await writeFile(file, JSON.stringify(before));
    const ctx = context({ profile: 'carol' });
    expect(await exec(ctx, () => logout({ json: true }, ctx))).toBe(0);
    expect(JSON.parse(ctx.stdoutText())).toMatchObject({ removed: true, login_session_ended: true });
    // The refresh token was spent and its session ended: it buys nothing any more.
    await expect(new Wagw({ baseUrl: url }).auth.refresh(refreshToken)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('reads a single-profile file written by older versions', async () => {
    const old = join(dir, 'old.json');
    await writeFile(old, JSON.stringify({ url: 'http://old', apiKey: 'wagw_live_old' }));
    expect(await fileConfigStore(old).read()).toEqual({ url: 'http://old', apiKey: 'wagw_live_old' });
    await fileConfigStore(old, () => 'second').write({ url: 'http://new', apiKey: 'wagw_live_new' });
    const both = JSON.parse(await readFile(old, 'utf8'));
    expect(both).toEqual({
      current: 'default',
      profiles: {
        default: { url: 'http://old', apiKey: 'wagw_live_old' },
        second: { url: 'http://new', apiKey: 'wagw_live_new' },
      },
    });
  });
});
