import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { Config } from './config/config-schema.js';
import { loadMasterKey, loadNodeId, MasterKeyError } from './crypto/master-key.js';
import { SecretBox } from './crypto/secret-box.js';
import { type Accounts, createAccounts } from './domain/accounts/accounts-module.js';
import type { Mailer } from './domain/accounts/mailer.js';
import { AnalyticsService } from './domain/analytics-service.js';
import { ApiCallsMeter } from './domain/api-calls-meter.js';
import { ApiKeysService } from './domain/api-keys-service.js';
import { AuditLog } from './domain/audit-log.js';
import { AuditLogReader } from './domain/audit-log-reader.js';
import { Authentication } from './domain/authentication.js';
import { BroadcastRunner } from './domain/broadcast-runner.js';
import { BroadcastsService } from './domain/broadcasts-service.js';
import { ChannelsService } from './domain/channels-service.js';
import { ChatsService } from './domain/chats-service.js';
import { ContactsService } from './domain/contacts-service.js';
import { EventsService } from './domain/events-service.js';
import { GroupsService } from './domain/groups-service.js';
import { InvoicesService } from './domain/invoices-service.js';
import { MediaService } from './domain/media-service.js';
import { MessagesService } from './domain/messages-service.js';
import { PacingService } from './domain/pacing-service.js';
import { ManualPaymentProvider } from './domain/payment-provider.js';
import { phoneNormalizer } from './domain/phone.js';
import { PlanEnforcement } from './domain/plan-enforcement.js';
import { PlansService } from './domain/plans-service.js';
import { ProfilesService } from './domain/profiles-service.js';
import { RequestLogsService } from './domain/request-logs-service.js';
import { SessionsService } from './domain/sessions-service.js';
import { SinkOutbox } from './domain/sink-outbox.js';
import { SubscriptionsService } from './domain/subscriptions-service.js';
import { TemplatesService } from './domain/templates-service.js';
import { TenantAdminService } from './domain/tenant-admin-service.js';
import { TenantLifecycle } from './domain/tenant-lifecycle.js';
import { TenantLimitsCache } from './domain/tenant-limits-cache.js';
import { TenantsService } from './domain/tenants-service.js';
import { UsageService } from './domain/usage-service.js';
import { WebhooksService } from './domain/webhooks-service.js';
import { baileysEngine } from './engines/baileys/baileys-engine.js';
import type { Engine } from './engines/engine.js';
import { sandboxEngine } from './engines/sandbox/sandbox-engine.js';
import { eventDataCheck } from './http/schemas/event-data-check.js';
import { DueLoop } from './runtime/due-loop.js';
import { processHolder } from './runtime/lease-holder.js';
import { SessionManager } from './runtime/session-manager.js';
import { SinkDispatcher } from './sinks/sink-dispatcher.js';
import type { MediaStore } from './storage/media/media-store.js';
import { openMediaStore } from './storage/media/open-media-store.js';
import { openDatabase } from './storage/open-database.js';
import { Storage } from './storage/storage.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';

const KEY_CHECK = 'master-key-check';
const KEY_CHECK_PLAINTEXT = 'wagw master key check v1';

export interface GatewayOptions {
  logger?: Logger;
  /** Extra or replacement engines by name (sandbox and baileys are always available). */
  engines?: Engine[];
  /** Replaces the configured account mailer (SMTP or the log). */
  mailer?: Mailer;
}

/**
 * The gateway's core without HTTP: storage, domain services, the session runtime and the webhook
 * dispatcher. `createServer()` puts the fastify plugin in front of it; embedders can do the same.
 */
