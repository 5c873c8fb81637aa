import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { newId } from '../crypto/ids.js';
import { SecretBox } from '../crypto/secret-box.js';
import { EventsService } from '../domain/events-service.js';
import type { DomainEvent } from '../domain/types.js';
import { secretAad } from '../domain/webhooks-service.js';
import type { OpenedDatabase } from '../storage/open-database.js';
import type { Storage } from '../storage/storage.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { seededStorage } from '../testing/seed-storage.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

/** The server's default schedule (Standard Webhooks'): seconds before each attempt. */
const DEFAULT_SCHEDULE = parseConfig().webhooks.retryScheduleSeconds;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const EVENTS = 20;

/** A deterministic source in [0, 1) (mulberry32), so the jitter varies but every run is the same. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One POST the receiver got: at what (simulated) time, and what it answered. */
interface Seen {
  webhookId: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  status: number;
}

/** A local receiver that records every POST and answers `status()`, read when the request ends. */
async function receiver(clock: () => number, status: () => number) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = status();
      seen.push({
        webhookId: String(req.headers['webhook-id'] ?? ''),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: clock(),
        status: s,
      });
      res.writeHead(s).end(s === 200 ? 'ok' : 'unavailable');
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

type Stepping = 'to each next due time' | 'in one-minute ticks';

