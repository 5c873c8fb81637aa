import { type Simulator, startSimulator } from '@wagw/wa-sim';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../config/config-schema.js';
import { createServer, type WagwServer } from '../../create-server.js';
import { type CapturedLogs, captureLogs } from '../../http/testing/capture-logs.js';
import { type TestDatabase, testDatabase } from '../../testing/dialects.js';
import { eventually } from '../../testing/test-server.js';
import { UNPACED } from '../../testing/unpaced.js';
import { type WebhookReceiver, webhookReceiver } from '../../testing/webhook-receiver.js';

/**
 * The real Baileys client inside the real server, against the local WhatsApp simulator: pairing,
 * resuming after a restart, sends with receipts and signed webhooks, inbound messages with both
 * identities, refused sends, and every kind of disconnect. SQLite only: what is under test here is
 * the engine, not the dialect.
 */

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
type Body = any;

const LONG = 30_000;

describe('baileys engine against wa-sim', () => {
  let sim: Simulator;
  let db: TestDatabase;
  let config: ConfigInput;
  let server: WagwServer;
  /** The main server's log: the engine logs each decision it takes when a connection closes. */
  let logs: CapturedLogs;
  let adminKey: string;
  let hooks: WebhookReceiver;
  let secret: string;
  /** The session paired in the first test and used by the following ones. */
  let sessionId: string;
  const account = '15550100001';

  const boot = async () => {
    server = await createServer({ ...config, logger: logs.logger });
    return server;
  };

  const request = async (method: 'GET' | 'POST', url: string, body?: object): Promise<Body> => {
    const res = await server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${adminKey}` },
      ...(body && { payload: body }),
    });
    return { ...res.json(), http: res.statusCode };
  };

  const session = (id: string) => request('GET', `/v1/sessions/${id}`);
  const waitStatus = (id: string, status: string, timeoutMs = LONG) =>
    eventually(async () => {
      const s = await session(id);
      return s.status === status ? s : undefined;
    }, timeoutMs);

  /** Creates a baileys session, reads its QR through the API and lets the simulated phone scan it. */
  const pair = async (phone: string) => {
    const created = await request('POST', '/v1/sessions', { engine: 'baileys' });
    expect(created.http).toBe(201);
    const qr = await eventually(async () => {
      const r = await request('GET', `/v1/sessions/${created.id}/qr`);
      return r.http === 200 ? r : undefined;
    }, LONG);
    await sim.scanQr(qr.qr, { phone });
    const connected = await waitStatus(created.id, 'connected');
    expect(connected.phone).toBe(`+${phone}`);
    return created.id as string;
  };

  const sendText = (id: string, to: string, text: string) =>
    request('POST', `/v1/sessions/${id}/messages`, { type: 'text', to, text });

  const message = (id: string) => request('GET', `/v1/messages/${id}`);

  /** A second server on its own data dir with other Baileys timings, for tests that need them. */
  const withServer = async (
    name: string,
    baileys: ConfigInput['baileys'],
    test: (api: {
      server: WagwServer;
      get(url: string): Promise<Body>;
      create(): Promise<Body>;
    }) => Promise<void>,
  ) => {
    const other = await createServer({
      ...config,
      dataDir: `${db.dataDir}/${name}`,
      baileys: { ...config.baileys, ...baileys },
      logger: pino({ level: 'silent' }),
    });
    try {
      const headers = { authorization: `Bearer ${(await other.gateway.tenants.initAdmin()).apiKey!}` };
      const get = async (url: string) => {
        const res = await other.app.inject({ url, headers });
        return { ...res.json(), http: res.statusCode } as Body;
      };
      const create = async () =>
        (
          await other.app.inject({
            method: 'POST',
            url: '/v1/sessions',
            headers,
            payload: { engine: 'baileys' },
          })
        ).json() as Body;
      await test({ server: other, get, create });
    } finally {
      await other.app.close();
    }
  };

  const accountLid = () => sim.state().accounts.find((a) => a.phone === account)?.lid;

  const waitMessage = (id: string, status: string) =>
    eventually(async () => {
      const m = await message(id);
      return m.status === status ? m : undefined;
    }, LONG);

  /** How many events of `type` the message has (each status step must be reported exactly once). */
  const eventCount = async (messageId: string, type: string) => {
    const events = await request('GET', `/v1/events?session_id=${sessionId}&type=${type}`);
    return events.data.filter((e: Body) => e.data.id === messageId).length;
  };

  beforeAll(async () => {
    sim = await startSimulator();
    db = testDatabase('sqlite');
    config = {
      ...db.config,
      waUrl: sim.url,
      baileys: {
        backoffBaseMs: 200,
        backoffMaxMs: 1000,
        replacedBackoffMs: 60_000,
        rootPublicKey: sim.rootPublicKey.toString('hex'),
      },
      sessions: { leaseTtlMs: 5000, renewIntervalMs: 1000, pacing: UNPACED, reachOutHoldMs: 300 },
      webhooks: { allowPrivateTargets: true, retryScheduleSeconds: [0, 0.2, 0.4], pollIntervalMs: 50 },
    };
    logs = captureLogs();
    await boot();
    adminKey = (await server.gateway.tenants.initAdmin()).apiKey!;
    hooks = await webhookReceiver();
    const hook = await request('POST', '/v1/webhooks', { url: hooks.url, events: ['message.*'] });
    secret = hook.secret;
  }, LONG);

  afterAll(async () => {
    await server?.app.close().catch(() => undefined);
    await hooks?.close();
    await sim?.close();
    await db?.cleanup();
  }, LONG);

  it(
    'pairs by QR through the API, and a restarted server resumes without a QR',
    async () => {
      sessionId = await pair(account);
      const creds = await server.gateway.storage.engineState.list(sessionId, 'creds');
      expect(creds.size).toBe(1);

      await server.app.close();
      await boot();
      await waitStatus(sessionId, 'connected');
      const events = await request('GET', `/v1/events?session_id=${sessionId}&type=session.status`);
      const statuses = [...events.data]
        .sort((a: Body, b: Body) => a.sequence - b.sequence)
        .map((e: Body) => e.data.status);
      // One scan_qr, during the first pairing; none after the restart.
      expect(statuses.filter((s: string) => s === 'scan_qr')).toHaveLength(1);
      expect(statuses.at(-1)).toBe('connected');
      expect(sim.devices(account)).toHaveLength(1);
    },
    LONG * 2,
  );

  it(
    'sends a text: sent, delivered, read, with signed webhooks for each and the recipient LID',
    async () => {
      sim.addContact({ phone: '15550200001', behaviour: 'auto-read', receiptDelayMs: 50 });
      const accepted = await sendText(sessionId, '+15550200001', 'hello from wagw');
      expect(accepted.http).toBe(202);
      const read = await eventually(async () => {
        const m = await message(accepted.id);
        return m.status === 'read' ? m : undefined;
      }, LONG);
      expect(read.sent_at).not.toBeNull();
      expect(read.delivered_at).not.toBeNull();
      expect(read.to_lid).toMatch(/^\d+@lid$/);
      // The session's own LID, from its credentials: the simulator's account LID.
      expect(read.from_lid).toBe(`${accountLid()}@lid`);

      const payloads = await eventually(async () => {
        const mine = hooks.received
          .map((h) => ({ h, p: new Webhook(secret).verify(h.body, h.headers) as Body }))
          .filter(({ p }) => p.data.id === accepted.id);
        return mine.length >= 3 ? mine.map(({ p }) => p) : undefined;
      }, LONG);
      expect(payloads.map((p) => p.type)).toEqual(['message.sent', 'message.delivered', 'message.read']);
      const relayed = sim.messages().filter((m) => m.id === accepted.wa_message_id);
      expect(relayed).toHaveLength(1);
      expect(relayed[0]).toMatchObject({ to: '15550200001', text: 'hello from wagw' });
    },
    LONG * 2,
  );

  it(
    'an inbound text becomes message.received with the sender phone and LID',
    async () => {
      const { id } = sim.injectInbound({ to: account, from: '15550200002', text: 'hi gateway' });
      const received = await eventually(async () => {
        const list = await request('GET', `/v1/sessions/${sessionId}/messages`);
        return list.data.find((m: Body) => m.wa_message_id === id);
      }, LONG);
      expect(received).toMatchObject({
        direction: 'inbound',
        status: 'received',
        from: '+15550200002',
        to: `+${account}`,
        text: 'hi gateway',
      });
      expect(received.from_lid).toMatch(/^\d+@lid$/);
      expect(received.to_lid).toBe(`${accountLid()}@lid`);
      const hook = await eventually(async () =>
        hooks.received
          .map((h) => new Webhook(secret).verify(h.body, h.headers) as Body)
          .find((p) => p.type === 'message.received' && p.data.wa_message_id === id),
      );
      expect(hook.data).toMatchObject({ from: '+15550200002', from_lid: received.from_lid });
    },
    LONG,
  );

  it(
    'a 463 holds the message (not failed) and it goes once the hold has passed; three 463s fail it',
    async () => {
      sim.addContact({ phone: '15550200003', behaviour: 'auto-read' });
      sim.failNextSends(account, 463, 1);
      const accepted = await sendText(sessionId, '+15550200003', 'refused once');
      const read = await eventually(async () => {
        const m = await message(accepted.id);
        return m.status === 'read' ? m : undefined;
      }, LONG);
      expect(read.error).toBeNull();
      const copies = sim.messages().filter((m) => m.id === accepted.wa_message_id);
      expect(copies.map((m) => m.ackError)).toEqual([463, undefined]);

      sim.addContact({ phone: '15550200013', behaviour: 'auto-read' });
      sim.failNextSends(account, 463, 3);
      const refused = await sendText(sessionId, '+15550200013', 'refused thrice');
      const failed = await eventually(async () => {
        const m = await message(refused.id);
        return m.status === 'failed' ? m : undefined;
      }, LONG);
      expect(failed.error.code).toBe('WA_463');
      expect(failed.sent_at).toBeNull();
      expect(sim.messages().filter((m) => m.id === refused.wa_message_id)).toHaveLength(3);
    },
    LONG,
  );

  it(
    'a transient disconnect comes back to connected by itself; a send queued meanwhile goes out once',
    async () => {
      sim.addContact({ phone: '15550200004', behaviour: 'auto-deliver' });
      expect(sim.disconnect(account)).toBe(1);
      await waitStatus(sessionId, 'disconnected');
      const accepted = await sendText(sessionId, '+15550200004', 'queued while away');
      await waitStatus(sessionId, 'connected');
      const delivered = await eventually(async () => {
        const m = await message(accepted.id);
        return m.status === 'delivered' ? m : undefined;
      }, LONG);
      expect(delivered.sent_at).not.toBeNull();
      expect(sim.messages().filter((m) => m.id === accepted.wa_message_id)).toHaveLength(1);
      const sent = await request('GET', `/v1/events?session_id=${sessionId}&type=message.sent`);
      expect(sent.data.filter((e: Body) => e.data.id === accepted.id)).toHaveLength(1);
    },
    LONG * 2,
  );

  it(
    'a recipient that could not decrypt asks for a retry: Baileys sends the same text again, read once',
    async () => {
      sim.addContact({ phone: '15550200005', behaviour: 'auto-read', receiptDelayMs: 50, retryRequests: 1 });
      const accepted = await sendText(sessionId, '+15550200005', 'once more, with feeling');
      await waitMessage(accepted.id, 'read');
      const relayed = sim.messages().filter((m) => m.id === accepted.wa_message_id);
      expect(relayed).toHaveLength(1);
      expect(relayed[0]).toMatchObject({ text: 'once more, with feeling', retryRequests: 1 });
      expect(relayed[0]?.resends).toEqual([{ at: expect.any(Number), text: 'once more, with feeling' }]);
      expect(await eventCount(accepted.id, 'message.delivered')).toBe(1);
      expect(await eventCount(accepted.id, 'message.read')).toBe(1);
    },
    LONG,
  );

  it(
    'a retry receipt after a server restart is answered from the message table (getMessage)',
    async () => {
      sim.addContact({ phone: '15550200006', behaviour: 'never-deliver' });
      const accepted = await sendText(sessionId, '+15550200006', 'kept in the database');
      await waitMessage(accepted.id, 'sent');
      // A new process: Baileys' in-memory cache of recent sends is gone, only getMessage can answer.
      await server.app.close();
      await boot();
      await waitStatus(sessionId, 'connected');
      sim.addContact({ phone: '15550200006', behaviour: 'auto-read', receiptDelayMs: 50 });
      sim.requestRetry(accepted.wa_message_id);
      const read = await waitMessage(accepted.id, 'read');
      expect(read.delivered_at).not.toBeNull();
      const relayed = sim.messages().filter((m) => m.id === accepted.wa_message_id);
      expect(relayed).toHaveLength(1);
      expect(relayed[0]?.resends).toEqual([{ at: expect.any(Number), text: 'kept in the database' }]);
      expect(await eventCount(accepted.id, 'message.sent')).toBe(1);
      expect(await eventCount(accepted.id, 'message.delivered')).toBe(1);
      expect(await eventCount(accepted.id, 'message.read')).toBe(1);
    },
    LONG * 2,
  );

  it(
    'pairs by phone-number code typed into the simulated phone; logging out unlinks the device and forgets credentials',
    async () => {
      const created = await request('POST', '/v1/sessions', { engine: 'baileys' });
      await waitStatus(created.id, 'scan_qr');
      const code = await request('POST', `/v1/sessions/${created.id}/pairing-code`, {
        phone: '+15550100002',
      });
      expect(code.http).toBe(200);
      expect(code.code).toMatch(/^[A-Z0-9]{8}$/);
      await sim.enterPairingCode('15550100002', code.code);
      const linked = await waitStatus(created.id, 'connected');
      expect(linked.phone).toBe('+15550100002');
      await request('POST', `/v1/sessions/${created.id}/stop`);

      const other = await pair('15550100003');
      const out = await request('POST', `/v1/sessions/${other}/logout`);
      expect(out).toMatchObject({ http: 200, status: 'logged_out' });
      expect((await server.gateway.storage.engineState.list(other, 'creds')).size).toBe(0);
      await eventually(async () => (sim.devices('15550100003').length === 0 ? true : undefined));
    },
    LONG * 2,
  );

  it(
    'unscanned QR codes expire: stopped with qr_expired, and no new QR until asked',
    async () => {
      await withServer('qr', { qrTimeoutMs: 150 }, async ({ server: quick, get, create }) => {
        const created = await create();
        const stopped = await eventually(async () => {
          const s = await get(`/v1/sessions/${created.id}`);
          return s.status === 'stopped' ? s : undefined;
        }, LONG);
        expect(stopped.status_reason).toBe('qr_expired');
        const events = await get(`/v1/events?session_id=${created.id}&type=session.status`);
        expect(events.data.map((e: Body) => e.data.status)).toContain('scan_qr');
        expect((await quick.gateway.storage.sessions.getById(created.id))?.desiredState).toBe('stopped');
      });
    },
    LONG,
  );

  it(
    '440 (connection replaced) is not fought: disconnected, and no reconnect for the back-off',
    async () => {
      const before = logs.lines.length;
      expect(sim.kick(account, 440)).toBe(1);
      const s = await waitStatus(sessionId, 'disconnected');
      expect(s.status_reason).toBe('connection_replaced');
      // What the engine decided, logged as it set its timer (before it reported the status): one
      // retry after the whole back-off (replacedBackoffMs, 60 s), not the transient one (≤ 1 s).
      const decisions = logs.lines
        .slice(before)
        .filter((l) => l.msg === 'baileys: connection closed' && l.session === sessionId);
      expect(decisions).toMatchObject([
        { code: 440, action: 'reconnect', reason: 'connection_replaced', delayMs: 60_000 },
      ]);
      expect(sim.devices(account).some((d) => d.connected)).toBe(false);
      expect((await session(sessionId)).status).toBe('disconnected');
      // Asking for it explicitly brings it back (same credentials, no QR).
      await request('POST', `/v1/sessions/${sessionId}/restart`);
      await waitStatus(sessionId, 'connected');
    },
    LONG * 2,
  );

  it(
    'after one retry, a second 440 stops the session instead of fighting for it',
    async () => {
      await withServer('replaced', { replacedBackoffMs: 300 }, async ({ server: quick, get, create }) => {
        const statusOf = (id: string, status: string) =>
          eventually(async () => {
            const s = await get(`/v1/sessions/${id}`);
            return s.status === status ? s : undefined;
          }, LONG);
        const created = await create();
        const qr = await eventually(async () => {
          const r = await get(`/v1/sessions/${created.id}/qr`);
          return r.http === 200 ? r : undefined;
        }, LONG);
        await sim.scanQr(qr.qr, { phone: '15550100004' });
        await statusOf(created.id, 'connected');

        expect(sim.kick('15550100004', 440)).toBe(1);
        await statusOf(created.id, 'disconnected');
        await statusOf(created.id, 'connected'); // the one retry
        expect(sim.kick('15550100004', 440)).toBe(1);
        const stopped = await statusOf(created.id, 'stopped');
        expect(stopped.status_reason).toBe('connection_replaced');
        // Nothing is left that could reconnect: the session should stay stopped (stored with the
        // status, so no supervisor tick starts it again), and its runtime, the engine's reconnect
        // timer with it, is gone from this server.
        expect((await quick.gateway.storage.sessions.getById(created.id))?.desiredState).toBe('stopped');
        await eventually(async () =>
          quick.gateway.manager.localSessionIds.includes(created.id) ? undefined : true,
        );
        expect(sim.devices('15550100004').some((d) => d.connected)).toBe(false);
        expect((await quick.gateway.storage.engineState.list(created.id, 'creds')).size).toBe(1); // kept
      });
    },
    LONG * 2,
  );

  it(
    '401 from the phone: logged_out, credentials gone, no reconnect',
    async () => {
      expect(sim.kick(account, 401)).toBe(1);
      const s = await waitStatus(sessionId, 'logged_out');
      expect(s.status_reason).toMatch(/logged_out/);
      await eventually(async () => {
        const left = await server.gateway.storage.engineState.list(sessionId, 'creds');
        return left.size === 0 ? true : undefined;
      });
      const row = await server.gateway.storage.sessions.getById(sessionId);
      expect(row?.desiredState).toBe('stopped');
      expect(server.gateway.manager.localSessionIds).not.toContain(sessionId);
    },
    LONG,
  );
});
