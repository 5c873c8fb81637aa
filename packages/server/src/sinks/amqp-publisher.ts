import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { AmqpSinkConfig } from '../config/sinks-schema.js';
import { type SinkMessage, type SinkPublisher, withTimeout } from './sink-publisher.js';

interface Connected {
  connection: ChannelModel;
  channel: ConfirmChannel;
}

/**
 * Publishes persistent messages to a durable exchange with routing key = event type and
 * `messageId` = the event id, on a confirm channel: `publish` resolves on the broker's ack. A
 * durable `queue`, when configured, is declared and bound so nothing is dropped before a consumer
 * exists. amqplib is imported on first use only.
 */
export class AmqpPublisher implements SinkPublisher {
  #connecting: Promise<Connected> | undefined;

  constructor(private readonly config: AmqpSinkConfig) {}

  async publish(m: SinkMessage): Promise<void> {
    const { channel } = await this.#connection();
    const confirmed = new Promise<void>((resolve, reject) => {
      channel.publish(
        this.config.exchange,
        m.type,
        m.body,
        {
          persistent: true,
          messageId: m.id,
          type: m.type,
          contentType: 'application/json',
          timestamp: Math.floor(m.createdAt / 1000),
          appId: 'wagw',
          headers: { 'wagw-tenant': m.tenantId, 'wagw-mode': m.mode },
        },
        (error: unknown) => (error ? reject(toError(error)) : resolve()),
      );
    });
    await withTimeout(confirmed, this.config.publishTimeoutMs, 'the broker did not confirm in time');
  }

  #connection(): Promise<Connected> {
    this.#connecting ??= this.#connect().catch((error: unknown) => {
      this.#connecting = undefined;
      throw error;
    });
    return this.#connecting;
  }

  async #connect(): Promise<Connected> {
    const amqp = await import('amqplib');
    const connection = await amqp.connect(this.config.url, { timeout: this.config.publishTimeoutMs });
    const current = this.#connecting;
    const lost = () => {
      if (this.#connecting === current) this.#connecting = undefined;
    };
    // A closed connection or channel is noticed here; the outbox retries what was unconfirmed.
    connection.on('error', () => undefined);
    connection.on('close', lost);
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => undefined);
      channel.on('close', lost);
      const { exchange, exchangeType, queue, bindingKey } = this.config;
      await channel.assertExchange(exchange, exchangeType, { durable: true });
      if (queue) {
        await channel.assertQueue(queue, { durable: true });
        await channel.bindQueue(queue, exchange, bindingKey);
      }
      return { connection, channel };
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  async reset(): Promise<void> {
    const connecting = this.#connecting;
    this.#connecting = undefined;
    const c = await connecting?.catch(() => undefined);
    if (c) await withTimeout(c.connection.close(), 2000, 'close timed out').catch(() => undefined);
  }

  close(): Promise<void> {
    return this.reset();
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
