import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { newId } from '../crypto/ids.js';
import { SecretBox } from '../crypto/secret-box.js';
import { EventsService } from '../domain/events-service.js';
import type { DomainEvent, WebhookEndpoint } from '../domain/types.js';
import { secretAad } from '../domain/webhooks-service.js';
import { wire } from '../domain/wire.js';
import { eventDataCheck } from '../http/schemas/event-data-check.js';
import type { OpenedDatabase } from '../storage/open-database.js';
import type { Storage } from '../storage/storage.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { seededStorage } from '../testing/seed-storage.js';
import { type EndpointDisabledData, MAX_PAYLOAD_BYTES } from './deliver-webhook.js';
import { type DispatcherOptions, WebhookDispatcher } from './webhook-dispatcher.js';

/** The server's default schedule (Standard Webhooks'): seconds before each attempt. */
const DEFAULT_SCHEDULE = parseConfig().webhooks.retryScheduleSeconds;
const MINUTE = 60_000;

/** The wait before attempt `n + 1` as the dispatcher computes it: schedule[n] × (0.9 + 0.2·random). */
const jittered = (seconds: number, random: number) => Math.round(seconds * 1000 * (0.9 + random * 0.2));

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** One POST the receiver got, with the (simulated) time it got it and what it answered. */
interface Seen {
  webhookId: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  status: number;
}

/** A local HTTP receiver that records every POST and answers what `reply` says. */
async function receiver(clock: () => number, reply: (req: { body: string; n: number }) => Reply) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r = reply({ body, n: seen.length + 1 });
      const webhookId = String(req.headers['webhook-id'] ?? '');
      seen.push({ webhookId, headers: req.headers, body, at: clock(), status: r.status });
      res.writeHead(r.status, r.headers ?? {}).end(r.body ?? '');
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    seen,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Whether `signature` (one `v1,…` entry) signs what the receiver got, with `secret`. */
function verifies(secret: string, seen: Seen, signature: string): boolean {
  try {
    new Webhook(secret).verify(seen.body, {
      'webhook-id': seen.webhookId,
      'webhook-timestamp': String(seen.headers['webhook-timestamp']),
      'webhook-signature': signature,
    });
    return true;
  } catch {
    return false;
  }
}

