import { AsyncResource } from 'node:async_hooks';
import { sql } from 'kysely';
import type { Db, DialectName } from './database.js';
import { pingDatabase } from './open-database.js';
import { AnalyticsRepo } from './repositories/analytics-repo.js';
import { ApiKeysRepo } from './repositories/api-keys-repo.js';
import { AuditRepo } from './repositories/audit-repo.js';
import { BroadcastsRepo } from './repositories/broadcasts-repo.js';
import { ChannelsRepo } from './repositories/channels-repo.js';
import { ChatsRepo } from './repositories/chats-repo.js';
import { ContactsRepo } from './repositories/contacts-repo.js';
import { EngineStateRepo } from './repositories/engine-state-repo.js';
import { EventsRepo } from './repositories/events-repo.js';
import { GroupsRepo } from './repositories/groups-repo.js';
import { IdempotencyRepo } from './repositories/idempotency-repo.js';
import { InvitesRepo } from './repositories/invites-repo.js';
import { InvoicesRepo } from './repositories/invoices-repo.js';
import { JobsRepo } from './repositories/jobs-repo.js';
import { KnownChatsRepo } from './repositories/known-chats-repo.js';
import { LeasesRepo } from './repositories/leases-repo.js';
import { LimitsRepo } from './repositories/limits-repo.js';
import { LoginSessionsRepo } from './repositories/login-sessions-repo.js';
import { MediaRepo } from './repositories/media-repo.js';
import { MembershipsRepo } from './repositories/memberships-repo.js';
import { MessagesRepo } from './repositories/messages-repo.js';
import { MetaRepo } from './repositories/meta-repo.js';
import { PacingRepo } from './repositories/pacing-repo.js';
import { PasswordResetsRepo } from './repositories/password-resets-repo.js';
import { PlansRepo } from './repositories/plans-repo.js';
import { RateLimitRepo } from './repositories/rate-limit-repo.js';
import { RequestLogsRepo } from './repositories/request-logs-repo.js';
import { SessionsRepo } from './repositories/sessions-repo.js';
import { SinkOutboxRepo } from './repositories/sink-outbox-repo.js';
import { SubscriptionsRepo } from './repositories/subscriptions-repo.js';
import { TemplatesRepo } from './repositories/templates-repo.js';
import { TenantsRepo } from './repositories/tenants-repo.js';
import { UsageRepo } from './repositories/usage-repo.js';
import { UsersRepo } from './repositories/users-repo.js';
import { WebhooksRepo } from './repositories/webhooks-repo.js';

interface PendingWork {
  fn: (tx: Storage) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The most transactions one group commit takes; the rest go into the next. */
const MAX_BATCH = 256;

/**
 * The storage facade the domain layer sees. `transaction()` hands out the same facade bound to one
 * database transaction, so a service can write several tables atomically without touching kysely.
 */
export class Storage {
  readonly tenants: TenantsRepo;
  readonly apiKeys: ApiKeysRepo;
  readonly sessions: SessionsRepo;
  readonly leases: LeasesRepo;
  readonly engineState: EngineStateRepo;
  readonly messages: MessagesRepo;
  readonly contacts: ContactsRepo;
  readonly jobs: JobsRepo;
  readonly events: EventsRepo;
  readonly webhooks: WebhooksRepo;
  readonly idempotency: IdempotencyRepo;
  readonly meta: MetaRepo;
  readonly memberships: MembershipsRepo;
  readonly audit: AuditRepo;
  readonly plans: PlansRepo;
  readonly subscriptions: SubscriptionsRepo;
  readonly usage: UsageRepo;
  readonly limits: LimitsRepo;
  readonly rateLimits: RateLimitRepo;
  readonly invoices: InvoicesRepo;
  readonly analytics: AnalyticsRepo;
  readonly users: UsersRepo;
  readonly loginSessions: LoginSessionsRepo;
  readonly passwordResets: PasswordResetsRepo;
  readonly invites: InvitesRepo;
  readonly media: MediaRepo;
  readonly chats: ChatsRepo;
  readonly sinkOutbox: SinkOutboxRepo;
  readonly requestLogs: RequestLogsRepo;
  readonly templates: TemplatesRepo;
  readonly groups: GroupsRepo;
  readonly pacing: PacingRepo;
  readonly knownChats: KnownChatsRepo;
  readonly channels: ChannelsRepo;
  readonly broadcasts: BroadcastsRepo;

