/**
 * `pnpm --filter @wagw/server bench:sinks`: publish throughput of the event sinks against the
 * machine's brokers (NATS JetStream on 127.0.0.1:4222, RabbitMQ on 127.0.0.1:5672). Per sink: N
 * events are recorded (each in its own transaction, group-committed, on SQLite), then the time
 * until the broker has acknowledged every one of them and the outbox is empty. Both figures are
 * events per second end to end (record + outbox + publish + ack + row removal).
 *
 * Env: BENCH_EVENTS (5000), BENCH_BATCH (sink batch size, 100).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { SinkInput } from '../src/config/sinks-schema.js';
import { testDatabase } from '../src/testing/dialects.js';
import { emitEvents, eventually, openSinkGateway } from '../src/testing/sink-gateway.js';
import { envInt } from './env.js';
import { formatTable } from './table.js';

const N = envInt('BENCH_EVENTS', 5000, 1);
const BATCH = envInt('BENCH_BATCH', 100, 1);
const id = randomBytes(4).toString('hex');

const sinks: SinkInput[] = [
  {
    kind: 'nats',
    name: 'nats',
    url: 'nats://127.0.0.1:4222',
    stream: `WAGW_BENCH_${id}`,
    subjectPrefix: `wagw_bench_${id}`,
    batchSize: BATCH,
  },
  {
    kind: 'amqp',
    name: 'amqp',
    url: 'amqp://guest:guest@127.0.0.1:5672',
    exchange: `wagw-bench-${id}`,
    queue: `wagw-bench-${id}`,
    batchSize: BATCH,
  },
];

const rows: string[][] = [];
for (const sink of sinks) {
  const db = testDatabase('sqlite');
  const gateway = await openSinkGateway({ ...db.config, sinks: [sink] });
  try {
    const started = performance.now();
    for (let i = 0; i < N; i += 500) await emitEvents(gateway, Math.min(500, N - i));
    const recorded = performance.now();
    await eventually(
      async () => (await gateway.storage.sinkOutbox.backlog(sink.name)).pending === 0,
      300_000,
      `${sink.name} to drain`,
    );
    const drained = performance.now();
    rows.push([
      sink.kind,
      String(N),
      String(Math.round(N / ((recorded - started) / 1000))),
      String(Math.round(N / ((drained - started) / 1000))),
      String(Math.round(drained - started)),
    ]);
  } finally {
    await gateway.close();
    rmSync(db.dataDir, { recursive: true, force: true });
  }
}
console.log(formatTable(['sink', 'events', 'recorded/s', 'acked/s', 'total ms'], rows));
// Delete what the bench created on the brokers.
const { connect } = await import('@nats-io/transport-node');
const { jetstreamManager } = await import('@nats-io/jetstream');
const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
await (await jetstreamManager(nc)).streams.delete(`WAGW_BENCH_${id}`).catch(() => undefined);
await nc.close();
const amqp = await import('amqplib');
const conn = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
const ch = await conn.createChannel();
await ch.deleteQueue(`wagw-bench-${id}`);
await ch.deleteExchange(`wagw-bench-${id}`);
await conn.close();
console.log('cleaned up.');