describe.each(testDialects())('deliverWebhook on %s', (dialect) => {
  let db: TestDatabase;
  let opened: OpenedDatabase;
  let storage: Storage;
  /** The simulated clock the dispatcher, the events and the receivers read. */
  let clock: number;
  let events: EventsService;
  let disabledCalls: Array<{ endpoint: WebhookEndpoint; data: EndpointDisabledData }>;
  const box = new SecretBox([randomBytes(32)]);
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    db = testDatabase(dialect);
    ({ opened, storage } = await seededStorage(db));
    // Whole seconds, so a webhook-timestamp is exactly clock / 1000.
    clock = Math.floor(Date.now() / 1000) * 1000;
    disabledCalls = [];
    // The production check of event data against the catalog, for the events this code writes.
    const check = eventDataCheck();
    events = new EventsService(
      storage,
      () => undefined,
      (type, data) => {
        if (type === 'webhook.endpoint_disabled') check(type, data);
      },
    );
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
    await opened.close();
    await db.cleanup();
  });

  const receive = async (reply: (req: { body: string; n: number }) => Reply = () => ({ status: 200 })) => {
    const r = await receiver(() => clock, reply);
    cleanups.push(() => r.close());
    return r;
  };
  /** A dispatcher driven by `runDue()` on the simulated clock, wired to the events as the gateway is. */
  const dispatcher = (options: Partial<DispatcherOptions> = {}) =>
    new WebhookDispatcher(storage, box, pino({ level: 'silent' }), {
      owner: 'node_test',
      retryScheduleSeconds: DEFAULT_SCHEDULE,
      timeoutMs: 5_000,
      concurrency: 4,
      perEndpointConcurrency: 4,
      pollIntervalMs: 3_600_000,
      guard: false,
      now: () => clock,
      random: () => 0.5,
      // As gateway.ts wires it: the event is recorded in the transaction that disabled the endpoint.
      onEndpointDisabled: async (tx, endpoint, data) => {
        disabledCalls.push({ endpoint, data });
        await events.record(
          tx,
          {
            tenantId: endpoint.tenantId,
            sessionId: null,
            mode: endpoint.mode ?? 'live',
            type: 'webhook.endpoint_disabled',
            data: { ...data },
          },
          Date.parse(data.disabled_at),
        );
      },
      ...options,
    });
  const endpoint = async (url: string, extra: Partial<WebhookEndpoint> = {}, secret = newSecret()) => {
    const id = newId('whk');
    await storage.webhooks.insertEndpoint(
      {
        id,
        tenantId: 'ten_1',
        url,
        events: ['session.status'],
        description: null,
        enabled: true,
        createdAt: clock,
        updatedAt: clock,
        ...extra,
      },
      box.encrypt(secret, secretAad(id)),
    );
    return { id, secret };
  };
  /** Records an event at the simulated time; it queues a delivery per matching endpoint. */
  const emit = (
    data: Record<string, unknown> = {},
    sessionId: string | null = 'ses_1',
  ): Promise<DomainEvent> =>
    storage.transaction((tx) =>
      events.record(tx, { tenantId: 'ten_1', sessionId, type: 'session.status', data }, clock),
    );
  const deliveries = (endpointId: string) => storage.webhooks.listDeliveries('ten_1', endpointId, 100);
  const only = async (endpointId: string) => {
    const list = await deliveries(endpointId);
    expect(list).toHaveLength(1);
    return list[0]!;
  };
  const endpointState = async (id: string) => (await storage.webhooks.getEndpoint('ten_1', id))!;

  it('retries on the default schedule, each wait ×0.9 at random() = 0, never sooner, and fails once it is exhausted', async () => {
    expect(DEFAULT_SCHEDULE.slice(0, 5)).toEqual([0, 5, 300, 1800, 7200]);
    const r = await receive(() => ({ status: 500 }));
    const ep = await endpoint(r.url);
    const d = dispatcher({ random: () => 0 });
    const started = clock;
    await emit();
    for (let n = 1; n <= DEFAULT_SCHEDULE.length; n++) {
      if (n > 1) {
        const due = (await only(ep.id)).nextAttemptAt!;
        clock = due - 1;
        expect(await d.runDue()).toBe(0);
        clock = due;
      }
      expect(await d.runDue()).toBe(1);
      const del = await only(ep.id);
      expect(del.attemptCount).toBe(n);
      expect(del.attempts).toHaveLength(n);
      expect(del.attempts[n - 1]).toMatchObject({
        attempt: n,
        statusCode: 500,
        error: 'HTTP 500',
        createdAt: clock,
      });
      if (n < DEFAULT_SCHEDULE.length) {
        const wait = jittered(DEFAULT_SCHEDULE[n]!, 0);
        expect(wait).toBe(Math.round(DEFAULT_SCHEDULE[n]! * 900));
        expect(del).toMatchObject({ status: 'pending', nextAttemptAt: clock + wait });
      } else {
        expect(del).toMatchObject({ status: 'failed', nextAttemptAt: null });
      }
    }
    expect(r.seen).toHaveLength(DEFAULT_SCHEDULE.length);
    // The attempts were spread over the whole schedule at ×0.9.
    const total = DEFAULT_SCHEDULE.reduce((sum, s) => sum + jittered(s, 0), 0);
    expect(clock - started).toBe(total);
    clock += 30 * 24 * 3_600_000;
    expect(await d.runDue()).toBe(0);
    expect(r.seen).toHaveLength(DEFAULT_SCHEDULE.length);
    // The endpoint has been failing since the first attempt, but not for its (default, 5 days) period.
    expect(await endpointState(ep.id)).toMatchObject({ enabled: true, failingSince: started });
  });

  it("retries on the endpoint's own retrySchedule, each wait ×~1.1 at random() = 0.999, then fails", async () => {
    const schedule = [0, 10, 20, 40];
    const r = await receive(() => ({ status: 502 }));
    const ep = await endpoint(r.url, { retrySchedule: schedule });
    const d = dispatcher({ random: () => 0.999 });
    await emit();
    for (let n = 1; n <= schedule.length; n++) {
      if (n > 1) clock = (await only(ep.id)).nextAttemptAt!;
      expect(await d.runDue()).toBe(1);
      const del = await only(ep.id);
      expect(del.attempts.map((a) => a.statusCode)).toEqual(Array(n).fill(502));
      if (n < schedule.length) {
        const wait = del.nextAttemptAt! - clock;
        expect(wait).toBe(jittered(schedule[n]!, 0.999));
        expect(wait).toBeGreaterThan(schedule[n]! * 1000 * 1.099);
        expect(wait).toBeLessThanOrEqual(schedule[n]! * 1000 * 1.1);
        expect(del).toMatchObject({ status: 'pending', attemptCount: n });
      } else {
        expect(del).toMatchObject({ status: 'failed', attemptCount: n, nextAttemptAt: null });
      }
    }
    // Four attempts: the endpoint's schedule, not the server's ten.
    expect(r.seen).toHaveLength(4);
  });

  it('waits for a Retry-After longer than the scheduled wait (delta-seconds or an HTTP date), never less than the schedule', async () => {
    const schedule = [0, 5, 300, 600];
    let date = '';
    const r = await receive(({ n }) => {
      if (n !== 3) return { status: 503, headers: { 'retry-after': '120' } };
      date = new Date(clock + 15 * MINUTE).toUTCString();
      return { status: 503, headers: { 'retry-after': date } };
    });
    const ep = await endpoint(r.url, { retrySchedule: schedule });
    const d = dispatcher({ random: () => 0.999 });
    await emit();

    await d.runDue();
    let del = await only(ep.id);
    // 5 s × 1.0998 is sooner than the receiver's 120 s: Retry-After wins.
    expect(del).toMatchObject({ status: 'pending', attemptCount: 1, nextAttemptAt: clock + 120_000 });
    clock += 120_000 - 1;
    expect(await d.runDue()).toBe(0);

    clock += 1;
    await d.runDue();
    del = await only(ep.id);
    // 300 s × 1.0998 is later than 120 s: the schedule wins.
    expect(del).toMatchObject({ attemptCount: 2, nextAttemptAt: clock + jittered(300, 0.999) });

    clock = del.nextAttemptAt!;
    await d.runDue();
    del = await only(ep.id);
    // An HTTP date 15 minutes ahead of the (simulated) clock, later than 600 s × 1.0998: that moment
    // (the date has whole seconds; the clock, jittered, does not).
    expect(Date.parse(date)).toBeGreaterThan(clock + 15 * MINUTE - 1000);
    expect(del).toMatchObject({ attemptCount: 3, nextAttemptAt: Date.parse(date) });

    clock = del.nextAttemptAt!;
    await d.runDue();
    del = await only(ep.id);
    // The schedule is exhausted: a Retry-After does not extend it.
    expect(del).toMatchObject({ status: 'failed', attemptCount: 4, nextAttemptAt: null });
    expect(del.attempts.map((a) => [a.statusCode, a.responseHeaders?.['retry-after']])).toEqual([
      [503, '120'],
      [503, '120'],
      [503, expect.stringMatching(/GMT$/)],
      [503, '120'],
    ]);
    expect(r.seen).toHaveLength(4);
  });

  it('records a 302 as a failure and never follows its Location: the second receiver gets nothing', async () => {
    const target = await receive();
    const redirecting = await receive(() => ({ status: 302, headers: { location: target.url } }));
    const ep = await endpoint(redirecting.url, { retrySchedule: [0, 5] });
    const d = dispatcher();
    const started = clock;
    await emit();

    await d.runDue();
    let del = await only(ep.id);
    expect(del).toMatchObject({ status: 'pending', attemptCount: 1, nextAttemptAt: clock + 5_000 });
    expect(del.attempts[0]).toMatchObject({
      statusCode: 302,
      error: `HTTP 302: redirects are not followed (to ${target.url})`,
      responseHeaders: expect.objectContaining({ location: target.url }),
    });
    expect(await endpointState(ep.id)).toMatchObject({ enabled: true, failingSince: started });

    clock = del.nextAttemptAt!;
    await d.runDue();
    del = await only(ep.id);
    expect(del).toMatchObject({ status: 'failed', attemptCount: 2 });
    expect(del.attempts.map((a) => a.statusCode)).toEqual([302, 302]);
    expect(redirecting.seen).toHaveLength(2);
    expect(target.seen).toHaveLength(0);
  });

  it('a 410 fails the delivery without a retry and disables the endpoint (gone), recording webhook.endpoint_disabled', async () => {
    const gone = await receive(() => ({ status: 410, body: 'gone' }));
    const watcher = await receive();
    const ep = await endpoint(gone.url);
    const watching = await endpoint(watcher.url, { events: ['webhook.endpoint_disabled'] });
    // One at a time: the first delivery meets the 410, the second finds the endpoint disabled.
    const d = dispatcher({ concurrency: 1 });
    await emit({ n: 1 });
    await emit({ n: 2 });

    await d.runDue();
    const list = await deliveries(ep.id);
    expect(list).toHaveLength(2);
    const met = list.find((x) => x.attempts[0]?.statusCode === 410)!;
    const other = list.find((x) => x !== met)!;
    expect(met).toMatchObject({ status: 'failed', attemptCount: 1, nextAttemptAt: null });
    expect(met.attempts[0]).toMatchObject({
      responseBody: 'gone',
      error: 'HTTP 410: the endpoint is gone; disabled, not retried',
    });
    expect(other).toMatchObject({ status: 'failed', attemptCount: 1 });
    expect(other.attempts[0]).toMatchObject({ statusCode: null, error: 'endpoint disabled or removed' });
    expect(gone.seen).toHaveLength(1);

    const state = await endpointState(ep.id);
    expect(state).toMatchObject({ enabled: false, disabledReason: 'gone', disabledAt: clock });
    const expected: EndpointDisabledData = {
      endpoint_id: ep.id,
      url: gone.url,
      reason: 'gone',
      failing_since: new Date(clock).toISOString(),
      disabled_at: new Date(clock).toISOString(),
    };
    expect(disabledCalls).toHaveLength(1);
    expect(disabledCalls[0]!.data).toEqual(expected);
    expect(disabledCalls[0]!.endpoint).toMatchObject({ id: ep.id, enabled: false, disabledReason: 'gone' });
    // The event committed with the disable, and went out to the endpoint that subscribes to it.
    const stored = await storage.events.list({
      tenantId: 'ten_1',
      type: 'webhook.endpoint_disabled',
      limit: 10,
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ sessionId: null, sequence: 0, createdAt: clock, data: expected });
    expect(watcher.seen).toHaveLength(1);
    expect(JSON.parse(watcher.seen[0]!.body)).toMatchObject({
      type: 'webhook.endpoint_disabled',
      data: expected,
    });
    expect((await only(watching.id)).status).toBe('succeeded');

    // Nothing is retried, and new events no longer queue deliveries to it.
    clock += 24 * 3_600_000;
    await emit({ n: 3 });
    expect(await d.runDue()).toBe(0);
    expect(await deliveries(ep.id)).toHaveLength(2);
    expect(gone.seen).toHaveLength(1);
  });

  it('does not send a payload over MAX_PAYLOAD_BYTES and fails it with one attempt; one at the cap goes out', async () => {
    const r = await receive();
    const ep = await endpoint(r.url);
    const d = dispatcher();
    // Tenant events (sequence 0) of one size but their data: the envelope around `pad` is fixed.
    const probe = await emit({ pad: '' }, null);
    const envelope = Buffer.byteLength(JSON.stringify(wire.webhookPayload(probe)));
    const atCap = await emit({ pad: 'x'.repeat(MAX_PAYLOAD_BYTES - envelope) }, null);
    // Two-byte characters: fewer characters than the cap, more bytes.
    const overPad = 'é'.repeat(Math.ceil((MAX_PAYLOAD_BYTES - envelope + 1) / 2));
    const over = await emit({ pad: overPad }, null);
    const overBody = JSON.stringify(wire.webhookPayload(over));
    const overSize = Buffer.byteLength(overBody);
    expect(overSize).toBeGreaterThan(MAX_PAYLOAD_BYTES);
    expect(overBody.length).toBeLessThan(MAX_PAYLOAD_BYTES);

    await d.runDue();
    const list = await deliveries(ep.id);
    const of = (e: DomainEvent) => list.find((x) => x.eventId === e.id)!;
    expect(of(probe).status).toBe('succeeded');
    expect(of(atCap).status).toBe('succeeded');
    expect(of(over)).toMatchObject({ status: 'failed', attemptCount: 1, nextAttemptAt: null });
    expect(of(over).attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        statusCode: null,
        requestHeaders: null,
        error: `the payload is ${overSize} bytes, over the ${MAX_PAYLOAD_BYTES}-byte cap; not sent, not retried`,
      }),
    ]);
    expect(r.seen.map((s) => s.webhookId).sort()).toEqual([probe.id, atCap.id].sort());
    expect(Buffer.byteLength(r.seen.find((s) => s.webhookId === atCap.id)!.body)).toBe(MAX_PAYLOAD_BYTES);
    // Not the endpoint's fault: its failing streak is untouched.
    expect(await endpointState(ep.id)).toMatchObject({ enabled: true, failingSince: null });
    clock += 24 * 3_600_000;
    expect(await d.runDue()).toBe(0);
  });

  it('records the request headers sent (no signature) and the response headers of each attempt', async () => {
    const r = await receive(
      ({ n }): Reply =>
        n === 1
          ? { status: 500, headers: { 'x-attempt': '1', 'content-type': 'text/plain' }, body: 'oops' }
          : { status: 204, headers: { 'x-attempt': '2', 'x-request-id': 'req_42' } },
    );
    const ep = await endpoint(r.url, { retrySchedule: [0, 5] });
    const d = dispatcher();
    const event = await emit({ hello: 'wörld' });
    const size = String(Buffer.byteLength(JSON.stringify(wire.webhookPayload(event))));
    const times = [clock];
    await d.runDue();
    clock += 5_000;
    times.push(clock);
    await d.runDue();

    const del = await only(ep.id);
    expect(del).toMatchObject({ status: 'succeeded', attemptCount: 2 });
    expect(r.seen).toHaveLength(2);
    for (const [i, a] of del.attempts.entries()) {
      const sent = r.seen[i]!;
      expect(a.requestHeaders).toEqual({
        'webhook-id': event.id,
        'webhook-timestamp': String(times[i]! / 1000),
        'content-type': 'application/json',
        'content-length': size,
        'user-agent': 'wagw-webhooks/1',
      });
      // What was recorded is what the receiver got, less the signature.
      for (const [name, value] of Object.entries(a.requestHeaders!)) expect(sent.headers[name]).toBe(value);
      expect(sent.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      expect(JSON.stringify(a)).not.toContain(String(sent.headers['webhook-signature']).slice(3));
    }
    expect(del.attempts[0]).toMatchObject({ statusCode: 500, responseBody: 'oops' });
    expect(del.attempts[0]!.responseHeaders).toMatchObject({
      'x-attempt': '1',
      'content-type': 'text/plain',
    });
    expect(del.attempts[1]).toMatchObject({ statusCode: 204, responseBody: null, error: null });
    expect(del.attempts[1]!.responseHeaders).toMatchObject({ 'x-attempt': '2', 'x-request-id': 'req_42' });
  });

  it('disables an endpoint failing continuously for its own disable period (failing), once', async () => {
    const r = await receive(() => ({ status: 500 }));
    const ep = await endpoint(r.url, {
      retrySchedule: [0, 1200, 1200, 1200, 1200, 1200],
      disableAfterMs: 60 * MINUTE,
    });
    const d = dispatcher({ random: () => 0.5 });
    const started = clock;
    await emit();
    for (const minutes of [0, 20, 40]) {
      clock = started + minutes * MINUTE;
      expect(await d.runDue()).toBe(1);
      expect(await endpointState(ep.id)).toMatchObject({ enabled: true, failingSince: started });
    }
    expect(disabledCalls).toHaveLength(0);

    clock = started + 60 * MINUTE;
    expect(await d.runDue()).toBe(1);
    const state = await endpointState(ep.id);
    expect(state).toMatchObject({
      enabled: false,
      disabledReason: 'failing',
      failingSince: started,
      disabledAt: clock,
    });
    const expected: EndpointDisabledData = {
      endpoint_id: ep.id,
      url: r.url,
      reason: 'failing',
      failing_since: new Date(started).toISOString(),
      disabled_at: new Date(clock).toISOString(),
    };
    expect(disabledCalls.map((c) => c.data)).toEqual([expected]);
    const stored = await storage.events.list({
      tenantId: 'ten_1',
      type: 'webhook.endpoint_disabled',
      limit: 10,
    });
    expect(stored.map((e) => e.data)).toEqual([expected]);

    // The delivery's next attempt finds the endpoint disabled: failed without contacting it.
    clock = started + 80 * MINUTE;
    expect(await d.runDue()).toBe(1);
    const del = await only(ep.id);
    expect(del).toMatchObject({ status: 'failed', attemptCount: 5 });
    expect(del.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 500, null]);
    expect(del.attempts[4]!.error).toBe('endpoint disabled or removed');
    expect(r.seen).toHaveLength(4);
    expect(disabledCalls).toHaveLength(1);
  });

  it("a success in between resets the failing streak; the server's disable period then counts from the next failure", async () => {
    const r = await receive(({ body }) =>
      (JSON.parse(body) as { data: { ok?: boolean } }).data.ok ? { status: 200 } : { status: 500 },
    );
    const ep = await endpoint(r.url, { retrySchedule: [0, 1200, 1200, 1200, 1200, 1200] });
    // No period of its own: the server's (one hour here) applies.
    const d = dispatcher({ random: () => 0.5, disableAfterMs: 60 * MINUTE });
    const started = clock;
    const at = (minutes: number) => {
      clock = started + minutes * MINUTE;
    };
    const failing = await emit({ ok: false });
    for (const minutes of [0, 20, 40]) {
      at(minutes);
      await d.runDue();
    }
    expect(await endpointState(ep.id)).toMatchObject({ failingSince: started });

    at(50);
    const fine = await emit({ ok: true });
    await d.runDue();
    expect(await endpointState(ep.id)).toMatchObject({ enabled: true, failingSince: null });

    // Failing from minute 0 would have disabled it at minute 60; the streak restarts there instead.
    for (const minutes of [60, 80, 100]) {
      at(minutes);
      await d.runDue();
      expect(await endpointState(ep.id)).toMatchObject({
        enabled: true,
        failingSince: started + 60 * MINUTE,
      });
    }
    const list = await deliveries(ep.id);
    const failed = list.find((x) => x.eventId === failing.id)!;
    expect(failed).toMatchObject({ status: 'failed', attemptCount: 6 });
    expect(list.find((x) => x.eventId === fine.id)).toMatchObject({ status: 'succeeded', attemptCount: 1 });
    expect(disabledCalls).toHaveLength(0);

    // One more failure an hour after the new streak started disables it.
    at(120);
    await emit({ ok: false });
    await d.runDue();
    expect(await endpointState(ep.id)).toMatchObject({
      enabled: false,
      disabledReason: 'failing',
      failingSince: started + 60 * MINUTE,
      disabledAt: started + 120 * MINUTE,
    });
    expect(disabledCalls.map((c) => c.data)).toEqual([
      {
        endpoint_id: ep.id,
        url: r.url,
        reason: 'failing',
        failing_since: new Date(started + 60 * MINUTE).toISOString(),
        disabled_at: new Date(started + 120 * MINUTE).toISOString(),
      },
    ]);
  });

  it('signs with both secrets during a rotation overlap, each signature verifying with one of them, then with the new one only', async () => {
    const r = await receive();
    const oldSecret = newSecret();
    const newOne = newSecret();
    const ep = await endpoint(r.url, {}, oldSecret);
    const expiresAt = clock + MINUTE;
    await storage.webhooks.rotateSecret(
      ep.id,
      box.encrypt(newOne, secretAad(ep.id)),
      box.encrypt(oldSecret, secretAad(ep.id)),
      expiresAt,
      clock,
    );
    const d = dispatcher();
    await emit();
    await d.runDue();
    clock = expiresAt - 1;
    await emit();
    await d.runDue();
    clock = expiresAt;
    await emit();
    await d.runDue();
    expect(r.seen).toHaveLength(3);

    for (const during of r.seen.slice(0, 2)) {
      const signatures = String(during.headers['webhook-signature']).split(' ');
      expect(signatures).toHaveLength(2);
      const byWhich = signatures.map((s) => [verifies(oldSecret, during, s), verifies(newOne, during, s)]);
      // Each verifies with exactly one secret, and each secret has one.
      expect(byWhich.map(([o, n]) => Number(o) + Number(n))).toEqual([1, 1]);
      expect(byWhich.some(([o]) => o)).toBe(true);
      expect(byWhich.some(([, n]) => n)).toBe(true);
      // A receiver on either secret accepts the whole header.
      expect(verifies(oldSecret, during, String(during.headers['webhook-signature']))).toBe(true);
      expect(verifies(newOne, during, String(during.headers['webhook-signature']))).toBe(true);
    }
    const after = r.seen[2]!;
    const signatures = String(after.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(1);
    expect(verifies(newOne, after, signatures[0]!)).toBe(true);
    expect(verifies(oldSecret, after, signatures[0]!)).toBe(false);
    const list = await deliveries(ep.id);
    expect(list.map((x) => x.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });
});
