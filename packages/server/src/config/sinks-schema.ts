import { type Static, Type } from '@sinclair/typebox';

const SinkName = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' });
/** Event types (`message.received`), families (`message.*`) or `*`, as webhook endpoints take. */
const EventFilter = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  default: ['*'],
});
/** Which events a sink gets: live ones (the default), test-mode ones, or both. */
const SinkModes = Type.Array(Type.Union([Type.Literal('live'), Type.Literal('test')]), {
  minItems: 1,
  default: ['live'],
});
const common = {
  /** Names this sink's outbox rows: keep it stable, or what is queued for the old name stays there. */
  name: SinkName,
  events: EventFilter,
  modes: SinkModes,
  /** First retry delay after a failed publish; doubles up to `retryMaxMs`, and retries never stop. */
  retryBaseMs: Type.Integer({ default: 1000, minimum: 1 }),
  retryMaxMs: Type.Integer({ default: 60_000, minimum: 1 }),
  /** How long the broker has to acknowledge one message before it counts as failed. */
  publishTimeoutMs: Type.Integer({ default: 5000, minimum: 100 }),
  /** Messages published at once, each acknowledged before its row is removed. */
  batchSize: Type.Integer({ default: 100, minimum: 1, maximum: 1000 }),
  /** How often the outbox is read for retries that came due (new events wake it at once). */
  pollIntervalMs: Type.Integer({ default: 1000, minimum: 10 }),
};

/** NATS JetStream: subject `<subjectPrefix>.<tenant id>.<event type>`, `Nats-Msg-Id` = event id. */
export const NatsSinkSchema = Type.Object(
  {
    kind: Type.Literal('nats'),
    ...common,
    /** `nats://host:4222` (several servers separated by commas). */
    url: Type.String({ pattern: '^(nats|tls|wss?)://' }),
    stream: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    subjectPrefix: Type.String({ default: 'wagw', pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$' }),
    /** Create the stream (subjects `<subjectPrefix>.>`) when it does not exist. */
    createStream: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);

/**
 * RabbitMQ (AMQP 0-9-1): persistent messages on a durable exchange, routing key = event type,
 * `messageId` = event id, publisher confirms.
 */
export const AmqpSinkSchema = Type.Object(
  {
    kind: Type.Literal('amqp'),
    ...common,
    /** `amqp://user:pass@host:5672/vhost` or `amqps://…`. */
    url: Type.String({ pattern: '^amqps?://' }),
    exchange: Type.String({ minLength: 1, maxLength: 255 }),
    exchangeType: Type.Union([Type.Literal('topic'), Type.Literal('direct'), Type.Literal('fanout')], {
      default: 'topic',
    }),
    /**
     * A durable queue to declare and bind to the exchange, so events are kept even before a
     * consumer declares its own (a message no queue is bound for is dropped by the broker).
     */
    queue: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    /** The binding key of `queue` (default `#`: every event). */
    bindingKey: Type.String({ default: '#', maxLength: 255 }),
  },
  { additionalProperties: false },
);

export const SinkSchema = Type.Union([NatsSinkSchema, AmqpSinkSchema]);

export type NatsSinkConfig = Static<typeof NatsSinkSchema>;
export type AmqpSinkConfig = Static<typeof AmqpSinkSchema>;
export type SinkConfig = Static<typeof SinkSchema>;

type Defaulted =
  | 'events'
  | 'modes'
  | 'retryBaseMs'
  | 'retryMaxMs'
  | 'publishTimeoutMs'
  | 'batchSize'
  | 'pollIntervalMs';
type WithDefaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** A sink as written in the configuration: fields with defaults may be left out. */
export type SinkInput =
  | WithDefaults<NatsSinkConfig, Defaulted | 'subjectPrefix' | 'createStream'>
  | WithDefaults<AmqpSinkConfig, Defaulted | 'exchangeType' | 'bindingKey'>;