export class Gateway {
  private constructor(
    readonly config: Config,
    readonly logger: Logger,
    readonly storage: Storage,
    readonly nodeId: string,
    readonly tenants: TenantsService,
    readonly apiKeys: ApiKeysService,
    readonly sessions: SessionsService,
    readonly messages: MessagesService,
    readonly events: EventsService,
    readonly webhooks: WebhooksService,
    readonly manager: SessionManager,
    readonly dispatcher: WebhookDispatcher,
    /** Resolves bearer tokens (API keys, login tokens) to principals. */
    readonly authentication: Authentication,
    readonly audit: AuditLog,
    /** Listeners of tenant creation (a default subscription, …). */
    readonly tenantLifecycle: TenantLifecycle,
    readonly plans: PlansService,
    readonly subscriptions: SubscriptionsService,
    /** Each tenant's plan limits, cached briefly (the rate limiter reads them per request). */
    readonly tenantLimits: TenantLimitsCache,
    /** The platform admin's tenant control: suspension, reactivation, the admin key's reset. */
    readonly tenantAdmin: TenantAdminService,
    /** Reads the audit log. */
    readonly auditLog: AuditLogReader,
    /** Users, logins, passwords, members and invites. */
    readonly accounts: Accounts,
    private readonly closeDatabase: () => Promise<void>,
    /** Usage, invoices, analytics and the `api_calls` meter. */
    readonly billing: {
      usage: UsageService;
      invoices: InvoicesService;
      analytics: AnalyticsService;
      apiCalls: ApiCallsMeter;
    },
    /** Uploaded (and later received) media files; their bytes are in the media store. */
    readonly media: MediaService,
    private readonly mediaStore: MediaStore,
    /** A session's chats (derived from its messages) and their read state. */
    readonly chats: ChatsService,
    /** A session's contacts (phone, LID, name, blocked), number checks and blocking. */
    readonly contacts: ContactsService,
    /** A session's groups: stored, kept current by the engine's events, changed through it. */
    readonly groups: GroupsService,
    /** How fast each session sends, and WhatsApp's holds on its new chats. */
    readonly pacing: PacingService,
    /** Profiles and presence, through the connected session. */
    readonly profiles: ProfilesService,
    /** The channels (newsletters) a session follows or owns. */
    readonly channels: ChannelsService,
    /** The API request log (`GET /v1/logs`). */
    readonly requestLogs: RequestLogsService,
    /** Publishes events to the configured NATS / RabbitMQ sinks; none configured, undefined. */
    readonly sinks: SinkDispatcher | undefined = undefined,
  ) {}

  get usage(): UsageService {
    return this.billing.usage;
  }
  get invoices(): InvoicesService {
    return this.billing.invoices;
  }
  get analytics(): AnalyticsService {
    return this.billing.analytics;
  }
  get apiCalls(): ApiCallsMeter {
    return this.billing.apiCalls;
  }