describe.each(testDialects())('webhook outage on %s', (dialect) => {
  let db: TestDatabase;
  let opened: OpenedDatabase;
  let storage: Storage;
  let clock: number;
  const box = new SecretBox([randomBytes(32)]);
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    db = testDatabase(dialect);
    ({ opened, storage } = await seededStorage(db));
    clock = Math.floor(Date.now() / MINUTE) * MINUTE;
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
    await opened.close();
    await db.cleanup();
  });

  it.each<Stepping>(['to each next due time', 'in one-minute ticks'])(
    'a receiver failing every request for two hours then recovering ends with every event delivered exactly as the attempt log says (clock advanced %s)',
    async (stepping) => {
      expect(DEFAULT_SCHEDULE.slice(0, 5)).toEqual([0, 5, 300, 1800, 7200]);
      const start = clock;
      const recovery = start + 2 * HOUR;
      const r = await receiver(
        () => clock,
        () => (clock < recovery ? 503 : 200),
      );
      cleanups.push(() => r.close());
      const endpointId = newId('whk');
      const secret = `whsec_${randomBytes(32).toString('base64')}`;
      await storage.webhooks.insertEndpoint(
        {
          id: endpointId,
          tenantId: 'ten_1',
          url: r.url,
          events: ['*'],
          description: null,
          enabled: true,
          createdAt: start,
          updatedAt: start,
        },
        box.encrypt(secret, secretAad(endpointId)),
      );
      const dispatcher = new WebhookDispatcher(storage, box, pino({ level: 'silent' }), {
        owner: 'node_test',
        retryScheduleSeconds: DEFAULT_SCHEDULE,
        timeoutMs: 5_000,
        concurrency: 4,
        perEndpointConcurrency: 4,
        pollIntervalMs: 3_600_000,
        guard: false,
        now: () => clock,
        random: seeded(20_260_101),
      });
      // The normal write path: each event commits with its delivery.
      const events = new EventsService(storage, () => undefined);
      const emitted: DomainEvent[] = [];
      /** One event a minute for the first 20 minutes of the outage. */
      const emitAt = Array.from({ length: EVENTS }, (_, i) => start + i * MINUTE);
      const emitDue = async () => {
        while (emitted.length < EVENTS && emitAt[emitted.length]! <= clock) {
          const i = emitted.length;
          emitted.push(
            await storage.transaction((tx) =>
              events.record(
                tx,
                { tenantId: 'ten_1', sessionId: 'ses_1', type: 'session.status', data: { i } },
                clock,
              ),
            ),
          );
        }
      };
      const deliveries = () => storage.webhooks.listDeliveries('ten_1', endpointId, 100);
      const nextDue = async () => {
        const due = (await deliveries()).filter((d) => d.status === 'pending').map((d) => d.nextAttemptAt!);
        return due.length > 0 ? Math.min(...due) : undefined;
      };

      let steps = 0;
      for (;;) {
        if (++steps > 2_000) throw new Error('the simulation did not settle');
        await emitDue();
        await dispatcher.runDue();
        const due = await nextDue();
        if (due === undefined && emitted.length === EVENTS) break;
        if (stepping === 'in one-minute ticks') clock += MINUTE;
        else
          clock = Math.min(
            due ?? Number.POSITIVE_INFINITY,
            emitAt[emitted.length] ?? Number.POSITIVE_INFINITY,
          );
      }

      // Every event's delivery succeeded.
      const list = await deliveries();
      expect(list).toHaveLength(EVENTS);
      expect(new Set(list.map((d) => d.eventId))).toEqual(new Set(emitted.map((e) => e.id)));
      for (const d of list) expect(d).toMatchObject({ status: 'succeeded', nextAttemptAt: null });

      // The receiver saw each webhook-id (the event's id, stable across retries) and answered it
      // 2xx exactly once, last.
      const byId = new Map<string, Seen[]>();
      for (const s of r.seen) byId.set(s.webhookId, [...(byId.get(s.webhookId) ?? []), s]);
      expect(new Set(byId.keys())).toEqual(new Set(emitted.map((e) => e.id)));
      for (const [id, seen] of byId) {
        expect(seen.filter((s) => s.status >= 200 && s.status < 300)).toHaveLength(1);
        expect(seen.at(-1)!.status).toBe(200);
        for (const s of seen) {
          expect((JSON.parse(s.body) as { id: string }).id).toBe(id);
          expect(s.body).toBe(seen[0]!.body);
        }
      }

      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      for (const d of list) {
        const seen = byId.get(d.eventId)!;
        // The attempt log is exactly what the receiver saw: as many attempts, the same answers in
        // the same order, at the same moments, with the same headers.
        expect(d.attemptCount).toBe(seen.length);
        expect(d.attempts.map((a) => a.attempt)).toEqual(seen.map((_, i) => i + 1));
        expect(d.attempts.map((a) => a.statusCode)).toEqual(seen.map((s) => s.status));
        expect(d.attempts.map((a) => a.createdAt)).toEqual(seen.map((s) => s.at));
        for (const [i, a] of d.attempts.entries()) {
          const s = seen[i]!;
          for (const [name, value] of Object.entries(a.requestHeaders!)) expect(s.headers[name]).toBe(value);
          expect(a.requestHeaders!['webhook-id']).toBe(d.eventId);
          // Each retry is signed anew, over its own timestamp.
          const content = `${s.webhookId}.${String(s.headers['webhook-timestamp'])}.${s.body}`;
          expect(s.headers['webhook-signature']).toBe(
            `v1,${createHmac('sha256', key).update(content).digest('base64')}`,
          );
          expect(a.error).toBe(s.status === 200 ? null : 'HTTP 503');
        }
        // Four attempts fall in the outage (0, 5 s, 5 min and 30 min after the event, ±10%, end
        // before 2 h); the fifth, ≥ 2 h 35 min × 0.9 after it, comes after the recovery and succeeds.
        expect(d.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503, 503, 200]);
        for (const a of d.attempts) expect(a.createdAt < recovery).toBe(a.statusCode === 503);

        // The attempts follow the default schedule within its jitter (and, in one-minute ticks, up to
        // a tick late): the first when the event is recorded, never one sooner than its wait.
        const late = stepping === 'in one-minute ticks' ? MINUTE : 0;
        expect(d.attempts[0]!.createdAt).toBe(d.createdAt);
        for (let n = 1; n < d.attempts.length; n++) {
          const wait = d.attempts[n]!.createdAt - d.attempts[n - 1]!.createdAt;
          expect(wait).toBeGreaterThanOrEqual(Math.round(DEFAULT_SCHEDULE[n]! * 1000 * 0.9));
          expect(wait).toBeLessThanOrEqual(Math.round(DEFAULT_SCHEDULE[n]! * 1000 * 1.1) + late);
        }
      }
      expect(r.seen).toHaveLength(EVENTS * 5);
      // The jitter is applied per attempt: the waits of one step differ between deliveries.
      const thirtyMinuteWaits = list.map((d) => d.attempts[3]!.createdAt - d.attempts[2]!.createdAt);
      expect(new Set(thirtyMinuteWaits).size).toBeGreaterThan(1);

      // The endpoint recovered: enabled, no failing streak. Nothing is left to send.
      expect(await storage.webhooks.getEndpoint('ten_1', endpointId)).toMatchObject({
        enabled: true,
        failingSince: null,
      });
      clock += 7 * 24 * HOUR;
      expect(await dispatcher.runDue()).toBe(0);
      expect(r.seen).toHaveLength(EVENTS * 5);
    },
  );
});
