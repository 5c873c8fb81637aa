import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../core/errors.js';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

describe('auth, users, members, invites', () => {
  it('a client without a key calls the public routes without Authorization', async () => {
    server = await startFakeServer((req, res) =>
      req.path === '/v1/auth/refresh'
        ? sendJson(res, 200, { tokens: { access_token: 'wagw_at_new' } })
        : sendJson(res, 200, { ok: true }),
    );
    const wagw = server.client({ apiKey: undefined });
    await wagw.auth.register({ email: 'a@b.co', password: 'long enough pw', name: 'A', tenant_name: 'T' });
    await wagw.auth.login({ email: 'a@b.co', password: 'long enough pw' });
    expect((await wagw.auth.refresh('wagw_rt_x')).access_token).toBe('wagw_at_new');
    await wagw.auth.requestPasswordReset('a@b.co');
    await wagw.auth.confirmPasswordReset({ token: 'wagw_pr_x', new_password: 'long enough pw' });
    await wagw.invites.accept({ token: 'wagw_iv_x', name: 'A', password: 'long enough pw' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/auth/register',
      'POST /v1/auth/login',
      'POST /v1/auth/refresh',
      'POST /v1/auth/password-reset',
      'POST /v1/auth/password-reset/confirm',
      'POST /v1/invites/accept',
    ]);
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('an authenticated call without a key fails with AuthenticationError', async () => {
    server = await startFakeServer((_req, res) => sendError(res, 401, 'UNAUTHENTICATED'));
    const wagw = server.client({ apiKey: undefined });
    await expect(wagw.users.me()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('calls each authenticated route with its method and path', async () => {
    server = await startFakeServer((req, res) =>
      req.method === 'GET' && !req.path.endsWith('/me')
        ? sendJson(res, 200, { data: [], has_more: false })
        : sendJson(res, 200, { id: 'x', ok: true }),
    );
    const wagw = server.client({ apiKey: 'wagw_at_token' });
    await wagw.auth.logout();
    await wagw.auth.sessions();
    await wagw.auth.revokeSession('lgs_1');
    await wagw.auth.changePassword({ current_password: 'a', new_password: 'b' });
    await wagw.users.me();
    await wagw.users.updateMe({ name: 'N' });
    await wagw.users.listAll();
    await wagw.members.list();
    await wagw.members.update('usr_1', { role: 'admin' });
    await wagw.members.remove('usr_1');
    await wagw.members.createServiceAccount({ name: 'bot' });
    await wagw.members.listServiceAccounts();
    await wagw.invites.create({ email: 'a@b.co' });
    await wagw.invites.list();
    await wagw.invites.revoke('ivt_1');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/auth/logout',
      'GET /v1/auth/sessions',
      'DELETE /v1/auth/sessions/lgs_1',
      'POST /v1/auth/password',
      'GET /v1/users/me',
      'PATCH /v1/users/me',
      'GET /v1/admin/users',
      'GET /v1/members',
      'PATCH /v1/members/usr_1',
      'DELETE /v1/members/usr_1',
      'POST /v1/service-accounts',
      'GET /v1/service-accounts',
      'POST /v1/invites',
      'GET /v1/invites',
      'DELETE /v1/invites/ivt_1',
    ]);
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer wagw_at_token')).toBe(true);
  });
});