  #broadcasts: BroadcastsService | undefined;
  /** One message to many recipients, queued at a pace by every server's broadcast loop. */
  get broadcasts(): BroadcastsService {
    this.#broadcasts ??= new BroadcastsService(
      this.storage,
      this.events,
      this.templates,
      phoneNormalizer(this.config.defaultCountry),
      (engine, type) => this.manager.engineCapabilities(engine)?.messageTypes.includes(type) ?? false,
      () => this.#broadcastLoop?.wake(),
    );
    return this.#broadcasts;
  }

  #templates: TemplatesService | undefined;
  /** Message templates with `{{placeholders}}`, rendered when a message is sent from one. */
  get templates(): TemplatesService {
    this.#templates ??= new TemplatesService(this.storage);
    return this.#templates;
  }

  static async open(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
    const logger = options.logger ?? pino({ level: config.logLevel ?? 'info' });
    const mediaStore = await openMediaStore(config);
    const opened = await openDatabase(config).catch(async (error: unknown) => {
      await mediaStore.close();
      throw error;
    });
    try {
      const storage = new Storage(opened.db, opened.dialect);
      const box = await unlockSecrets(storage, config);
      const nodeId =
        config.nodeId ?? loadNodeId(config.dataDir, () => `node_${randomBytes(8).toString('hex')}`);
      // The node id names this server in logs and may be shared (a shared data dir, WAGW_NODE_ID);
      // leases and claims are taken by an owner id unique to this process.
      const { owner, holder } = processHolder(nodeId);

      let dispatcher: WebhookDispatcher | undefined;
      let manager: SessionManager | undefined;
      const events = new EventsService(
        storage,
        (endpointIds) => dispatcher?.wake(endpointIds),
        config.validateEvents ? eventDataCheck() : undefined,
      );
      const audit = new AuditLog();
      const apiKeys = new ApiKeysService(storage, audit);
      const authentication = new Authentication();
      authentication.register(apiKeys);
      const tenantLifecycle = new TenantLifecycle();
      const tenants = new TenantsService(storage, apiKeys, tenantLifecycle);
      const plans = new PlansService(storage, audit);
      await plans.seed();
      const tenantLimits = new TenantLimitsCache(storage);
      const subscriptions = new SubscriptionsService(
        storage,
        plans,
        audit,
        tenantLimits,
        logger.child({ component: 'billing' }),
        config.billing.defaultPlan,
      );
      if (config.billing.defaultPlan) await plans.resolve(storage, config.billing.defaultPlan);
      tenantLifecycle.onCreated((tx, tenant) => subscriptions.subscribeDefault(tx, tenant));
      const invoices = new InvoicesService(storage, audit, new ManualPaymentProvider());
      // A finished period is invoiced in the transaction that rolls the subscription over.
      subscriptions.onPeriodClosed(async (tx, period) => {
        await invoices.generateFor(tx, period);
      });
      const enforcement = new PlanEnforcement(storage);
      const accounts = createAccounts(
        { storage, tenants, audit, authentication, logger },
        {
          publicUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
          mail: config.mail,
          mailer: options.mailer,
        },
      );
      const phone = phoneNormalizer(config.defaultCountry);
      const sessions = new SessionsService(storage, events, phone, enforcement);
      const media = new MediaService(storage, mediaStore, config.media.maxBytes, {
        // Fetching a file by URL is judged like a webhook target: private targets need the opt-in.
        allowPrivate: config.webhooks.allowPrivateTargets,
        timeoutMs: config.media.fetchTimeoutMs,
      });
      const messages = new MessagesService(
        storage,
        events,
        (id) => manager?.notifyQueued(id),
        (engine, type) => manager?.engineCapabilities(engine)?.messageTypes.includes(type) ?? false,
        phone,
        media,
      );
      const webhooks = new WebhooksService(storage, box, config.webhooks.allowPrivateTargets, enforcement, {
        rotationOverlapSeconds: config.webhooks.rotationOverlapSeconds,
        timeoutMs: config.webhooks.timeoutMs,
        onQueued: (ids) => dispatcher?.wake(ids),
      });
      const contacts = new ContactsService(storage, events, phone);
      const groups = new GroupsService(storage, events, phone);
      const pacing = new PacingService(storage, events, config.sessions.pacing, {
        holdMs: config.sessions.reachOutHoldMs,
      });
      const profiles = new ProfilesService(storage, events, contacts, media);
      const channels = new ChannelsService(storage);
      const engines = new Map<string, Engine>([
        ['sandbox', sandboxEngine({ stepMs: config.sandbox.stepMs })],
        ['baileys', baileysFromConfig(config)],
      ]);
      for (const engine of options.engines ?? []) engines.set(engine.name, engine);
      manager = new SessionManager(storage, box, sessions, messages, {
        owner,
        holder,
        leaseTtlMs: config.sessions.leaseTtlMs,
        renewIntervalMs: config.sessions.renewIntervalMs,
        engines,
        logger,
        media,
        contacts,
        groups: groups.facts,
        pacing,
        profiles,
      });
      sessions.bindControl(manager);
      contacts.bindControl(manager);
      groups.bindControl(manager);
      profiles.bindControl(manager);
      channels.bindControl(manager);
      const sinks = openSinks(storage, config, events, logger, owner);
      dispatcher = new WebhookDispatcher(storage, box, logger.child({ component: 'webhooks' }), {
        owner,
        retryScheduleSeconds: config.webhooks.retryScheduleSeconds,
        timeoutMs: config.webhooks.timeoutMs,
        concurrency: config.webhooks.concurrency,
        perEndpointConcurrency: config.webhooks.perEndpointConcurrency,
        pollIntervalMs: config.webhooks.pollIntervalMs,
        guard: !config.webhooks.allowPrivateTargets,
        disableAfterMs: config.webhooks.disableAfterSeconds * 1000,
        tenantLimit: async (tenantId) =>
          (await storage.limits.of(tenantId))?.webhookDeliveriesPerMinute ?? null,
        onEndpointDisabled: async (tx, endpoint, data) => {
          await events.record(
            tx,
            {
              tenantId: endpoint.tenantId,
              sessionId: null,
              mode: endpoint.mode ?? 'live',
              type: 'webhook.endpoint_disabled',
              data: { ...data },
            },
            Date.parse(data.disabled_at),
          );
        },
      });
      const gateway = new Gateway(
        config,
        logger,
        storage,
        nodeId,
        tenants,
        apiKeys,
        sessions,
        messages,
        events,
        webhooks,
        manager,
        dispatcher,
        authentication,
        audit,
        tenantLifecycle,
        plans,
        subscriptions,
        tenantLimits,
        new TenantAdminService(storage, apiKeys, audit),
        new AuditLogReader(storage),
        accounts,
        opened.close,
        {
          usage: new UsageService(storage),
          invoices,
          analytics: new AnalyticsService(storage),
          apiCalls: new ApiCallsMeter(storage, logger.child({ component: 'usage' })),
        },
        media,
        mediaStore,
        new ChatsService(storage, phone, manager),
        contacts,
        groups,
        pacing,
        profiles,
        channels,
        new RequestLogsService(storage, logger.child({ component: 'request-logs' }), {
          ...config.requestLogs,
          maxPending: 50_000,
        }),
        sinks,
      );
      gateway.messages.templates = gateway.templates;
      return gateway;
    } catch (error) {
      await opened.close();
      await mediaStore.close();
      throw error;
    }
  }

  /** Starts background work: sessions that should run come back, queued webhooks go out. */
  async start(): Promise<void> {
    this.dispatcher.start();
    this.sinks?.start();
    this.requestLogs.start();
    await this.manager.start();
    this.#scheduler = new DueLoop(this.messages.scheduled, {
      name: 'scheduler',
      logger: this.logger.child({ component: 'scheduler' }),
    });
    this.messages.onScheduled = () => this.#scheduler?.wake();
    this.#scheduler.start();
    this.#broadcastLoop = new DueLoop(new BroadcastRunner(this.storage, this.events, this.messages), {
      name: 'broadcasts',
      logger: this.logger.child({ component: 'broadcasts' }),
    });
    this.#broadcastLoop.start();
    this.#startRenewals();
  }

  /** Queues scheduled messages when they are due. */
  #scheduler: DueLoop | undefined;
  /** Queues broadcasts' recipients at their pace. */
  #broadcastLoop: DueLoop | undefined;

  #renewTimer: NodeJS.Timeout | undefined;
  #renewing: Promise<unknown> | undefined;

  /** Rolls subscriptions over on every server; each period is closed once (see `renewDue`). */
  #startRenewals(): void {
    const tick = () => {
      this.#renewing ??= this.subscriptions
        .renewDue()
        .catch((error: unknown) => this.logger.error({ err: error }, 'subscription renewals failed'))
        .finally(() => {
          this.#renewing = undefined;
        });
    };
    tick();
    this.#renewTimer = setInterval(tick, this.config.billing.renewIntervalMs);
    this.#renewTimer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.#renewTimer);
    await this.#renewing;
    await this.#broadcastLoop?.stop();
    await this.#scheduler?.stop();
    await this.manager.shutdown();
    await this.dispatcher.stop();
    await this.sinks?.stop();
    await this.billing.apiCalls.close();
    await this.requestLogs.close();
    this.accounts.close();
    await this.mediaStore.close();
    await this.closeDatabase();
  }
}

