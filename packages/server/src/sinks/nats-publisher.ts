import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NatsSinkConfig } from '../config/sinks-schema.js';
import { type SinkMessage, type SinkPublisher, withTimeout } from './sink-publisher.js';

interface Connected {
  nc: NatsConnection;
  js: JetStreamClient;
  headers: typeof import('@nats-io/transport-node').headers;
}

/**
 * Publishes to a JetStream stream on subject `<subjectPrefix>.<tenant id>.<event type>` with
 * `Nats-Msg-Id` = the event id, so a message published again (after a lost ack, a restart) within
 * the stream's duplicate window is stored once. The clients are imported on first use only.
 */
export class NatsPublisher implements SinkPublisher {
  #connecting: Promise<Connected> | undefined;

  constructor(private readonly config: NatsSinkConfig) {}

  async publish(m: SinkMessage): Promise<void> {
    const { js, headers } = await this.#connection();
    const h = headers();
    h.set('Wagw-Tenant', m.tenantId);
    h.set('Wagw-Mode', m.mode);
    h.set('Wagw-Event-Type', m.type);
    h.set('Content-Type', 'application/json');
    await js.publish(`${this.config.subjectPrefix}.${m.tenantId}.${m.type}`, m.body, {
      msgID: m.id,
      headers: h,
      timeout: this.config.publishTimeoutMs,
    });
  }

  #connection(): Promise<Connected> {
    this.#connecting ??= this.#connect().catch((error: unknown) => {
      this.#connecting = undefined;
      throw error;
    });
    return this.#connecting;
  }

  async #connect(): Promise<Connected> {
    const [{ connect, headers }, { jetstream, jetstreamManager }] = await Promise.all([
      import('@nats-io/transport-node'),
      import('@nats-io/jetstream'),
    ]);
    // Reconnection is ours: a lost connection fails the publishes in flight (they are retried from
    // the outbox) and the next publish connects again, so a restarted broker is found at once.
    const nc = await connect({
      servers: this.config.url.split(','),
      reconnect: false,
      timeout: this.config.publishTimeoutMs,
      name: `wagw-sink-${this.config.name}`,
    });
    const current = this.#connecting;
    void nc.closed().then(() => {
      if (this.#connecting === current) this.#connecting = undefined;
    });
    try {
      const jsm = await jetstreamManager(nc, { timeout: this.config.publishTimeoutMs });
      const { stream, subjectPrefix } = this.config;
      const exists = await jsm.streams.info(stream).then(
        () => true,
        (error: unknown) => {
          if ((error as { name?: string }).name === 'StreamNotFoundError') return false;
          throw error;
        },
      );
      if (!exists) {
        if (!this.config.createStream) throw new Error(`JetStream stream '${stream}' does not exist`);
        await jsm.streams.add({ name: stream, subjects: [`${subjectPrefix}.>`] });
      }
      return { nc, js: jetstream(nc, { timeout: this.config.publishTimeoutMs }), headers };
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw error;
    }
  }

  async reset(): Promise<void> {
    const connecting = this.#connecting;
    this.#connecting = undefined;
    const c = await connecting?.catch(() => undefined);
    if (c) await withTimeout(c.nc.close(), 2000, 'close timed out').catch(() => undefined);
  }

  close(): Promise<void> {
    return this.reset();
  }
}
