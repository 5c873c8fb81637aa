import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main.js';
import { type LiveServer, startLiveServer } from '../../testing/live-server.js';

/** `wagw contacts` against a real server on the sandbox engine. */
describe('wagw contacts (live)', () => {
  let live: LiveServer;
  let session: string;
  beforeAll(async () => {
    live = await startLiveServer();
    const client = live.client();
    session = (await client.sessions.create({ auto_pair: true })).id;
    for (let i = 0; i < 200 && (await client.sessions.get(session)).status !== 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => live.close());

  const run = async (...args: string[]) => {
    const ctx = live.context();
    const code = await main(['contacts', ...args, '--session', session], ctx);
    return { code, out: ctx.stdoutText(), err: ctx.stderrText() };
  };

  it('checks numbers, then lists and gets the contacts it learned', async () => {
    const check = await run('check', '+14155550100', '+14155550003', '--json');
    expect(check.code, check.err).toBe(0);
    const results = JSON.parse(check.out).data;
    expect(results.map((r: { on_whatsapp: boolean }) => r.on_whatsapp)).toEqual([true, false]);
    const list = await run('list', '--json');
    expect(JSON.parse(list.out).data).toEqual([
      expect.objectContaining({ id: '+14155550100', lid: results[0].lid, blocked: false }),
    ]);
    const get = await run('get', results[0].lid);
    expect(get.out).toMatch(/^phone:\s+\+14155550100$/m);
  });

  it('blocks and unblocks; an unknown contact and a stopped session fail with their codes', async () => {
    expect((await run('block', '+14155550100')).out).toBe('Blocked +14155550100.\n');
    expect(JSON.parse((await run('get', '+14155550100', '--json')).out).blocked).toBe(true);
    expect((await run('unblock', '+14155550100')).out).toBe('Unblocked +14155550100.\n');
    const missing = await run('get', '+14155550999', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.err).error).toMatchObject({ code: 'CONTACT_NOT_FOUND' });
    await live.client().sessions.stop(session);
    const offline = await run('check', '+14155550100', '--json');
    expect(offline.code).toBe(1);
    expect(JSON.parse(offline.err).error).toMatchObject({ code: 'SESSION_NOT_CONNECTED' });
  });
});
