import { afterEach, describe, expect, it, vi } from 'vitest';
import { Storage } from '../storage/storage.js';
import { captureEngine } from '../testing/capture-engine.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { type EngineServer, engineServer } from '../testing/engine-server.js';
import { eventually } from '../testing/test-server.js';
import { backoffDelay } from './backoff.js';

/**
 * A send is an external side effect: once the engine took a message, it must never be handed to it
 * again, whatever storage does afterwards; and a send that may have happened before a crash is
 * repeated only with the same WhatsApp id, flagged as a possible duplicate.
 */
describe.each(testDialects())('send durability on %s', (dialect) => {
  let db: TestDatabase;
  const servers: EngineServer[] = [];

  afterEach(async () => {
    vi.restoreAllMocks();
    for (const s of servers.splice(0)) await s.app.close().catch(() => undefined);
    await db.cleanup();
  });

  const boot = async (...args: Parameters<typeof engineServer> extends [unknown, ...infer R] ? R : never) => {
    const server = await engineServer(db, ...args);
    servers.push(server);
    return server;
  };

  const connectedSession = async (s: EngineServer) => {
    const { body } = await s.call('POST', '/v1/sessions', { engine: 'capture' });
    await eventually(async () =>
      (await s.call('GET', `/v1/sessions/${body.id}`)).body.status === 'connected' ? true : undefined,
    );
    return body.id as string;
  };

  const sentEvents = async (s: EngineServer, sessionId: string, messageId: string) => {
    const events = await s.call('GET', `/v1/events?session_id=${sessionId}&type=message.sent&limit=100`);
    return events.body.data.filter((e: { data: { id: string } }) => e.data.id === messageId).length;
  };

  it('storage failing right after the engine took a message: sent once, recorded once storage is back', async () => {
    db = testDatabase(dialect);
    const capture = captureEngine({ ackSends: true });
    const s = await boot([capture.engine]);
    const sessionId = await connectedSession(s);

    // From the engine's send on, every write transaction fails (reads still work), as on a full disk.
    let failing = false;
    let refused = 0;
    const transaction = Storage.prototype.transaction;
    vi.spyOn(Storage.prototype, 'transaction').mockImplementation(function (this: Storage, fn) {
      if (!failing) return transaction.call(this, fn) as never;
      refused++;
      return Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    });
    capture.onSend = () => {
      failing = true;
      capture.onSend = undefined;
    };

    const accepted = await s.call('POST', `/v1/sessions/${sessionId}/messages`, {
      type: 'text',
      to: '+14155550000',
      text: 'exactly once',
    });
    expect(accepted.status).toBe(202);
    // The runtime keeps trying to record the send (and its ack) while storage refuses…
    await eventually(async () => (refused >= 8 ? true : undefined));
    // …and never hands the message to the engine again.
    expect(capture.sent.map((m) => m.waMessageId)).toEqual([accepted.body.wa_message_id]);

    failing = false;
    const sent = await eventually(async () => {
      const m = await s.call('GET', `/v1/messages/${accepted.body.id}`);
      return m.body.status === 'sent' ? m.body : undefined;
    });
    expect(sent.sent_at).not.toBeNull();
    await eventually(async () =>
      (await s.gateway.storage.jobs.countForSession('message.send', sessionId)) === 0 ? true : undefined,
    );
    expect(capture.sent).toHaveLength(1);
    expect(await sentEvents(s, sessionId, accepted.body.id)).toBe(1);

    // The session goes on sending normally.
    const next = await s.call('POST', `/v1/sessions/${sessionId}/messages`, {
      type: 'text',
      to: '+14155550000',
      text: 'and the next one',
    });
    await eventually(async () =>
      (await s.call('GET', `/v1/messages/${next.body.id}`)).body.status === 'sent' ? true : undefined,
    );
    expect(capture.sent).toHaveLength(2);
  }, 60_000);

  it('a job marked as handed over before a crash is sent once more, same id, flagged as a resend', async () => {
    db = testDatabase(dialect);
    const first = await boot([captureEngine().engine], { start: false });
    const { body: session } = await first.call('POST', '/v1/sessions', { engine: 'capture', start: false });
    const accepted = await first.call('POST', `/v1/sessions/${session.id}/messages`, {
      type: 'text',
      to: '+14155550000',
      text: 'maybe out already',
    });
    const acked = await first.call('POST', `/v1/sessions/${session.id}/messages`, {
      type: 'text',
      to: '+14155550000',
      text: 'certainly out',
    });
    // What a crash between the write-ahead mark and the completion leaves behind: both marked, and
    // for the second the network's ack was recorded before the crash.
    const storage = first.gateway.storage;
    const jobs = await storage.jobs.listForSession('message.send', session.id);
    for (const job of jobs) await storage.jobs.markHanded(job.id, Date.now());
    await first.gateway.messages.applyStatus(session.id, acked.body.wa_message_id, 'sent', Date.now());
    await storage.sessions.update(session.id, { desiredState: 'running' }, Date.now());
    await first.app.close();

    const capture = captureEngine({ ackSends: true });
    const again = await boot([capture.engine], { key: first.key });
    await eventually(async () =>
      (await again.call('GET', `/v1/messages/${accepted.body.id}`)).body.status === 'sent' ? true : undefined,
    );
    await eventually(async () =>
      (await again.gateway.storage.jobs.countForSession('message.send', session.id)) === 0 ? true : undefined,
    );
    expect(capture.sent).toEqual([
      expect.objectContaining({ waMessageId: accepted.body.wa_message_id, resend: true }),
    ]);
    expect(await sentEvents(again, session.id, accepted.body.id)).toBe(1);
    expect(await sentEvents(again, session.id, acked.body.id)).toBe(1);
  });
});

describe('storage retry back-off', () => {
  it('grows from the base to the cap, with jitter', () => {
    const options = { baseMs: 100, maxMs: 5000 };
    const samples = (attempt: number) => Array.from({ length: 50 }, () => backoffDelay(attempt, options));
    for (const d of samples(1)) expect(d).toBeGreaterThanOrEqual(80);
    for (const d of samples(1)) expect(d).toBeLessThanOrEqual(120);
    for (const d of samples(4)) expect(d).toBeGreaterThanOrEqual(640);
    for (const d of samples(40)) expect(d).toBeLessThanOrEqual(6000);
    for (const d of samples(40)) expect(d).toBeGreaterThanOrEqual(4000);
  });
});
