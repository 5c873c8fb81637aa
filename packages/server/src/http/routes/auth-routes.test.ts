import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { type SmtpCapture, startSmtpCapture, tokenIn } from '../../testing/smtp-capture.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

const PASSWORD = 'correct horse battery';

describe.each(testDialects())('accounts: auth routes (%s)', (dialect) => {
  let s: TestServer;
  let smtp: SmtpCapture;
  let n = 0;
  const email = () => `user${++n}-${dialect}@example.com`;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    s = await startTestServer(dialect, {
      mail: { smtpUrl: smtp.url, from: 'wagw <no-reply@wagw.test>' },
      publicUrl: 'https://wagw.example.com',
    });
  });
  afterAll(async () => {
    await s.close();
    await smtp.close();
  });

  const register = (body: Record<string, unknown>) =>
    s.request('POST', '/v1/auth/register', { key: null, body });

  it('registers a user with a new tenant it administers, and the access token authenticates', async () => {
    const address = email();
    const res = await register({
      email: ` ${address.toUpperCase()} `,
      password: PASSWORD,
      name: 'Ada',
      tenant_name: 'Ada Co',
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: address, name: 'Ada', kind: 'person' });
    expect(res.body.tenant.name).toBe('Ada Co');
    expect(res.body.tokens.access_token).toMatch(/^wagw_at_/);
    expect(res.body.tokens.refresh_token).toMatch(/^wagw_rt_/);
    const me = await s.request('GET', '/v1/users/me', { key: res.body.tokens.access_token });
    expect(me.status).toBe(200);
    expect(me.body.memberships).toEqual([
      expect.objectContaining({ role: 'admin', tenant: expect.objectContaining({ id: res.body.tenant.id }) }),
    ]);
    // Acts as the tenant's admin: it can manage its sessions.
    const sessions = await s.request('GET', '/v1/sessions', { key: res.body.tokens.access_token });
    expect(sessions.status).toBe(200);
    // But it is not the platform admin.
    const admin = await s.request('GET', '/v1/admin/users', { key: res.body.tokens.access_token });
    expect(admin.status).toBe(403);
  });

  it('public POSTs take an Idempotency-Key (as the SDK always sends one) without a tenant to scope it to', async () => {
    const address = email();
    const res = await s.request('POST', '/v1/auth/register', {
      key: null,
      headers: { 'idempotency-key': 'same-key' },
      body: { email: address, password: PASSWORD, name: 'A', tenant_name: 'T' },
    });
    expect(res.status).toBe(201);
    const login = await s.request('POST', '/v1/auth/login', {
      key: null,
      headers: { 'idempotency-key': 'same-key' },
      body: { email: address, password: PASSWORD },
    });
    expect(login.status).toBe(200);
  });

  it('refuses weak passwords, bad emails and taken emails with coded errors', async () => {
    const address = email();
    const short = await register({ email: address, password: 'short', name: 'A', tenant_name: 'T' });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'WEAK_PASSWORD', details: { reason: 'too_short' } });
    const same = await register({ email: address, password: address, name: 'A', tenant_name: 'T' });
    expect(same.body.error).toMatchObject({ code: 'WEAK_PASSWORD', details: { reason: 'matches_email' } });
    const bad = await register({ email: 'not-an-email', password: PASSWORD, name: 'A', tenant_name: 'T' });
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'email' });
    expect((await register({ email: address, password: PASSWORD, name: 'A', tenant_name: 'T' })).status).toBe(
      201,
    );
    const taken = await register({
      email: address.toUpperCase(),
      password: PASSWORD,
      name: 'A',
      tenant_name: 'T',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('logs in; a wrong password and an unknown email are the same INVALID_CREDENTIALS, and both are audited', async () => {
    const address = email();
    await register({ email: address, password: PASSWORD, name: 'A', tenant_name: 'T' });
    const ok = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: address, password: PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.tokens.access_token).toMatch(/^wagw_at_/);
    const wrong = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: address, password: 'wrong password!' },
    });
    const unknown = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: `x${address}`, password: PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: wrong.body.error.message,
    });
    const audit = await s.gateway.storage.audit.list({ limit: 100 });
    const actions = audit.map((e) => e.action);
    expect(actions).toContain('user.login');
    expect(audit.filter((e) => e.action === 'user.login_failed').map((e) => e.details.reason)).toEqual(
      expect.arrayContaining(['wrong_password', 'unknown_email']),
    );
  });

  it('rotates refresh tokens; reusing an old one revokes the whole login session', async () => {
    const reg = await register({ email: email(), password: PASSWORD, name: 'A', tenant_name: 'T' });
    const first = reg.body.tokens;
    const r1 = await s.request('POST', '/v1/auth/refresh', {
      key: null,
      body: { refresh_token: first.refresh_token },
    });
    expect(r1.status).toBe(200);
    expect(r1.body.tokens.refresh_token).not.toBe(first.refresh_token);
    expect(r1.body.tokens.login_session_id).toBe(first.login_session_id);
    // The old access token was replaced.
    expect((await s.request('GET', '/v1/users/me', { key: first.access_token })).status).toBe(401);
    expect((await s.request('GET', '/v1/users/me', { key: r1.body.tokens.access_token })).status).toBe(200);
    const r2 = await s.request('POST', '/v1/auth/refresh', {
      key: null,
      body: { refresh_token: r1.body.tokens.refresh_token },
    });
    expect(r2.status).toBe(200);
    // Replaying the first refresh token, two rotations later: the session is revoked.
    const reuse = await s.request('POST', '/v1/auth/refresh', {
      key: null,
      body: { refresh_token: first.refresh_token },
    });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.message).toMatch(/already used/);
    const after = await s.request('GET', '/v1/users/me', { key: r2.body.tokens.access_token });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/revoked/);
    const again = await s.request('POST', '/v1/auth/refresh', {
      key: null,
      body: { refresh_token: r2.body.tokens.refresh_token },
    });
    expect(again.status).toBe(401);
  });

  it('lists login sessions with the current one marked, revokes one, and logs out', async () => {
    const address = email();
    const a = await register({ email: address, password: PASSWORD, name: 'A', tenant_name: 'T' });
    const b = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: address, password: PASSWORD },
    });
    const list = await s.request('GET', '/v1/auth/sessions', { key: a.body.tokens.access_token });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.data.find((x: { current: boolean }) => x.current).id).toBe(
      a.body.tokens.login_session_id,
    );
    const other = await s.request('DELETE', `/v1/auth/sessions/${b.body.tokens.login_session_id}`, {
      key: a.body.tokens.access_token,
    });
    expect(other.status).toBe(200);
    expect(other.body.revoked_at).not.toBeNull();
    expect((await s.request('GET', '/v1/users/me', { key: b.body.tokens.access_token })).status).toBe(401);
    // Another user's session is not found.
    const stranger = await register({ email: email(), password: PASSWORD, name: 'B', tenant_name: 'T' });
    const foreign = await s.request('DELETE', `/v1/auth/sessions/${a.body.tokens.login_session_id}`, {
      key: stranger.body.tokens.access_token,
    });
    expect(foreign.body.error.code).toBe('LOGIN_SESSION_NOT_FOUND');
    const out = await s.request('POST', '/v1/auth/logout', { key: a.body.tokens.access_token });
    expect(out.status).toBe(200);
    expect((await s.request('GET', '/v1/users/me', { key: a.body.tokens.access_token })).status).toBe(401);
  });

  it('changes the password: the current one is checked and the other login sessions end', async () => {
    const address = email();
    const a = await register({ email: address, password: PASSWORD, name: 'A', tenant_name: 'T' });
    const b = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: address, password: PASSWORD },
    });
    const key = a.body.tokens.access_token;
    const wrong = await s.request('POST', '/v1/auth/password', {
      key,
      body: { current_password: 'not the password', new_password: 'a new long password' },
    });
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const ok = await s.request('POST', '/v1/auth/password', {
      key,
      body: { current_password: PASSWORD, new_password: 'a new long password' },
    });
    expect(ok.status).toBe(200);
    expect((await s.request('GET', '/v1/users/me', { key })).status).toBe(200);
    expect((await s.request('GET', '/v1/users/me', { key: b.body.tokens.access_token })).status).toBe(401);
    const old = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: address, password: PASSWORD },
    });
    expect(old.status).toBe(401);
    const fresh = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: address, password: 'a new long password' },
    });
    expect(fresh.status).toBe(200);
  });

  it('resets a password through a mail that arrives over SMTP; its token works once', async () => {
    const address = email();
    const a = await register({ email: address, password: PASSWORD, name: 'A', tenant_name: 'T' });
    const unknown = await s.request('POST', '/v1/auth/password-reset', {
      key: null,
      body: { email: `nobody-${address}` },
    });
    expect(unknown.status).toBe(202);
    const res = await s.request('POST', '/v1/auth/password-reset', { key: null, body: { email: address } });
    expect(res.status).toBe(202);
    const mail = await smtp.waitFor(address);
    expect(mail.from).toBe('no-reply@wagw.test');
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(
      'https://wagw.example.com/reset-password?token=3Dwagw_pr_',
    );
    expect(smtp.mails.some((m) => m.to.includes(`nobody-${address}`))).toBe(false);
    const token = tokenIn(mail, 'wagw_pr_');

    const weak = await s.request('POST', '/v1/auth/password-reset/confirm', {
      key: null,
      body: { token, new_password: address },
    });
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    const ok = await s.request('POST', '/v1/auth/password-reset/confirm', {
      key: null,
      body: { token, new_password: 'reset to this one' },
    });
    expect(ok.status).toBe(200);
    // Every login session ended; the new password logs in.
    expect((await s.request('GET', '/v1/users/me', { key: a.body.tokens.access_token })).status).toBe(401);
    const login = await s.request('POST', '/v1/auth/login', {
      key: null,
      body: { email: address, password: 'reset to this one' },
    });
    expect(login.status).toBe(200);
    const twice = await s.request('POST', '/v1/auth/password-reset/confirm', {
      key: null,
      body: { token, new_password: 'and again another' },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.code).toBe('INVALID_TOKEN');
  });
});
