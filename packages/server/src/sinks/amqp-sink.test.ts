import { randomBytes } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { parseSinks } from '../config/parse-sinks.js';
import type { Gateway } from '../gateway.js';
import { brokerAvailable, rabbitmq } from '../testing/brokers.js';
import { testDatabase, testDialects } from '../testing/dialects.js';
import { emitEvents, eventually, openSinkGateway } from '../testing/sink-gateway.js';
import { AmqpPublisher } from './amqp-publisher.js';
import { sinkMessage } from './sink-publisher.js';

const URL = 'amqp://guest:guest@127.0.0.1:5672';
const available = await brokerAvailable('RabbitMQ', '127.0.0.1', 5672);

/** Reads every message now in `queue` (acking each): message id, routing key, body. */
async function drain(connection: ChannelModel, queue: string) {
  const channel = await connection.createChannel();
  const out: { id: string; routingKey: string; persistent: boolean; body: Record<string, unknown> }[] = [];
  for (;;) {
    const m = await channel.get(queue);
    if (!m) break;
    out.push({
      id: String(m.properties.messageId),
      routingKey: m.fields.routingKey,
      persistent: m.properties.deliveryMode === 2,
      body: JSON.parse(m.content.toString()),
    });
    channel.ack(m);
  }
  await channel.close();
  return out;
}

async function cleanup(exchange: string, queue: string): Promise<void> {
  const connection = await amqp.connect(URL);
  const channel = await connection.createChannel();
  await channel.deleteQueue(queue).catch(() => undefined);
  await channel.deleteExchange(exchange).catch(() => undefined);
  await connection.close().catch(() => undefined);
}

describe.skipIf(!available).each(testDialects())('RabbitMQ sink (%s)', (dialect) => {
  const names = () => {
    const id = randomBytes(4).toString('hex');
    return { exchange: `wagw-test-${id}`, queue: `wagw-test-${id}` };
  };
  const sinkConfig = (exchange: string, queue: string) => ({
    kind: 'amqp' as const,
    name: 'rabbit',
    url: URL,
    exchange,
    queue,
    retryBaseMs: 100,
    retryMaxMs: 500,
    publishTimeoutMs: 2000,
    pollIntervalMs: 50,
  });

  it('publishes persistent messages (messageId = event id, routing key = type); a broker restart and a server restart lose none', async () => {
    const { exchange, queue } = names();
    const db = testDatabase(dialect);
    let gateway: Gateway | undefined = await openSinkGateway({
      ...db.config,
      sinks: [sinkConfig(exchange, queue)],
    });
    const backlog = () => gateway!.storage.sinkOutbox.backlog('rabbit');
    let rabbitDown = false;
    try {
      const first = await emitEvents(gateway, 20);
      await eventually(async () => (await backlog()).pending === 0, 10_000, 'the first events to publish');
      let connection = await amqp.connect(URL);
      const got = await drain(connection, queue);
      await connection.close();
      expect(got.map((m) => m.id).sort()).toEqual(first.map((e) => e.id).sort());
      expect(got[0]).toMatchObject({
        routingKey: 'message.received',
        persistent: true,
        body: { type: 'message.received', tenant_id: 'ten_s', mode: 'live' },
      });

      // The broker's application stops: events are owed and retried, then arrive once it is back.
      rabbitDown = true;
      await rabbitmq.stopApp();
      const during = await emitEvents(gateway, 5);
      await eventually(async () => (await backlog()).lastError !== null, 15_000, 'a failed publish');
      expect((await backlog()).pending).toBe(5);
      await rabbitmq.startApp();
      rabbitDown = false;
      await eventually(
        async () => (await backlog()).pending === 0,
        20_000,
        'the outbox to drain after the restart',
      );

      // The server stops while the broker is down: a new one on the same database publishes.
      rabbitDown = true;
      await rabbitmq.stopApp();
      const beforeRestart = await emitEvents(gateway, 3);
      await gateway.close();
      gateway = undefined;
      await rabbitmq.startApp();
      rabbitDown = false;
      gateway = await openSinkGateway({ ...db.config, sinks: [sinkConfig(exchange, queue)] });
      await eventually(
        async () => (await backlog()).pending === 0,
        20_000,
        'the outbox to drain after the restarts',
      );
      connection = await amqp.connect(URL);
      const after = await drain(connection, queue);
      await connection.close();
      expect(after.map((m) => m.id).sort()).toEqual([...during, ...beforeRestart].map((e) => e.id).sort());
    } finally {
      if (rabbitDown) await rabbitmq.startApp();
      await gateway?.close();
      await cleanup(exchange, queue);
      await db.cleanup();
    }
  }, 90_000);

  it('publishes on a confirm channel: publish resolves once the broker has the message', async () => {
    const { exchange, queue } = names();
    const [sink] = parseSinks([sinkConfig(exchange, queue)]);
    if (sink?.kind !== 'amqp') throw new Error('unreachable');
    const publisher = new AmqpPublisher(sink);
    try {
      const event = {
        id: 'evt_confirm',
        tenantId: 'ten_s',
        sessionId: 'ses_s',
        sequence: 1,
        type: 'message.sent' as const,
        data: {},
        createdAt: Date.now(),
      };
      await publisher.publish(sinkMessage(event));
      const connection = await amqp.connect(URL);
      const got = await drain(connection, queue);
      await connection.close();
      expect(got).toMatchObject([{ id: 'evt_confirm', routingKey: 'message.sent', persistent: true }]);
    } finally {
      await publisher.close();
      await cleanup(exchange, queue);
    }
  });
});