  constructor(
    private readonly db: Db,
    readonly dialect: DialectName,
    private readonly inTransaction = false,
  ) {
    this.tenants = new TenantsRepo(db);
    this.apiKeys = new ApiKeysRepo(db);
    this.sessions = new SessionsRepo(db);
    this.leases = new LeasesRepo(db);
    this.engineState = new EngineStateRepo(db);
    this.messages = new MessagesRepo(db, dialect);
    this.contacts = new ContactsRepo(db);
    this.jobs = new JobsRepo(db);
    this.events = new EventsRepo(db);
    this.webhooks = new WebhooksRepo(db);
    this.idempotency = new IdempotencyRepo(db);
    this.meta = new MetaRepo(db);
    this.memberships = new MembershipsRepo(db, dialect);
    this.audit = new AuditRepo(db);
    this.plans = new PlansRepo(db);
    this.subscriptions = new SubscriptionsRepo(db);
    this.usage = new UsageRepo(db);
    this.limits = new LimitsRepo(db);
    this.rateLimits = new RateLimitRepo(db);
    this.invoices = new InvoicesRepo(db, dialect);
    this.analytics = new AnalyticsRepo(db);
    this.users = new UsersRepo(db);
    this.loginSessions = new LoginSessionsRepo(db);
    this.passwordResets = new PasswordResetsRepo(db);
    this.invites = new InvitesRepo(db);
    this.media = new MediaRepo(db);
    this.chats = new ChatsRepo(db);
    this.sinkOutbox = new SinkOutboxRepo(db);
    this.requestLogs = new RequestLogsRepo(db, dialect);
    this.templates = new TemplatesRepo(db);
    this.broadcasts = new BroadcastsRepo(db);
    this.groups = new GroupsRepo(db, dialect);
    this.pacing = new PacingRepo(db);
    this.knownChats = new KnownChatsRepo(db);
    this.channels = new ChannelsRepo(db);
  }

  #afterCommit: Array<() => void> = [];
  readonly #memo = new Map<string, Promise<unknown>>();

  /**
   * The same database transaction for one more logical transaction of a group commit: its own
   * `memo()`, the shared after-commit list.
   */
  #forWork(): Storage {
    const work = new Storage(this.db, this.dialect, true);
    work.#afterCommit = this.#afterCommit;
    return work;
  }

