import { WagwError } from './core/errors.js';
import { type RequestOptions, Transport } from './core/request.js';
import { Admin } from './resources/admin.js';
import { AdminPlans } from './resources/admin-plans.js';
import { Analytics } from './resources/analytics.js';
import { ApiKeys } from './resources/api-keys.js';
import { AuditLog } from './resources/audit-log.js';
import { Auth } from './resources/auth.js';
import { Broadcasts } from './resources/broadcasts.js';
import { Channels } from './resources/channels.js';
import { Chats } from './resources/chats.js';
import { Contacts } from './resources/contacts.js';
import { Events } from './resources/events.js';
import { Groups } from './resources/groups.js';
import { Invites } from './resources/invites.js';
import { Invoices } from './resources/invoices.js';
import { Lids } from './resources/lids.js';
import { Logs } from './resources/logs.js';
import { Media } from './resources/media.js';
import { Members } from './resources/members.js';
import { Messages } from './resources/messages.js';
import { Plans } from './resources/plans.js';
import { Profiles } from './resources/profiles.js';
import { Sessions } from './resources/sessions.js';
import { SubscriptionResource } from './resources/subscription.js';
import { Templates } from './resources/templates.js';
import { Tenants } from './resources/tenants.js';
import { UsageResource } from './resources/usage.js';
import { Users } from './resources/users.js';
import { Webhooks } from './resources/webhooks.js';
import type { Me } from './types.js';

export interface WagwOptions {
  /** Root URL of the gateway, without `/v1`: `http://localhost:3000`. */
  baseUrl: string;
  /**
   * The bearer token: an API key (`wagw_live_…`, `wagw_test_…`) or a login access token
   * (`wagw_at_…`). Leave it out for the calls that need none (`auth.register`, `auth.login`,
   * `auth.refresh`, the password reset, `invites.accept` with a new account); any other call then
   * fails with an `AuthenticationError` (401 UNAUTHENTICATED).
   */
  apiKey?: string;
  /** Time limit of each attempt, in ms, reading the body included. Default 30 000. */
  timeoutMs?: number;
  /**
   * Automatic retries after a network error, a timeout, a 429, a 5xx or a 409
   * `IDEMPOTENCY_REQUEST_IN_PROGRESS`, with backoff and `Retry-After`. Default 2.
   */
  maxRetries?: number;
  /** A `fetch` implementation to use instead of the global one (tests, proxies, tracing). */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/**
 * The wagw API client. Instances are immutable and safe to share.
 *
 * @example
 * import { Wagw } from '@wagw/sdk';
 *
 * const wagw = new Wagw({ baseUrl: 'http://localhost:3000', apiKey: process.env.WAGW_API_KEY! });
 * const session = await wagw.sessions.create({ name: 'support' });
 * await wagw.messages.send(session.id, { type: 'text', to: '+15551234567', text: 'Hello' });
 */
export class Wagw {
  readonly sessions: Sessions;
  readonly messages: Messages;
  readonly events: Events;
  readonly webhooks: Webhooks;
  readonly apiKeys: ApiKeys;
  readonly tenants: Tenants;
  readonly plans: Plans;
  readonly subscription: SubscriptionResource;
  /** The platform admin's plans (and tenants' plans). */
  readonly adminPlans: AdminPlans;
  readonly auditLog: AuditLog;
  /** The platform admin's API (an admin key). */
  readonly admin: Admin;
  /** Usage per UTC month (`billing:read`); every tenant's for the platform admin. */
  readonly usage: UsageResource;
  readonly invoices: Invoices;
  readonly media: Media;
  /** Message templates with `{{placeholders}}`. */
  readonly templates: Templates;
  /** One message to many recipients, at a pace, with progress. */
  readonly broadcasts: Broadcasts;
  readonly chats: Chats;
  /** A session's contacts: list, get, number checks, block and unblock. */
  readonly contacts: Contacts;
  /** A session's LID ↔ phone number mappings. */
  readonly lids: Lids;
  /** A session's groups: list, get, create, change, participants, invite links, join and leave. */
  readonly groups: Groups;
  /** The session's own profile and presence, contacts' profiles, presence subscriptions. */
  readonly profiles: Profiles;
  /** WhatsApp channels (newsletters): followed and owned ones, create, follow, unfollow. */
  readonly channels: Channels;
  readonly analytics: Analytics;
  readonly auth: Auth;
  readonly users: Users;
  readonly members: Members;
  readonly invites: Invites;
  /** The API request log (`logs:read`). */
  readonly logs: Logs;
  readonly #transport: Transport;

  constructor(options: WagwOptions) {
    const { baseUrl, apiKey, timeoutMs = 30_000, maxRetries = 2 } = options ?? {};
    if (!isHttpUrl(baseUrl)) {
      throw new WagwError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}.`);
    }
    if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
      throw new WagwError('apiKey must be a non-empty string when given.');
    }
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0))
      throw new WagwError('timeoutMs must be a positive number.');
    if (!(Number.isInteger(maxRetries) && maxRetries >= 0)) {
      throw new WagwError('maxRetries must be a non-negative integer.');
    }
    this.#transport = new Transport({
      baseUrl,
      ...(apiKey !== undefined && { apiKey }),
      timeoutMs,
      maxRetries,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.headers ? { headers: { ...options.headers } } : {}),
    });
    this.sessions = new Sessions(this.#transport);
    this.messages = new Messages(this.#transport);
    this.events = new Events(this.#transport);
    this.webhooks = new Webhooks(this.#transport);
    this.apiKeys = new ApiKeys(this.#transport);
    this.tenants = new Tenants(this.#transport);
    this.plans = new Plans(this.#transport);
    this.subscription = new SubscriptionResource(this.#transport);
    this.adminPlans = new AdminPlans(this.#transport);
    this.auditLog = new AuditLog(this.#transport);
    this.admin = new Admin(this.#transport);
    this.usage = new UsageResource(this.#transport);
    this.invoices = new Invoices(this.#transport);
    this.media = new Media(this.#transport);
    this.templates = new Templates(this.#transport);
    this.broadcasts = new Broadcasts(this.#transport);
    this.chats = new Chats(this.#transport);
    this.contacts = new Contacts(this.#transport);
    this.lids = new Lids(this.#transport);
    this.groups = new Groups(this.#transport);
    this.profiles = new Profiles(this.#transport);
    this.channels = new Channels(this.#transport);
    this.analytics = new Analytics(this.#transport);
    this.auth = new Auth(this.#transport);
    this.users = new Users(this.#transport);
    this.members = new Members(this.#transport);
    this.invites = new Invites(this.#transport);
    this.logs = new Logs(this.#transport);
  }

  /** The tenant and API key this client authenticates as. */
  me(options?: RequestOptions): Promise<Me> {
    return this.#transport.request({ method: 'GET', path: 'v1/me' }, options);
  }
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
