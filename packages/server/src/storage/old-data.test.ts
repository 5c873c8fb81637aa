import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../create-server.js';
import { EVENT_DATA_VERSION } from '../domain/event-data-versions.js';
import { testDatabase, testDialects } from '../testing/dialects.js';
import { eventually } from '../testing/test-server.js';
import { openDatabase } from './open-database.js';

/**
 * Data written by earlier releases stays readable: the database is built migration by migration,
 * with rows written in each release's shapes in between, then opened by the current server and read
 * through the API and the webhooks.
 */

const T0 = Date.parse('2026-11-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A message as the first release rendered it into event data: no to_lid / from_lid. */
function v1Message(status: string, extra: Record<string, unknown> = {}) {
  return {
    id: 'msg_old1',
    session_id: 'ses_old',
    direction: 'outbound',
    type: 'text',
    to: '+14155550000',
    from: '+14155551111',
    text: 'hello from the past',
    status,
    error: null,
    wa_message_id: '3EB0AAAAAAAAAAAAAAAA',
    created_at: iso(T0),
    sent_at: status === 'queued' ? null : iso(T0 + 1),
    delivered_at: null,
    read_at: null,
    failed_at: null,
    ...extra,
  };
}

const FIRST_RELEASE_EVENTS = [
  {
    type: 'session.status',
    data: {
      session_id: 'ses_old',
      status: 'connected',
      previous_status: 'scan_qr',
      reason: null,
      phone: '+14155551111',
    },
  },
  { type: 'message.sent', data: v1Message('sent') },
  { type: 'message.delivered', data: v1Message('delivered', { delivered_at: iso(T0 + 2) }) },
  { type: 'message.read', data: v1Message('read', { delivered_at: iso(T0 + 2), read_at: iso(T0 + 3) }) },
  {
    type: 'message.failed',
    data: v1Message('failed', {
      sent_at: null,
      failed_at: iso(T0 + 4),
      error: { code: 'WA_463', message: 'x' },
    }),
  },
  {
    type: 'message.received',
    data: v1Message('received', {
      id: 'msg_old2',
      direction: 'inbound',
      to: '+14155551111',
      from: '+14155550000',
      sent_at: null,
    }),
  },
];

/** After migration 0002: message data with LIDs, but no data version recorded yet. */
const CONTACTS_RELEASE_EVENTS = [
  {
    type: 'message.sent',
    data: { ...v1Message('sent'), id: 'msg_mid', to_lid: '123456789012345@lid', from_lid: null },
  },
];

/** Data version 2, recorded: message data of texts only, before message types (version 3). */
const TEXT_ONLY_RELEASE_EVENTS = [
  {
    type: 'message.received',
    data: { ...v1Message('received'), id: 'msg_v2', direction: 'inbound', to_lid: null, from_lid: null },
  },
];

/** Data version 3: message types, before edits, deletions and votes (version 4). */
const TYPES_RELEASE_EVENTS = [
  {
    type: 'message.sent',
    data: {
      ...v1Message('sent'),
      id: 'msg_v3',
      to_lid: null,
      from_lid: null,
      mentions: [],
      media: null,
      location: { latitude: 51.5, longitude: -0.12, name: 'Office', address: null },
      contacts: null,
      poll: null,
      reaction: null,
      reply_to: null,
      type: 'location',
      text: null,
    },
  },
];

/** Data version 4: edits, deletions and votes, before scheduled messages (version 5). */
const CHANGES_RELEASE_EVENTS = [
  {
    type: 'message.sent',
    data: {
      ...TYPES_RELEASE_EVENTS[0]!.data,
      id: 'msg_v4',
      type: 'text',
      text: 'edited before schedules',
      location: null,
      edit: null,
      revoke: null,
      poll_vote: null,
      forwarded: false,
      edited_at: iso(T0 + 9),
      revoked_at: null,
    },
  },
];

describe.each(testDialects())('data of earlier releases on %s', (dialect) => {
  const db = testDatabase(dialect);
  let server: WagwServer;
  let key: string;
  let receiver: Server;
  const received: string[] = [];
  const expectedIds: string[] = [];

  async function writeEvents(
    migrateTo: string,
    events: { type: string; data: Record<string, unknown> }[],
    before?: (opened: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>,
    dataVersion?: number,
  ) {
    const opened = await openDatabase({ ...db.config, dataDir: db.dataDir, migrateTo });
    try {
      await before?.(opened);
      for (const [i, e] of events.entries()) {
        const id = `evt_${migrateTo.slice(0, 4)}_${expectedIds.length}_${i}`;
        expectedIds.push(id);
        await opened.db
          .insertInto('events')
          .values({
            id,
            tenant_id: 'ten_old',
            session_id: 'ses_old',
            sequence: expectedIds.length,
            type: e.type,
            data: JSON.stringify(e.data),
            created_at: T0 + expectedIds.length,
            ...(dataVersion !== undefined && { data_version: dataVersion }),
          } as never)
          .execute();
      }
    } finally {
      await opened.close();
    }
  }

  beforeAll(async () => {
    await writeEvents('0001-initial', FIRST_RELEASE_EVENTS, async ({ db: k }) => {
      await k
        .insertInto('tenants')
        .values({ id: 'ten_old', name: 'old', is_admin: 0, created_at: T0 })
        .execute();
      await k
        .insertInto('sessions')
        .values({
          id: 'ses_old',
          tenant_id: 'ten_old',
          name: 'old',
          engine: 'sandbox',
          status: 'stopped',
          status_reason: null,
          status_changed_at: T0,
          desired_state: 'stopped',
          phone: '+14155551111',
          auto_pair: 0,
          qr: null,
          qr_expires_at: null,
          event_seq: 0,
          created_at: T0,
          updated_at: T0,
        } as never)
        .execute();
      // A message of the first release: written before search existed, found by it after.
      await k
        .insertInto('messages')
        .values({
          id: 'msg_old1',
          tenant_id: 'ten_old',
          session_id: 'ses_old',
          direction: 'outbound',
          type: 'text',
          to_phone: '+14155550000',
          from_phone: '+14155551111',
          body: JSON.stringify({ type: 'text', text: 'hello from the past' }),
          status: 'sent',
          error_code: null,
          error_message: null,
          wa_message_id: '3EB0AAAAAAAAAAAAAAAA',
          idempotency_key: null,
          created_at: T0,
          updated_at: T0,
          sent_at: T0 + 1,
          delivered_at: null,
          read_at: null,
          failed_at: null,
        } as never)
        .execute();
    });
    await writeEvents('0002-contacts', CONTACTS_RELEASE_EVENTS);
    await writeEvents('0016-chat-reads', TEXT_ONLY_RELEASE_EVENTS, undefined, 2);
    await writeEvents('0016-chat-reads', TYPES_RELEASE_EVENTS, undefined, 3);
    await writeEvents('0017-message-changes', CHANGES_RELEASE_EVENTS, undefined, 4);

    receiver = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));

    server = await createServer({
      ...db.config,
      logger: pino({ level: 'silent' }),
      webhooks: { allowPrivateTargets: true, pollIntervalMs: 50, retryScheduleSeconds: [0] },
    });
    ({ key } = await server.gateway.apiKeys.createFor(server.gateway.storage, 'ten_old', {
      name: 'k',
      mode: 'live',
    }));
  });

  afterAll(async () => {
    await server?.app.close();
    receiver?.close();
    await db.cleanup();
  });

  it('the chats of earlier messages are known chats: writing to them again is no reach-out', async () => {
    const known = await server.gateway.storage.knownChats.known('ses_old', ['+14155550000', '+14155559999']);
    expect([...known]).toEqual(['+14155550000']);
    expect(await server.gateway.storage.knownChats.openedSince('ses_old', 0)).toEqual({
      count: 1,
      oldest: T0 + 1,
    });
  });

  it('GET /v1/events serves every earlier shape in the current one', async () => {
    const res = await server.app.inject({
      url: '/v1/events?limit=100',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode).toBe(200);
    const events = res.json().data as { id: string; type: string; data: Record<string, unknown> }[];
    expect(events.map((e) => e.id)).toEqual(expectedIds);
    for (const e of events.filter((e) => e.type.startsWith('message.'))) {
      expect(e.data).toHaveProperty('to_lid');
      expect(e.data).toHaveProperty('from_lid');
      expect(e.data).toMatchObject({ mentions: [], media: null, poll: null, reaction: null, reply_to: null });
      expect(e.data).toMatchObject({
        edit: null,
        revoke: null,
        poll_vote: null,
        forwarded: false,
        revoked_at: null,
        send_at: null,
        cancelled_at: null,
      });
    }
    expect(events.at(-1)?.data).toMatchObject({ id: 'msg_v4', edited_at: iso(T0 + 9) });
    expect(events.at(-2)?.data).toMatchObject({
      id: 'msg_v3',
      edited_at: null,
      type: 'location',
      location: { name: 'Office' },
    });
    expect(events[1]?.data).toMatchObject({
      id: 'msg_old1',
      to_lid: null,
      from_lid: null,
      text: 'hello from the past',
    });
    expect(events.at(-3)?.data).toMatchObject({ id: 'msg_v2', text: 'hello from the past', location: null });
    expect(events.at(-4)?.data).toMatchObject({
      id: 'msg_mid',
      to_lid: '123456789012345@lid',
      from_lid: null,
    });
    expect(events[0]?.data).toEqual(FIRST_RELEASE_EVENTS[0]?.data);
  });

  it('messages written before search existed are found by a word of them', async () => {
    const res = await server.app.inject({
      url: '/v1/sessions/ses_old/messages?q=PAST',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((m: { id: string }) => m.id)).toEqual(['msg_old1']);
  });

  it('a webhook of an old event goes out in the current shape', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { authorization: `Bearer ${key}` },
      payload: { url, events: ['*'] },
    });
    expect(created.statusCode).toBe(201);
    await server.gateway.storage.webhooks.insertDelivery({
      id: 'whd_old',
      tenantId: 'ten_old',
      endpointId: created.json().id,
      eventId: expectedIds[1]!,
      eventType: 'message.sent',
      status: 'pending',
      attemptCount: 0,
      nextAttemptAt: Date.now(),
      createdAt: Date.now(),
    });
    server.gateway.dispatcher.wake();
    const body = await eventually(async () => received[0]);
    expect(JSON.parse(body)).toMatchObject({
      id: expectedIds[1],
      type: 'message.sent',
      data: { id: 'msg_old1', to_lid: null, from_lid: null },
    });
  });

  it('new events record the current data version', async () => {
    await server.gateway.sessions.recordStatus('ses_old', 'starting');
    const opened = await openDatabase({ ...db.config, dataDir: db.dataDir });
    try {
      const newest = await opened.db
        .selectFrom('events')
        .select(['type', 'data_version'])
        .orderBy('pos', 'desc')
        .executeTakeFirstOrThrow();
      expect(newest).toEqual({ type: 'session.status', data_version: EVENT_DATA_VERSION });
      const old = await opened.db
        .selectFrom('events')
        .select('data_version')
        .where('id', '=', expectedIds[0]!)
        .executeTakeFirstOrThrow();
      expect(old.data_version).toBeNull();
    } finally {
      await opened.close();
    }
  });
});
