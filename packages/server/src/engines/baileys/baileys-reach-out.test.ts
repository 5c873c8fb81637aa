import { type Simulator, startSimulator } from '@wagw/wa-sim';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../../create-server.js';
import { type TestDatabase, testDatabase } from '../../testing/dialects.js';
import { eventually } from '../../testing/test-server.js';

/**
 * WhatsApp's reach-out timelock end to end: the API, the gateway and the real Baileys engine
 * against wa-sim. Sends to new chats wait while the lock lasts (announced as session.rate_limited),
 * open chats go on, and the held messages go out once — when it lifts. SQLite only.
 */

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
type Body = any;

const LONG = 30_000;

describe("WhatsApp's reach-out timelock through the gateway on Baileys and wa-sim", () => {
  let sim: Simulator;
  let db: TestDatabase;
  let server: WagwServer;
  let key: string;
  let sessionId: string;
  const account = '15550720001';
  const friend = '15550720002';
  const stranger = '15550720003';
  const another = '15550720004';

  const request = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: object): Promise<Body> => {
    const res = await server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(body && { payload: body }),
    });
    return { ...res.json(), http: res.statusCode };
  };
  const send = async (to: string, text: string): Promise<Body> => {
    const sent = await request('POST', `/v1/sessions/${sessionId}/messages`, {
      type: 'text',
      to: `+${to}`,
      text,
    });
    expect(sent.http).toBe(202);
    return sent;
  };
  const reaches = (id: string, status: string) =>
    eventually(async () => {
      const m = await request('GET', `/v1/messages/${id}`);
      return m.status === status ? m : undefined;
    }, LONG);
  const limits = async (): Promise<Body[]> =>
    (await request('GET', `/v1/events?session_id=${sessionId}&type=session.rate_limited&limit=100`)).data;
  const connected = () =>
    eventually(async () => {
      const s = await request('GET', `/v1/sessions/${sessionId}`);
      return s.status === 'connected' ? s : undefined;
    }, LONG);
  /** What the account's sends to `phone` became on the network: the refused ones carry the 463. */
  const onNetwork = (phone: string) => sim.messages().filter((m) => m.from === account && m.to === phone);

  beforeAll(async () => {
    sim = await startSimulator();
    for (const phone of [friend, stranger, another]) {
      sim.addContact({ phone, behaviour: 'auto-read', receiptDelayMs: 20 });
    }
    db = testDatabase('sqlite');
    server = await createServer({
      ...db.config,
      waUrl: sim.url,
      baileys: { backoffBaseMs: 200, backoffMaxMs: 1000, rootPublicKey: sim.rootPublicKey.toString('hex') },
      sessions: {
        leaseTtlMs: 5000,
        renewIntervalMs: 1000,
        pacing: { perMinute: null, newChatsPerHour: null },
      },
      logger: pino({ level: 'silent' }),
    });
    key = (await server.gateway.tenants.initAdmin()).apiKey!;
    sessionId = (await request('POST', '/v1/sessions', { engine: 'baileys' })).id;
    const qr = await eventually(async () => {
      const r = await request('GET', `/v1/sessions/${sessionId}/qr`);
      return r.http === 200 ? r : undefined;
    }, LONG);
    await sim.scanQr(qr.qr, { phone: account });
    await connected();
    await reaches((await send(friend, 'hi, an open chat from now on')).id, 'read');
  }, LONG * 2);

  afterAll(async () => {
    await server?.app.close().catch(() => undefined);
    await sim?.close();
    await db?.cleanup();
  });

  it(
    'a 463 the server did not see coming: the message waits (not failed), new chats hold, then it goes once',
    async () => {
      // The lock starts while the session is away, so the first sign of it is WhatsApp's 463.
      await request('POST', `/v1/sessions/${sessionId}/stop`);
      sim.setReachOutLock(account, { until: new Date(Date.now() + 4000) });
      await request('POST', `/v1/sessions/${sessionId}/start`);
      await connected();
      const held = await send(stranger, 'hello, we have not met');
      await eventually(
        async () => (onNetwork(stranger).some((m) => m.ackError === 463) ? true : undefined),
        LONG,
      );
      const started = await eventually(async () => (await limits()).find((e) => e.data.active), LONG);
      expect(started.data).toMatchObject({
        reason: 'reach_out_timelock',
        scope: 'new_chats',
        session_id: sessionId,
      });
      expect(Date.parse(started.data.until)).toBeGreaterThan(Date.now());
      const pacing = await request('GET', `/v1/sessions/${sessionId}/pacing`);
      expect(pacing.hold).toMatchObject({ reason: 'reach_out_timelock' });
      // Not failed: queued, waiting for the lock to lift. A second new chat waits without trying.
      expect((await request('GET', `/v1/messages/${held.id}`)).status).toBe('queued');
      const second = await send(another, 'me neither');
      // The open chat goes on meanwhile.
      const open = await send(friend, 'still here');
      await reaches(open.id, 'read');
      expect((await request('GET', `/v1/messages/${second.id}`)).status).toBe('queued');
      expect(onNetwork(another)).toEqual([]);

      // WhatsApp lifts the lock (its notification): both go, each exactly once.
      await reaches(held.id, 'read');
      await reaches(second.id, 'read');
      const lifted = (await limits()).filter((e) => !e.data.active);
      expect(lifted).toHaveLength(1);
      expect(lifted[0].data).toMatchObject({ until: null, held: expect.any(Number) });
      expect(onNetwork(stranger).filter((m) => m.ackError === undefined)).toHaveLength(1);
      expect(onNetwork(another)).toHaveLength(1);
      expect((await request('GET', `/v1/sessions/${sessionId}/pacing`)).hold).toBeNull();
      const events = await request('GET', `/v1/events?session_id=${sessionId}&type=message.failed&limit=100`);
      expect(events.data).toEqual([]);
    },
    LONG * 2,
  );

  it(
    'a lock WhatsApp announces: new chats wait without a single 463, and go when it lifts',
    async () => {
      const before = (await limits()).length;
      const newcomer = '15550720005';
      sim.addContact({ phone: newcomer, behaviour: 'auto-read', receiptDelayMs: 20 });
      sim.setReachOutLock(account, { until: new Date(Date.now() + 3000) });
      await eventually(async () => ((await limits()).length > before ? true : undefined), LONG);
      const waiting = await send(newcomer, 'hello');
      await reaches((await send(friend, 'open chat')).id, 'read');
      expect((await request('GET', `/v1/messages/${waiting.id}`)).status).toBe('queued');
      expect(onNetwork(newcomer)).toEqual([]);
      await reaches(waiting.id, 'read');
      expect(onNetwork(newcomer).map((m) => m.ackError)).toEqual([undefined]);
    },
    LONG * 2,
  );
});