  /**
   * Inside a transaction, `compute()`'s result for `key`, computed once for the rest of it (what a
   * transaction reads many times and does not change itself, such as a tenant's webhook endpoints
   * while it records a run of events). Outside a transaction every call computes.
   */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.inTransaction) return compute();
    let value = this.#memo.get(key) as Promise<T> | undefined;
    if (!value) {
      value = compute();
      this.#memo.set(key, value);
    }
    return value;
  }

  /**
   * Runs `fn` in a transaction and returns its result. On SQLite (one connection, one writer:
   * transactions queue for it anyway) transactions are group-committed: those submitted while
   * another is running, or in the same tick, run one after the other inside one database
   * transaction and share its commit (one fsync instead of one each). Each `fn` still sees its own
   * writes atomically: if the shared transaction fails, every `fn` of it is retried alone, so one
   * failing transaction never fails or half-applies another. On Postgres each call is its own
   * transaction (concurrent, on the pool).
   */
  transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    if (this.dialect === 'sqlite') return this.#enqueue(fn);
    return this.#runAlone(fn);
  }

  async #runAlone<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    let tx: Storage | undefined;
    const result = await this.db.transaction().execute((trx) => {
      tx = new Storage(trx, this.dialect, true);
      return fn(tx);
    });
    const callbacks = tx ? tx.#afterCommit : [];
    for (const callback of callbacks) callback();
    return result;
  }

  #batch: PendingWork[] = [];
  #flushing = false;

  /**
   * Group commit on either dialect: writes submitted in the same tick share one transaction (one
   * fsync), which is what lets many concurrent accepts be durable without each paying for its own
   * commit. Each caller's promise settles only after the commit; a failed shared transaction is
   * retried write by write, as in `transaction()`.
   */
  groupCommit(work: (tx: Storage) => Promise<void>): Promise<void> {
    if (this.inTransaction) return work(this);
    return this.#enqueue(work);
  }

  #enqueue<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    // Bound to the caller's async context: the batch runs from whichever caller's tick flushes it,
    // and each `fn` must still see its own request's context (the audit log's request id).
    const bound = AsyncResource.bind(fn);
    return new Promise<T>((resolve, reject) => {
      this.#batch.push({ fn: bound, resolve: resolve as (value: unknown) => void, reject });
      if (this.#batch.length === 1 && !this.#flushing) setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    // SQLite: one flush at a time, so what arrives meanwhile joins the next batch. Postgres: a
    // batch per tick, several at once on the pool.
    const singleFlight = this.dialect === 'sqlite';
    if (singleFlight) this.#flushing = true;
    const batch = this.#batch.splice(0, MAX_BATCH);
    try {
      if (batch.length === 1) {
        const [item] = batch as [PendingWork];
        await this.#runAlone(item.fn).then(item.resolve, item.reject);
        return;
      }
      let results: unknown[];
      try {
        results = await this.#runAlone(async (tx) => {
          const out: unknown[] = [];
          for (const item of batch) out.push(await item.fn(tx.#forWork()));
          return out;
        });
      } catch {
        for (const item of batch) await this.#runAlone(item.fn).then(item.resolve, item.reject);
        return;
      }
      for (const [i, item] of batch.entries()) item.resolve(results[i]);
    } finally {
      if (singleFlight) this.#flushing = false;
      if (this.#batch.length > 0 && (singleFlight || batch.length === MAX_BATCH)) {
        setImmediate(() => void this.#flush());
      }
    }
  }

  /** Runs `callback` once the surrounding transaction has committed (at once outside one). */
  afterCommit(callback: () => void): void {
    if (this.inTransaction) this.#afterCommit.push(callback);
    else callback();
  }

  /**
   * Serialises event-writing transactions of one tenant on Postgres, so the events' `pos` order is
   * their commit order and a reader paging with `after` never skips a late-committing event.
   * (SQLite has a single writer already.)
   */
  async lockEventStream(tenantId: string): Promise<void> {
    if (this.dialect !== 'postgres') return;
    await sql`select pg_advisory_xact_lock(hashtext(${`wagw-events:${tenantId}`}))`.execute(this.db);
  }

  /**
   * Serialises, on Postgres, the transactions of one tenant that check a plan limit and then
   * create what it counts (sessions, webhook endpoints): under read committed two of them would
   * each count without the other's uncommitted row and both pass the limit. Held to the end of
   * the transaction. (SQLite has a single writer already.)
   */
  async lockTenantLimits(tenantId: string): Promise<void> {
    if (this.dialect !== 'postgres') return;
    await sql`select pg_advisory_xact_lock(hashtext(${`wagw-limits:${tenantId}`}))`.execute(this.db);
  }

  get supportsSkipLocked(): boolean {
    return this.dialect === 'postgres';
  }

  ping(): Promise<void> {
    return pingDatabase(this.db);
  }
}

/** True for a unique-constraint violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
