import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../create-server.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { eventually } from '../testing/test-server.js';

/**
 * Sessions that should run come back after a restart, and messages accepted while nothing could
 * send them (a crash right after the 202) are sent exactly once afterwards.
 */
describe.each(testDialects())('restart recovery on %s', (dialect) => {
  let db: TestDatabase;
  const open: WagwServer[] = [];

  const boot = async (start = true) => {
    const server = await createServer({
      ...db.config,
      start,
      sandbox: { stepMs: 10 },
      logger: pino({ level: 'silent' }),
    });
    open.push(server);
    return server;
  };

  afterEach(async () => {
    for (const s of open.splice(0)) await s.app.close().catch(() => undefined);
    await db.cleanup();
  });

  it('a connected session reconnects without pairing, and a queued message is sent once', async () => {
    db = testDatabase(dialect);
    const first = await boot();
    const { apiKey } = await first.gateway.tenants.initAdmin();
    const auth = { authorization: `Bearer ${apiKey}` };
    const req = (s: WagwServer, method: 'GET' | 'POST', url: string, payload?: object) =>
      s.app.inject({ method, url, headers: auth, ...(payload && { payload }) }).then((r) => r.json());

    const session = await req(first, 'POST', '/v1/sessions', { auto_pair: true });
    await eventually(async () =>
      (await req(first, 'GET', `/v1/sessions/${session.id}`)).status === 'connected' ? 1 : undefined,
    );
    const phone = (await req(first, 'GET', `/v1/sessions/${session.id}`)).phone;
    await first.app.close();

    // A server that accepts but never runs its workers: the 202 is all that happened before the "crash".
    const crashed = await boot(false);
    const accepted = await req(crashed, 'POST', `/v1/sessions/${session.id}/messages`, {
      type: 'text',
      to: '+14155550000',
      text: 'survives',
    });
    expect(accepted.status).toBe('queued');
    await crashed.app.close();

    const restarted = await boot();
    const back = await eventually(async () => {
      const s = await req(restarted, 'GET', `/v1/sessions/${session.id}`);
      return s.status === 'connected' ? s : undefined;
    });
    expect(back.phone).toBe(phone); // no new pairing
    const read = await eventually(async () => {
      const m = await req(restarted, 'GET', `/v1/messages/${accepted.id}`);
      return m.status === 'read' ? m : undefined;
    });
    expect(read.sent_at).not.toBeNull();
    const sends = await restarted.gateway.storage.engineState.list(session.id, 'send-log');
    expect([...sends.keys()].filter((k) => k.startsWith(accepted.wa_message_id))).toHaveLength(1);
    const events = await req(restarted, 'GET', `/v1/events?session_id=${session.id}&type=message.sent`);
    expect(events.data.filter((e: { data: { id: string } }) => e.data.id === accepted.id)).toHaveLength(1);
  });

  it('refuses to start with a master key that does not match the database', async () => {
    db = testDatabase(dialect);
    const first = await boot();
    await first.app.close();
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    await expect(
      createServer({ ...db.config, masterKey: wrongKey, logger: pino({ level: 'silent' }) }),
    ).rejects.toThrow(/master key does not match/);
  });
});
