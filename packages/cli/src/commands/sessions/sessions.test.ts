import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { authError, page, session } from '../../testing/fixtures.js';
import { run as create } from './create.js';
import { run as remove } from './delete.js';
import { run as get } from './get.js';
import { run as lifecycle } from './lifecycle.js';
import { run as list } from './list.js';

describe('wagw sessions', () => {
  it('create sends only the given fields and prints the session and the next step', async () => {
    const sessions = { create: vi.fn(async () => session({ status: 'starting', phone: null })) };
    const ctx = fakeContext({ client: { sessions } });
    await create({ name: 'support', engine: 'sandbox', autoPair: true, start: true }, ctx);
    expect(sessions.create).toHaveBeenCalledWith({ name: 'support', engine: 'sandbox', auto_pair: true });
    expect(ctx.stdoutText()).toMatch(/^id:\s+ses_1$/m);
    expect(ctx.stdoutText()).toMatch(/^status:\s+starting$/m);
    expect(ctx.stderrText()).toContain('wagw sessions pair ses_1 --scan');
  });

  it('create --no-start --json', async () => {
    const sessions = { create: vi.fn(async () => session({ status: 'stopped' })) };
    const ctx = fakeContext({ client: { sessions } });
    await create({ start: false, json: true }, ctx);
    expect(sessions.create).toHaveBeenCalledWith({ start: false });
    expect(JSON.parse(ctx.stdoutText())).toEqual(session({ status: 'stopped' }));
    expect(ctx.stderrText()).toBe('');
  });

  it('list prints a table, or the page as JSON', async () => {
    const rows = [session(), session({ id: 'ses_2', name: 'sales', status: 'scan_qr', phone: null })];
    const sessions = { list: vi.fn(() => page(rows, true)) };
    const ctx = fakeContext({ client: { sessions } });
    await list({ limit: 2 }, ctx);
    expect(sessions.list).toHaveBeenCalledWith({ limit: 2 });
    const lines = ctx.stdoutText().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATUS\s+PHONE\s+ENGINE\s+CREATED$/);
    expect(lines[1]).toMatch(/^ses_1\s+support\s+connected\s+\+15550001111\s+sandbox/);
    expect(lines[2]).toMatch(/^ses_2\s+sales\s+scan_qr\s+-\s+sandbox/);
    expect(ctx.stderrText()).toContain('raise --limit');

    const json = fakeContext({ client: { sessions } });
    await list({ json: true }, json);
    expect(JSON.parse(json.stdoutText())).toEqual({ data: rows, has_more: true });
  });

  it('list says so when there are no sessions', async () => {
    const ctx = fakeContext({ client: { sessions: { list: () => page([]) } } });
    await list({}, ctx);
    expect(ctx.stdoutText()).toContain('No sessions yet');
  });

  it('get, start, stop, restart, logout and delete call the matching SDK method', async () => {
    const sessions = {
      get: vi.fn(async (id: string) => session({ id })),
      start: vi.fn(async (id: string) => session({ id, status: 'starting' })),
      stop: vi.fn(async (id: string) => session({ id, status: 'stopped' })),
      restart: vi.fn(async (id: string) => session({ id, status: 'starting' })),
      logout: vi.fn(async (id: string) => session({ id, status: 'logged_out', phone: null })),
      delete: vi.fn(async (id: string) => ({ id, deleted: true as const })),
    };
    const ctx = fakeContext({ client: { sessions } });
    await get({ id: 'ses_a', json: true }, ctx);
    expect(JSON.parse(ctx.stdoutText())).toMatchObject({ id: 'ses_a' });
    for (const action of ['start', 'stop', 'restart', 'logout'] as const) {
      await lifecycle({ id: 'ses_b', action }, ctx);
      expect(sessions[action]).toHaveBeenCalledWith('ses_b');
    }
    expect(ctx.stdoutText()).toMatch(/^status:\s+logged_out$/m);
    await remove({ id: 'ses_c' }, ctx);
    expect(ctx.stdoutText()).toContain('Deleted session ses_c.');
    const json = fakeContext({ client: { sessions } });
    await remove({ id: 'ses_c', json: true }, json);
    expect(JSON.parse(json.stdoutText())).toEqual({ id: 'ses_c', deleted: true });
  });

  it('exits 4 with a login hint when the API rejects the key', async () => {
    const ctx = fakeContext({
      client: {
        sessions: {
          list: () => Promise.reject(authError()),
        },
      },
    });
    expect(await exec(ctx, () => list({}, ctx))).toBe(4);
    expect(ctx.stderrText()).toContain('error: UNAUTHENTICATED: Invalid API key. (request req_123)');
    expect(ctx.stderrText()).toContain('wagw login');
  });

  it('exits 4 before calling the API when not logged in', async () => {
    const sessions = { list: vi.fn() };
    const ctx = fakeContext({ client: { sessions }, profile: null });
    expect(await exec(ctx, () => list({}, ctx))).toBe(4);
    expect(sessions.list).not.toHaveBeenCalled();
    expect(ctx.stderrText()).toMatch(
      /^error: not logged in: no server URL configured\nhint: run `wagw login`/,
    );
  });

  it('uses --url / --api-key over the profile', async () => {
    const ctx = fakeContext({ client: { sessions: { list: () => page([]) } } });
    await list({ url: 'http://flag', apiKey: 'key_flag' }, ctx);
    expect(ctx.clientsCreated).toEqual([{ url: 'http://flag', apiKey: 'key_flag' }]);
  });
});
