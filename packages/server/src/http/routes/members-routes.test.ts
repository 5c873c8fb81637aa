import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { type SmtpCapture, startSmtpCapture, tokenIn } from '../../testing/smtp-capture.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

const PASSWORD = 'correct horse battery';

describe.each(testDialects())('accounts: members, invites, service accounts (%s)', (dialect) => {
  let s: TestServer;
  let smtp: SmtpCapture;
  let n = 0;
  const email = () => `m${++n}-${dialect}@example.com`;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    s = await startTestServer(dialect, { mail: { smtpUrl: smtp.url, from: 'wagw@wagw.test' } });
  });
  afterAll(async () => {
    await s.close();
    await smtp.close();
  });

  async function owner() {
    const address = email();
    const res = await s.request('POST', '/v1/auth/register', {
      key: null,
      body: { email: address, password: PASSWORD, name: 'Owner', tenant_name: 'Team' },
    });
    return {
      email: address,
      key: res.body.tokens.access_token as string,
      userId: res.body.user.id as string,
      tenantId: res.body.tenant.id as string,
    };
  }

  async function inviteAndJoin(key: string, role: 'admin' | 'member') {
    const address = email();
    const invite = await s.request('POST', '/v1/invites', { key, body: { email: address, role } });
    expect(invite.status).toBe(201);
    const token = tokenIn(await smtp.waitFor(address), 'wagw_iv_');
    const joined = await s.request('POST', '/v1/invites/accept', {
      key: null,
      body: { token, name: 'Joiner', password: PASSWORD },
    });
    expect(joined.status).toBe(201);
    return {
      email: address,
      key: joined.body.tokens.access_token as string,
      userId: joined.body.user.id as string,
      token,
      inviteId: invite.body.id as string,
    };
  }

  it('invites by mail; accepting creates the account as a member, once', async () => {
    const o = await owner();
    const m = await inviteAndJoin(o.key, 'member');
    const members = await s.request('GET', '/v1/members', { key: o.key });
    expect(
      members.body.data.map((x: { user_id: string; role: string }) => [x.user_id, x.role]).sort(),
    ).toEqual(
      [
        [o.userId, 'admin'],
        [m.userId, 'member'],
      ].sort(),
    );
    const again = await s.request('POST', '/v1/invites/accept', {
      key: null,
      body: { token: m.token, name: 'X', password: PASSWORD },
    });
    expect(again.body.error.code).toBe('INVALID_TOKEN');
    // A member may not manage members.
    const forbidden = await s.request('GET', '/v1/members', { key: m.key });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    const audit = await s.gateway.storage.audit.list({ tenantId: o.tenantId, limit: 50 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['invite.created', 'invite.accepted']));
  });

  it('a logged-in user accepts an invite to a second tenant and can log in there', async () => {
    const a = await owner();
    const b = await owner();
    const invite = await s.request('POST', '/v1/invites', { key: a.key, body: { email: b.email } });
    const token = tokenIn(await smtp.waitFor(b.email), 'wagw_iv_');
    const other = await owner();
    const wrongUser = await s.request('POST', '/v1/invites/accept', { key: other.key, body: { token } });
    expect(wrongUser.body.error.code).toBe('FORBIDDEN');
    const res = await s.request('POST', '/v1/invites/accept', { key: b.key, body: { token } });
    expect(res.status).toBe(201);
    expect(res.body.tenant.id).toBe(a.tenantId);
    const me = await s.request('GET', '/v1/users/me', { key: b.key });
    expect(me.body.memberships.map((m: { tenant: { id: string } }) => m.tenant.id).sort()).toEqual(
      [a.tenantId, b.tenantId].sort(),
    );
    const login = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: b.email, password: PASSWORD, tenant_id: a.tenantId },
    });
    expect(login.body.tenant.id).toBe(a.tenantId);
    expect(invite.body.role).toBe('member');
    const dup = await s.request('POST', '/v1/invites', { key: a.key, body: { email: b.email } });
    expect(dup.body.error.code).toBe('ALREADY_MEMBER');
  });

  it('lists and revokes open invites; a revoked invite cannot be accepted', async () => {
    const o = await owner();
    const address = email();
    const invite = await s.request('POST', '/v1/invites', { key: o.key, body: { email: address } });
    const token = tokenIn(await smtp.waitFor(address), 'wagw_iv_');
    const list = await s.request('GET', '/v1/invites', { key: o.key });
    expect(list.body.data.map((i: { id: string }) => i.id)).toEqual([invite.body.id]);
    const revoked = await s.request('DELETE', `/v1/invites/${invite.body.id}`, { key: o.key });
    expect(revoked.body.revoked_at).not.toBeNull();
    expect((await s.request('GET', '/v1/invites', { key: o.key })).body.data).toEqual([]);
    const accept = await s.request('POST', '/v1/invites/accept', {
      key: null,
      body: { token, name: 'X', password: PASSWORD },
    });
    expect(accept.body.error.code).toBe('INVALID_TOKEN');
    const foreign = await owner();
    const notFound = await s.request('DELETE', `/v1/invites/${invite.body.id}`, { key: foreign.key });
    expect(notFound.body.error.code).toBe('INVITE_NOT_FOUND');
  });

  it('changes roles and removes members; the last admin stays (LAST_ADMIN)', async () => {
    const o = await owner();
    const m = await inviteAndJoin(o.key, 'member');
    const demoteSelf = await s.request('PATCH', `/v1/members/${o.userId}`, {
      key: o.key,
      body: { role: 'member' },
    });
    expect(demoteSelf.status).toBe(409);
    expect(demoteSelf.body.error.code).toBe('LAST_ADMIN');
    expect((await s.request('DELETE', `/v1/members/${o.userId}`, { key: o.key })).body.error.code).toBe(
      'LAST_ADMIN',
    );
    const promote = await s.request('PATCH', `/v1/members/${m.userId}`, {
      key: o.key,
      body: { role: 'admin' },
    });
    expect(promote.body.role).toBe('admin');
    // Now the member is an admin: members:manage works with their login token at once.
    expect((await s.request('GET', '/v1/members', { key: m.key })).status).toBe(200);
    const demote = await s.request('PATCH', `/v1/members/${o.userId}`, {
      key: o.key,
      body: { role: 'member' },
    });
    expect(demote.body.role).toBe('member');
    const removed = await s.request('DELETE', `/v1/members/${o.userId}`, { key: m.key });
    expect(removed.body).toEqual({ user_id: o.userId, removed: true });
    // The removed user's login session no longer acts in the tenant.
    expect((await s.request('GET', '/v1/sessions', { key: o.key })).status).toBe(401);
    const audit = await s.gateway.storage.audit.list({ tenantId: o.tenantId, limit: 50 });
    expect(audit.filter((e) => e.action === 'member.role_changed')).toHaveLength(2);
    expect((await s.request('DELETE', `/v1/members/usr_nope`, { key: m.key })).body.error.code).toBe(
      'MEMBER_NOT_FOUND',
    );
  });

  it('creates service accounts with the service role; they cannot log in', async () => {
    const o = await owner();
    const created = await s.request('POST', '/v1/service-accounts', { key: o.key, body: { name: 'ci bot' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci bot', kind: 'service', role: 'service' });
    const list = await s.request('GET', '/v1/service-accounts', { key: o.key });
    expect(list.body.data.map((x: { user_id: string }) => x.user_id)).toEqual([created.body.user_id]);
    const login = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: created.body.email, password: PASSWORD },
    });
    expect(login.body.error.code).toBe('INVALID_CREDENTIALS');
    const role = await s.request('PATCH', `/v1/members/${created.body.user_id}`, {
      key: o.key,
      body: { role: 'admin' },
    });
    expect(role.status).toBe(400);
  });

  it('lets the platform admin list every user with memberships, and nobody else', async () => {
    const o = await owner();
    const res = await s.request('GET', '/v1/admin/users?limit=100');
    expect(res.status).toBe(200);
    const found = res.body.data.find((u: { id: string }) => u.id === o.userId);
    expect(found.memberships).toEqual([
      expect.objectContaining({ role: 'admin', tenant: expect.objectContaining({ id: o.tenantId }) }),
    ]);
    const tenant = await s.tenant('plain');
    expect((await s.request('GET', '/v1/admin/users', { key: tenant.key })).status).toBe(403);
  });

  it('updates the profile name; a tenant key without a user has no profile', async () => {
    const o = await owner();
    const res = await s.request('PATCH', '/v1/users/me', { key: o.key, body: { name: 'Renamed' } });
    expect(res.body.name).toBe('Renamed');
    const tenant = await s.tenant('nouser');
    const me = await s.request('GET', '/v1/users/me', { key: tenant.key });
    expect(me.status).toBe(404);
    expect(me.body.error.code).toBe('USER_NOT_FOUND');
  });
});