/** The configured event sinks, fed by an outbox row per (sink, event) in the event's transaction. */
function openSinks(
  storage: Storage,
  config: Config,
  events: EventsService,
  logger: Logger,
  owner: string,
): SinkDispatcher | undefined {
  if (config.sinks.length === 0) return undefined;
  const sinks = new SinkDispatcher(storage, config.sinks, logger.child({ component: 'sinks' }), { owner });
  events.onRecorded(new SinkOutbox(config.sinks, (names) => sinks.wake(names)).queue);
  return sinks;
}

function baileysFromConfig(config: Config): Engine {
  const { baileys } = config;
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  return baileysEngine({
    waUrl: config.waUrl,
    rootPublicKey:
      baileys.rootPublicKey === undefined ? undefined : Buffer.from(baileys.rootPublicKey, 'hex'),
    version: baileys.version as [number, number, number] | undefined,
    logLevel: verbose ? 'debug' : 'warn',
    qrTimeoutMs: baileys.qrTimeoutMs,
    backoff: {
      baseMs: baileys.backoffBaseMs,
      maxMs: baileys.backoffMaxMs,
      replacedMs: baileys.replacedBackoffMs,
    },
  });
}

/**
 * Loads the master key and proves it matches this database: the first start stores a value
 * sealed with it, later starts must be able to open that value.
 */
async function unlockSecrets(storage: Storage, config: Config): Promise<SecretBox> {
  const existing = await storage.meta.get(KEY_CHECK);
  const key = loadMasterKey({ dataDir: config.dataDir, masterKey: config.masterKey, allowCreate: !existing });
  const box = new SecretBox([key]);
  const stored =
    existing ?? (await storage.meta.setIfAbsent(KEY_CHECK, box.encrypt(KEY_CHECK_PLAINTEXT, KEY_CHECK)));
  try {
    if (box.decryptString(stored, KEY_CHECK) !== KEY_CHECK_PLAINTEXT) throw new Error('mismatch');
  } catch (error) {
    throw new MasterKeyError(
      'The master key does not match this database (it cannot open the data encrypted with the original key). Use the original master.key or WAGW_MASTER_KEY.',
      { cause: error },
    );
  }
  return box;
}
