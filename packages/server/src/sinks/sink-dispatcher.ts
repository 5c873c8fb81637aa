import type { SinkConfig } from '../config/sinks-schema.js';
import type { EngineLogger } from '../engines/engine.js';
import type { Storage } from '../storage/storage.js';
import { AmqpPublisher } from './amqp-publisher.js';
import { NatsPublisher } from './nats-publisher.js';
import type { SinkPublisher } from './sink-publisher.js';
import { SinkWorker } from './sink-worker.js';

function publisherFor(sink: SinkConfig): SinkPublisher {
  return sink.kind === 'nats' ? new NatsPublisher(sink) : new AmqpPublisher(sink);
}

/**
 * Publishes every event to the configured sinks (NATS JetStream, RabbitMQ), at least once, from
 * the per-sink outbox the events service fills in each event's transaction. One worker per sink,
 * so a broker that is down delays only its own sink.
 */
export class SinkDispatcher {
  readonly #workers = new Map<string, SinkWorker>();

  constructor(
    storage: Storage,
    sinks: readonly SinkConfig[],
    logger: EngineLogger,
    options: { owner: string; publisher?: (sink: SinkConfig) => SinkPublisher },
  ) {
    const make = options.publisher ?? publisherFor;
    for (const sink of sinks) {
      this.#workers.set(sink.name, new SinkWorker(storage, sink, make(sink), logger, options));
    }
  }

  /** Messages each sink's broker acknowledged since start. */
  published(): Record<string, number> {
    return Object.fromEntries([...this.#workers].map(([name, w]) => [name, w.published]));
  }

  start(): void {
    for (const w of this.#workers.values()) w.start();
  }

  /** Rows for `sinks` were committed: publish them now rather than at the next poll. */
  wake(sinks: readonly string[]): void {
    for (const name of sinks) this.#workers.get(name)?.wake();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((w) => w.stop()));
  }
}
