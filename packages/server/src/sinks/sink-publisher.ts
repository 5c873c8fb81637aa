import type { DomainEvent } from '../domain/types.js';
import { modeOf } from '../domain/types.js';
import { wire } from '../domain/wire.js';

/** One event as a broker message: the webhook payload plus the tenant and mode it belongs to. */
export interface SinkMessage {
  /** The event id: the broker's deduplication id (`Nats-Msg-Id`, AMQP `messageId`). */
  id: string;
  tenantId: string;
  mode: 'live' | 'test';
  type: string;
  createdAt: number;
  body: Buffer;
}

export function sinkMessage(event: DomainEvent): SinkMessage {
  const mode = modeOf(event);
  const payload = { ...wire.webhookPayload(event), tenant_id: event.tenantId, mode };
  return {
    id: event.id,
    tenantId: event.tenantId,
    mode,
    type: event.type,
    createdAt: event.createdAt,
    body: Buffer.from(JSON.stringify(payload)),
  };
}

/**
 * A connection to one broker. `publish` resolves only once the broker has acknowledged the
 * message (a JetStream PubAck, an AMQP publisher confirm); any failure rejects, and the next call
 * connects again if the connection was lost.
 */
export interface SinkPublisher {
  publish(message: SinkMessage): Promise<void>;
  /** Drops the connection (after a failure), so the next publish starts from a fresh one. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Rejects with `message` if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
