import { randomBytes } from 'node:crypto';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSinks } from '../config/parse-sinks.js';
import type { Gateway } from '../gateway.js';
import {
  brokerAvailable,
  natsServerBinary,
  type OwnNatsServer,
  startOwnNatsServer,
} from '../testing/brokers.js';
import { testDatabase, testDialects } from '../testing/dialects.js';
import { emitEvents, eventually, openSinkGateway } from '../testing/sink-gateway.js';
import { NatsPublisher } from './nats-publisher.js';
import { sinkMessage } from './sink-publisher.js';

// The machine's NATS proves the broker is there; the restart test runs a nats-server of its own.
const available = await brokerAvailable('NATS', '127.0.0.1', 4222);
const binary = available ? await natsServerBinary() : undefined;
if (available && !binary && process.env.CI === 'true')
  throw new Error('CI=true but nats-server is not installed');

/** A durable pull consumer on `stream`: every message id it has received so far. */
async function consumer(nc: NatsConnection, stream: string) {
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(stream, { durable_name: 'test', ack_policy: AckPolicy.Explicit });
  const received: { id: string; subject: string; body: Record<string, unknown> }[] = [];
  return {
    received,
    async drain(): Promise<void> {
      const c = await jetstream(nc).consumers.get(stream, 'test');
      const batch = await c.fetch({ max_messages: 500, expires: 1000 });
      for await (const m of batch) {
        received.push({ id: m.headers?.get('Nats-Msg-Id') ?? '', subject: m.subject, body: m.json() });
        m.ack();
      }
    },
  };
}

describe.skipIf(!binary).each(testDialects())('NATS JetStream sink (%s)', (dialect) => {
  let nats: OwnNatsServer;
  beforeAll(async () => {
    nats = await startOwnNatsServer(binary!);
  });
  afterAll(async () => {
    await nats?.cleanup();
  });

  function sinkConfig(stream: string) {
    return {
      subjectPrefix: `wagw_${stream.toLowerCase()}`,
      kind: 'nats' as const,
      name: 'bus',
      url: nats.url,
      stream,
      retryBaseMs: 50,
      retryMaxMs: 300,
      publishTimeoutMs: 1000,
      pollIntervalMs: 50,
    };
  }

  it('publishes each event with Nats-Msg-Id = event id; a broker restart and a server restart lose none', async () => {
    const stream = `WAGW_T_${randomBytes(4).toString('hex')}`;
    const db = testDatabase(dialect);
    let gateway: Gateway | undefined = await openSinkGateway({ ...db.config, sinks: [sinkConfig(stream)] });
    const pending = async () => (await gateway!.storage.sinkOutbox.backlog('bus')).pending;
    let nc = await connect({ servers: nats.url });
    try {
      const first = await emitEvents(gateway, 20);
      await eventually(async () => (await pending()) === 0, 10_000, 'the first events to publish');
      const c = await consumer(nc, stream);
      await c.drain();
      expect(c.received.map((m) => m.id).sort()).toEqual(first.map((e) => e.id).sort());
      expect(c.received[0]).toMatchObject({
        subject: `wagw_${stream.toLowerCase()}.ten_s.message.received`,
        body: { type: 'message.received', tenant_id: 'ten_s', mode: 'live', session_id: 'ses_s' },
      });

      // The broker goes down: events are accepted, owed, retried; after the restart they arrive.
      await nc.close();
      await nats.stop();
      const during = await emitEvents(gateway, 5);
      await eventually(
        async () => (await gateway!.storage.sinkOutbox.backlog('bus')).lastError !== null,
        10_000,
        'a failed publish',
      );
      expect(await pending()).toBe(5);
      await nats.start();
      await eventually(async () => (await pending()) === 0, 15_000, 'the outbox to drain after the restart');

      // The server stops while the broker is down; a new server on the same database publishes.
      await nats.stop();
      const beforeRestart = await emitEvents(gateway, 3);
      await gateway.close();
      gateway = undefined;
      await nats.start();
      gateway = await openSinkGateway({ ...db.config, sinks: [sinkConfig(stream)] });
      await eventually(
        async () => (await pending()) === 0,
        15_000,
        'the outbox to drain after a server restart',
      );

      nc = await connect({ servers: nats.url });
      // The durable consumer (file storage) survived both restarts: it gets only what is new.
      const after = await consumer(nc, stream);
      await after.drain();
      const ids = after.received.map((m) => m.id).sort();
      expect(ids).toEqual([...during, ...beforeRestart].map((e) => e.id).sort());
    } finally {
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
      await nc.close().catch(() => undefined);
      await gateway?.close();
      await db.cleanup();
    }
  }, 60_000);

  it('stores a message published twice once (JetStream deduplicates on Nats-Msg-Id)', async () => {
    const stream = `WAGW_T_${randomBytes(4).toString('hex')}`;
    const [sink] = parseSinks([sinkConfig(stream)]);
    if (sink?.kind !== 'nats') throw new Error('unreachable');
    const publisher = new NatsPublisher(sink);
    const nc = await connect({ servers: nats.url });
    try {
      const event = {
        id: 'evt_dup',
        tenantId: 'ten_s',
        sessionId: 'ses_s',
        sequence: 1,
        type: 'message.received' as const,
        data: {},
        createdAt: Date.now(),
      };
      await publisher.publish(sinkMessage(event));
      await publisher.publish(sinkMessage(event));
      const info = await (await jetstreamManager(nc)).streams.info(stream);
      expect(info.state.messages).toBe(1);
    } finally {
      await publisher.close();
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
      await nc.close();
    }
  });
});
