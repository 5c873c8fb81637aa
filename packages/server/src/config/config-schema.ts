import { type Static, Type } from '@sinclair/typebox';
import { type SinkInput, SinkSchema } from './sinks-schema.js';

const LogLevel = Type.Union([
  Type.Literal('fatal'),
  Type.Literal('error'),
  Type.Literal('warn'),
  Type.Literal('info'),
  Type.Literal('debug'),
  Type.Literal('trace'),
  Type.Literal('silent'),
]);

/** Everything the server can be configured with. Unknown keys are errors, never ignored. */
/** The default pace of sessions on real engines: about one message every 3 s, 20 new chats an hour. */
export const DEFAULT_PACING = { perMinute: 20, newChatsPerHour: 20 } as const;

export const ConfigSchema = Type.Object(
  {
    dataDir: Type.String({ default: './.wagw', minLength: 1 }),
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    /** Postgres schema to use (tests give each run its own). */
    databaseSchema: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' })),
    host: Type.String({ default: '127.0.0.1' }),
    port: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
    /** base64 of 32 bytes; when absent, `<dataDir>/master.key` is used (and created on first start). */
    masterKey: Type.Optional(Type.String({ minLength: 40 })),
    /** Identifies this process as a lease owner; defaults to an id persisted in the data dir. */
    nodeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    logLevel: Type.Optional(LogLevel),
    bodyLimitBytes: Type.Integer({ default: 1_048_576, minimum: 1024 }),
    /**
     * Which proxies' `X-Forwarded-For` to believe for the client IP (key IP allow-lists,
     * `last_used_ip`, the audit log, login sessions): `false` (default: the socket's address, so no
     * client can forge it), `true` (every hop: only behind a proxy that overwrites the header), a
     * number of hops, or a comma-separated list of proxy addresses/CIDRs (`10.0.0.0/8,127.0.0.1`).
     */
    trustProxy: Type.Union(
      [Type.Boolean(), Type.Integer({ minimum: 1, maximum: 32 }), Type.String({ minLength: 1 })],
      {
        default: false,
      },
    ),
    /**
     * ISO 3166 country (e.g. `US`, `GB`) for phone numbers written without a country code; unset,
     * such numbers are refused (INVALID_PHONE_NUMBER) rather than guessed.
     */
    defaultCountry: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    webhooks: Type.Object(
      {
        allowPrivateTargets: Type.Boolean({ default: false }),
        /** Seconds before each attempt (Standard Webhooks' schedule); an endpoint may have its own. */
        retryScheduleSeconds: Type.Array(Type.Number({ minimum: 0, maximum: 604_800 }), {
          default: [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400],
          minItems: 1,
          maxItems: 50,
        }),
        /** An endpoint failing continuously this long is disabled (an endpoint may have its own). */
        disableAfterSeconds: Type.Integer({ default: 432_000, minimum: 60 }),
        /** After a secret rotation, the previous secret signs as well for this long unless told. */
        rotationOverlapSeconds: Type.Integer({ default: 86_400, minimum: 0, maximum: 604_800 }),
        /** Hard deadline of one attempt: connect, headers and body together. */
        timeoutMs: Type.Integer({ default: 15_000, minimum: 100 }),
        /** Deliveries in flight at once, over all endpoints. */
        concurrency: Type.Integer({ default: 64, minimum: 1, maximum: 1000 }),
        /** Deliveries in flight at once to one endpoint (capped by `concurrency`). */
        perEndpointConcurrency: Type.Integer({ default: 32, minimum: 1, maximum: 1000 }),
        pollIntervalMs: Type.Integer({ default: 1000, minimum: 10 }),
      },
      { default: {}, additionalProperties: false },
    ),
    sessions: Type.Object(
      {
        leaseTtlMs: Type.Integer({ default: 30_000, minimum: 1000 }),
        renewIntervalMs: Type.Integer({ default: 10_000, minimum: 100 }),
        /**
         * The pace of sessions on real engines (the sandbox is not paced) that set none of their
         * own: messages a minute (spaced with jitter) and messages to new chats per rolling hour;
         * null is unlimited. See docs/pacing.md.
         */
        pacing: Type.Object(
          {
            perMinute: Type.Union([Type.Integer({ minimum: 1, maximum: 6000 }), Type.Null()], {
              default: 20,
            }),
            newChatsPerHour: Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()], {
              default: DEFAULT_PACING.newChatsPerHour,
            }),
          },
          { default: {}, additionalProperties: false },
        ),
        /** How long a 463 holds new chats when WhatsApp does not say until when (docs/pacing.md). */
        reachOutHoldMs: Type.Integer({ default: 60_000, minimum: 100 }),
      },
      { default: {}, additionalProperties: false },
    ),
    /** WhatsApp's WebSocket URL for the baileys engine (e.g. a local simulator); default WhatsApp's own. */
    waUrl: Type.Optional(Type.String({ pattern: '^wss?://' })),
    baileys: Type.Object(
      {
        /** First reconnect delay after a transient disconnect; doubles up to `backoffMaxMs`. */
        backoffBaseMs: Type.Integer({ default: 1000, minimum: 1 }),
        backoffMaxMs: Type.Integer({ default: 60_000, minimum: 1 }),
        /** Wait after "connection replaced" (440) before the one retry. */
        replacedBackoffMs: Type.Integer({ default: 30_000, minimum: 1 }),
        /**
         * Hex of the 32-byte root key the server's noise certificate must chain to, for a simulator
         * (it applies to the whole process); default WhatsApp's own.
         */
        rootPublicKey: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
        /** How long each QR code is shown; default WhatsApp's rhythm (60 s, then 20 s per refresh). */
        qrTimeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
        /** The WhatsApp Web version to announce; default the one the bundled Baileys ships with. */
        version: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 3, maxItems: 3 })),
      },
      { default: {}, additionalProperties: false },
    ),
    /**
     * Redis for state shared by every server (the per-minute request limit); without it the
     * database holds that state.
     */
    redisUrl: Type.Optional(Type.String({ pattern: '^rediss?://' })),
    billing: Type.Object(
      {
        /**
         * The plan code every new tenant is subscribed to (and a cancellation falls back to);
         * unset, new tenants have no subscription and so no limits (self-hosting).
         */
        defaultPlan: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        /** How often each server rolls over subscriptions whose period has ended. */
        renewIntervalMs: Type.Integer({ default: 60_000, minimum: 100 }),
      },
      { default: {}, additionalProperties: false },
    ),
    /** The URL users reach this server at, for links in mails (default `http://<host>:<port>`). */
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    /** Account mail (password resets, invites): SMTP when `smtpUrl` is set, else to the log. */
    mail: Type.Object(
      {
        /** `smtp://user:pass@host:587` or `smtps://…:465`. */
        smtpUrl: Type.Optional(Type.String({ pattern: '^smtps?://' })),
        from: Type.String({ default: 'wagw <no-reply@localhost>', minLength: 3 }),
      },
      { default: {}, additionalProperties: false },
    ),
    /** Media files (sent and received): where their bytes live and how large one may be. */
    media: Type.Object(
      {
        /** The largest file accepted (upload, URL fetch, inbound download). */
        maxBytes: Type.Integer({ default: 16 * 1024 * 1024, minimum: 1024 }),
        /** A file sent by URL must be fetched within this (connect, headers and body). */
        fetchTimeoutMs: Type.Integer({ default: 30_000, minimum: 100 }),
        /** Set: an S3-compatible bucket holds media; unset: `<dataDir>/media` on the local disk. */
        s3: Type.Optional(
          Type.Object(
            {
              bucket: Type.String({ minLength: 3, maxLength: 63 }),
              /** `https://s3.example.com` for an S3-compatible store; unset: AWS. */
              endpoint: Type.Optional(Type.String({ pattern: '^https?://' })),
              region: Type.String({ default: 'us-east-1', minLength: 1 }),
              /** Unset: the AWS SDK's default credential chain. */
              accessKeyId: Type.Optional(Type.String({ minLength: 1 })),
              secretAccessKey: Type.Optional(Type.String({ minLength: 1 })),
              forcePathStyle: Type.Boolean({ default: false }),
              /** Prepended to every object key, e.g. `wagw/`. */
              prefix: Type.String({ default: '', pattern: '^([A-Za-z0-9_.-]+/)*$' }),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { default: {}, additionalProperties: false },
    ),
    /**
     * Check every event's data against its schema in the event catalog before it is recorded; a
     * mismatch fails the write with EVENT_SCHEMA_VIOLATION. For tests and development (the tests
     * turn it on); it costs a schema check per event.
     */
    validateEvents: Type.Boolean({ default: false }),
    sandbox: Type.Object(
      {
        /** Delay between the simulated sent → delivered → read steps. */
        stepMs: Type.Integer({ default: 300, minimum: 0 }),
      },
      { default: {}, additionalProperties: false },
    ),
    /** Event sinks (NATS JetStream, RabbitMQ): every event is also published to each (docs/sinks.md). */
    sinks: Type.Array(SinkSchema, { default: [], maxItems: 20 }),
    /** Server-Sent Events streams (`/v1/events/stream`, `/v1/logs/stream`). */
    streams: Type.Object(
      {
        /**
         * How often an open stream looks for rows another server committed to the same database
         * (this server's own commits wake it at once).
         */
        pollIntervalMs: Type.Integer({ default: 1000, minimum: 10 }),
        /** Time between `: keep-alive` comments on an idle stream, so proxies keep it open. */
        heartbeatMs: Type.Integer({ default: 15_000, minimum: 100 }),
        /**
         * A stream is ended after this long (the SDK and EventSource reconnect with
         * `Last-Event-ID` and miss nothing), so long-lived clients spread over restarted or added
         * servers.
         */
        maxDurationMs: Type.Integer({ default: 3_600_000, minimum: 100 }),
      },
      { default: {}, additionalProperties: false },
    ),
    /** The API request log (`GET /v1/logs`, `wagw logs tail`). */
    requestLogs: Type.Object(
      {
        /** Record authenticated API requests (method, path, status, duration, key, error code). */
        enabled: Type.Boolean({ default: true }),
        /** Entries older than this are deleted. */
        retentionDays: Type.Number({ default: 7, exclusiveMinimum: 0 }),
        /** Entries are queued in memory and written in one batch this often. */
        flushIntervalMs: Type.Integer({ default: 500, minimum: 10 }),
        /** How often expired entries are deleted. */
        pruneIntervalMs: Type.Integer({ default: 3_600_000, minimum: 1000 }),
      },
      { default: {}, additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type Config = Readonly<Static<typeof ConfigSchema>>;
export type ConfigInput = Partial<{
  [K in Exclude<keyof Static<typeof ConfigSchema>, 'sinks'>]: Static<typeof ConfigSchema>[K] extends object
    ? Partial<Static<typeof ConfigSchema>[K]>
    : Static<typeof ConfigSchema>[K];
}> & { sinks?: SinkInput[] };
