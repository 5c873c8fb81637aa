import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wagw } from '@wagw/sdk';
import { createServer, type Mail, type WagwServer } from '@wagw/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileConfigStore } from '../../config-store.js';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { run as register } from '../account/register.js';
import { run as whoami } from '../account/whoami.js';
import { run as login } from '../login.js';
import { run as acceptInvite } from '../members/accept-invite.js';
import { run as membersInvite } from '../members/invite.js';
import { run as changePassword } from './change-password.js';
import { run as resetPassword } from './reset-password.js';

const PASSWORD = 'correct horse battery';

/** reset-password, change-password and accept-invite against a real server whose mail is kept. */
describe('wagw reset-password / change-password / accept-invite', () => {
  let server: WagwServer;
  let url: string;
  let dir: string;
  let file: string;
  let selected: string | undefined;
  const mails: Mail[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wagw-cli-links-'));
    file = join(dir, 'config.json');
    server = await createServer({
      dataDir: join(dir, 'data'),
      logLevel: 'silent',
      port: 0,
      mailer: { send: async (mail) => void mails.push(mail) },
    });
    await server.gateway.tenants.initAdmin();
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const context = (options: { stdin?: string; profile?: string; env?: NodeJS.ProcessEnv } = {}) => {
    selected = options.profile;
    return fakeContext({
      config: fileConfigStore(file, () => selected),
      createClient: ({ url: baseUrl, apiKey }) => new Wagw({ baseUrl, apiKey }),
      publicClient: (baseUrl) => new Wagw({ baseUrl }),
      now: Date.now,
      ...(options.env && { env: options.env }),
      ...(options.stdin !== undefined && { stdin: options.stdin }),
    });
  };
  const linkIn = (mail: Mail | undefined) => /https?:\/\/\S+token=\S+/.exec(mail?.text ?? '')?.[0] as string;
  const canLogIn = async (email: string, password: string) => {
    const ctx = context({ stdin: password, profile: 'probe' });
    return (await exec(ctx, () => login({ url, email, passwordStdin: true }, ctx))) === 0;
  };

  it('reset-password mails a link; the link (or its token) sets a new password', async () => {
    const reg = context({ stdin: PASSWORD });
    expect(
      await exec(reg, () =>
        register({ url, email: 'ada@example.com', name: 'Ada', tenant: 'Ada Co', passwordStdin: true }, reg),
      ),
    ).toBe(0);
    const ask = context();
    expect(await exec(ask, () => resetPassword(undefined, { url, email: 'ada@example.com' }, ask))).toBe(0);
    expect(ask.stdoutText()).toContain('a reset link is on its way');
    const link = linkIn(mails.find((m) => m.to === 'ada@example.com'));
    expect(link).toContain('/reset-password?token=');

    // The mailed link points at publicUrl; --url says where this server really is.
    const confirm = context({ stdin: 'a brand new secret\n' });
    expect(await exec(confirm, () => resetPassword(link, { url, passwordStdin: true }, confirm))).toBe(0);
    expect(await canLogIn('ada@example.com', 'a brand new secret')).toBe(true);
    expect(await canLogIn('ada@example.com', PASSWORD)).toBe(false);

    const again = context({ stdin: 'yet another secret\n' });
    expect(await exec(again, () => resetPassword(link, { url, passwordStdin: true }, again))).not.toBe(0);
    expect(again.stderrText()).toMatch(/invalid|expired|used/i);
  });

  it('usage errors: neither --email nor a token, or both', async () => {
    const none = context();
    expect(await exec(none, () => resetPassword(undefined, { url }, none))).toBe(1);
    expect(none.stderrText()).toContain('give --email');
    const both = context();
    expect(await exec(both, () => resetPassword('tok', { url, email: 'x@example.com' }, both))).toBe(1);
    expect(both.stderrText()).toContain('not both');
    const badLink = context();
    expect(
      await exec(badLink, () => acceptInvite('https://wagw.example.com/accept-invite', {}, badLink)),
    ).toBe(1);
    expect(badLink.stderrText()).toContain('the link has no token');
  });

  it('change-password takes the current and the new password on two lines of stdin', async () => {
    const log = context({ stdin: 'a brand new secret' });
    expect(await exec(log, () => login({ url, email: 'ada@example.com', passwordStdin: true }, log))).toBe(0);
    const wrong = context({ stdin: 'not it\nwhatever else 123\n' });
    expect(await exec(wrong, () => changePassword({ passwordStdin: true }, wrong))).not.toBe(0);
    const change = context({ stdin: 'a brand new secret\nthe third secret\n' });
    expect(await exec(change, () => changePassword({ passwordStdin: true }, change))).toBe(0);
    expect(await canLogIn('ada@example.com', 'the third secret')).toBe(true);
    // This login survives its own password change.
    const who = context();
    expect(await exec(who, () => whoami({ json: true }, who))).toBe(0);
    const oneLine = context({ stdin: 'only one line' });
    expect(await exec(oneLine, () => changePassword({ passwordStdin: true }, oneLine))).toBe(1);
    expect(oneLine.stderrText()).toContain('two lines');
  });

  it('accept-invite with --name creates the account and saves the login in the new tenant', async () => {
    const inviter = context();
    expect(await exec(inviter, () => membersInvite('bob@example.com', { role: 'member' }, inviter))).toBe(0);
    const link = linkIn(mails.find((m) => m.to === 'bob@example.com'));
    const bob = context({ stdin: 'bobs long password', profile: 'bob' });
    expect(await exec(bob, () => acceptInvite(link, { url, name: 'Bob', passwordStdin: true }, bob))).toBe(0);
    const saved = JSON.parse(await readFile(file, 'utf8')).profiles.bob;
    expect(saved).toMatchObject({ url, email: 'bob@example.com' });
    const who = context({ profile: 'bob' });
    expect(await exec(who, () => whoami({ json: true }, who))).toBe(0);
    expect(JSON.parse(who.stdoutText()).tenant.name).toBe('Ada Co');
  });

  it('accept-invite without --name: the logged-in invited user joins', async () => {
    const carolReg = context({ stdin: PASSWORD, profile: 'carol' });
    expect(
      await exec(carolReg, () =>
        register(
          { url, email: 'carol@example.com', name: 'Carol', tenant: 'Carol Co', passwordStdin: true },
          carolReg,
        ),
      ),
    ).toBe(0);
    const inviter = context();
    expect(await exec(inviter, () => membersInvite('carol@example.com', { role: 'admin' }, inviter))).toBe(0);
    const link = linkIn(mails.find((m) => m.to === 'carol@example.com'));
    const token = new URL(link).searchParams.get('token') as string;
    const carol = context({ profile: 'carol' });
    expect(await exec(carol, () => acceptInvite(token, { json: true }, carol))).toBe(0);
    expect(JSON.parse(carol.stdoutText()).tenant.name).toBe('Ada Co');
    const who = context({ profile: 'carol' });
    await exec(who, () => whoami({ json: true }, who));
    const shown = JSON.parse(who.stdoutText());
    expect(shown.tenant.name).toBe('Ada Co');
    const membership = shown.user.memberships.find(
      (m: { tenant: { id: string } }) => m.tenant.id === shown.tenant.id,
    );
    expect(membership.role).toBe('admin');
  });
});
