import type { ColumnType, Generated, Kysely } from 'kysely';

import type {
  AuditLogTable,
  InvitesTable,
  LoginSessionsTable,
  MembershipsTable,
  PasswordResetsTable,
  RetiredRefreshTokensTable,
  UsersTable,
} from './account-tables.js';
import type {
  InvoiceLinesTable,
  InvoicesTable,
  PlansTable,
  RateLimitWindowsTable,
  SubscriptionsTable,
  UsageCountersTable,
} from './billing-tables.js';
import type { ChannelsTable } from './channel-tables.js';
import type { Flag, Millis, Mode } from './column-types.js';
import type { GroupsTable } from './group-tables.js';
import type { KnownChatsTable, SessionPacingTable } from './pacing-tables.js';

export type * from './account-tables.js';
export type * from './billing-tables.js';
export type * from './channel-tables.js';
export type * from './group-tables.js';
export type * from './pacing-tables.js';

export interface MetaTable {
  key: string;
  value: string;
}

export interface TenantsTable {
  id: string;
  name: string;
  is_admin: Flag;
  created_at: Millis;
  /** 'active' | 'suspended' (migration 0005; defaults to 'active'). */
  status: ColumnType<string, string | undefined, string>;
  suspended_at: Millis | null;
  suspended_reason: string | null;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  name: string;
  mode: 'live' | 'test';
  prefix: string;
  hash: string;
  created_at: Millis;
  last_used_at: Millis | null;
  revoked_at: Millis | null;
  /** JSON array of scopes; null: every scope the owner has (migration 0005). */
  scopes: string | null;
  expires_at: Millis | null;
  last_used_ip: string | null;
  /** JSON array of IPs / CIDR ranges the key may be used from; null: any. */
  allowed_ips: string | null;
  /** The user or service account the key acts as; null: the tenant itself (its admin). */
  user_id: string | null;
  /** A rotated key keeps working until then. */
  grace_until: Millis | null;
  /** The key that replaced this one on rotation. */
  replaced_by: string | null;
}

export interface SessionsTable {
  id: string;
  tenant_id: string;
  name: string;
  engine: string;
  status: string;
  status_reason: string | null;
  status_changed_at: Millis;
  /** What the user asked for: 'running' sessions are brought back after a restart. */
  desired_state: 'running' | 'stopped';
  phone: string | null;
  auto_pair: Flag;
  event_seq: number;
  qr: string | null;
  qr_expires_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
  /** Set when the session was deleted: the row stays as a tombstone (migration 0003). */
  deleted_at: Millis | null;
  /** Test-mode rows are seen only by test keys (migration 0009). */
  mode: Generated<Mode>;
}

export interface SessionLeasesTable {
  session_id: string;
  owner: string;
  epoch: number;
  expires_at: Millis;
  /** The holding process's host (hostname and PID namespace) and pid (migration 0003). */
  holder_host: string | null;
  holder_pid: number | null;
}

export interface EngineStateTable {
  session_id: string;
  type: string;
  id: string;
  value: string;
  updated_at: Millis;
}

export interface MessagesTable {
  id: string;
  tenant_id: string;
  session_id: string;
  direction: 'outbound' | 'inbound';
  type: string;
  to_phone: string | null;
  from_phone: string | null;
  to_lid: string | null;
  from_lid: string | null;
  body: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  wa_message_id: string | null;
  idempotency_key: string | null;
  created_at: Millis;
  updated_at: Millis;
  sent_at: Millis | null;
  delivered_at: Millis | null;
  read_at: Millis | null;
  failed_at: Millis | null;
  /** The words full-text search finds the message by (its text or caption; migration 0015). */
  search_text: string | null;
  /** When its sender last edited it (migration 0017). */
  edited_at: Millis | null;
  /** When its sender deleted it for everyone (migration 0017). */
  revoked_at: Millis | null;
  /** When a scheduled message is to be sent; null: sent as soon as it could (migration 0018). */
  send_at: Millis | null;
  /** When it was cancelled before it was sent (migration 0018). */
  cancelled_at: Millis | null;
}

export interface ContactsTable {
  session_id: string;
  /** 'digits@lid'; null when only the phone number is known (migration 0020). */
  lid: string | null;
  /** E.164; null when only the LID is known (migration 0020). */
  phone: string | null;
  /** The contact's push name or the name WhatsApp gave it (migration 0020). */
  name: string | null;
  /** This account blocked the contact: 1 or 0 (migration 0020). */
  blocked: Generated<number>;
  updated_at: Millis;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  tenant_id: string;
  session_id: string | null;
  ref_id: string;
  run_at: Millis;
  attempts: number;
  last_error: string | null;
  created_at: Millis;
  /** Set (fenced) right before the job's message is handed to the engine (migration 0003). */
  handed_at: Millis | null;
}

export interface EventsTable {
  pos: Generated<number>;
  id: string;
  tenant_id: string;
  session_id: string | null;
  sequence: number;
  type: string;
  data: string;
  /** The shape version of `data`; null for rows written before versions were recorded. */
  data_version: number | null;
  created_at: Millis;
  /** The mode of the event's session (migration 0009). */
  mode: Generated<Mode>;
}

export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  events: string;
  description: string | null;
  secret: string;
  enabled: Flag;
  created_at: Millis;
  updated_at: Millis;
  /** A test endpoint receives only test events, a live one only live events (migration 0009). */
  mode: Generated<Mode>;
  /** JSON array of seconds between attempts; null: the server's schedule (migration 0010). */
  retry_schedule: string | null;
  disable_after_ms: Millis | null;
  previous_secret: string | null;
  previous_secret_expires_at: Millis | null;
  failing_since: Millis | null;
  disabled_reason: 'failing' | 'gone' | null;
  disabled_at: Millis | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempt_count: number;
  next_attempt_at: Millis | null;
  locked_by: string | null;
  locked_until: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  response_body: string | null;
  error: string | null;
  created_at: Millis;
  /** JSON objects (migration 0010); the request's are secret-free (signatures are not stored). */
  request_headers: string | null;
  response_headers: string | null;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  fingerprint: string;
  state: 'in_flight' | 'done';
  response_status: number | null;
  response_body: string | null;
  locked_until: Millis;
  created_at: Millis;
}

/** Migration 0016: inbound messages after `read_until` (an id) are unread. */
export interface ChatReadsTable {
  session_id: string;
  peer: string;
  read_until: string;
  updated_at: number;
}

/** Migration 0013. */
export interface MediaTable {
  id: string;
  tenant_id: string;
  mode: Generated<Mode>;
  source: 'upload' | 'url' | 'inbound';
  content_type: string;
  size: number;
  sha256: string;
  filename: string | null;
  storage_key: string;
  created_at: number;
}

/** Message templates with `{{placeholders}}` (migration 0019); `body` is JSON. */
export interface TemplatesTable {
  id: string;
  tenant_id: string;
  mode: Mode;
  name: string;
  body: string;
  created_at: Millis;
  updated_at: Millis;
}

/** A broadcast: one message to many recipients, queued at a pace (migration 0021). */
export interface BroadcastsTable {
  id: string;
  tenant_id: string;
  session_id: string;
  /** Its session's mode: test keys see test broadcasts only. */
  mode: Mode;
  name: string | null;
  status: string;
  status_reason: string | null;
  /** The message (a template body, with placeholders), JSON. */
  message: string;
  template_id: string | null;
  per_minute: number;
  total: number;
  next_at: Millis;
  created_at: Millis;
  updated_at: Millis;
  started_at: Millis | null;
  finished_at: Millis | null;
}

/** One recipient of a broadcast (migration 0021). */
export interface BroadcastRecipientsTable {
  broadcast_id: string;
  position: number;
  to_phone: string;
  /** Its row's variables, JSON. */
  variables: string;
  /** pending → queued (message_id set) | failed | skipped. */
  state: string;
  message_id: string | null;
  error_code: string | null;
  error_message: string | null;
}

/** What an event sink still owes: removed once the broker acknowledged (migration 0012). */
export interface SinkOutboxTable {
  sink: string;
  event_id: string;
  tenant_id: string;
  attempt_count: number;
  next_attempt_at: Millis;
  last_error: string | null;
  locked_by: string | null;
  locked_until: Millis | null;
  created_at: Millis;
}

/** API request logs (migration 0011). */
export interface RequestLogsTable {
  pos: Generated<number>;
  id: string;
  tenant_id: string;
  mode: Mode;
  method: string;
  /** The route template (`/v1/sessions/:id`); null for a request no route matched. */
  route: string | null;
  /** The path as requested, without the query string. */
  path: string;
  status: number;
  duration_ms: number;
  api_key_id: string | null;
  request_id: string;
  error_code: string | null;
  created_at: Millis;
}

export interface Database {
  meta: MetaTable;
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  session_leases: SessionLeasesTable;
  engine_state: EngineStateTable;
  messages: MessagesTable;
  contacts: ContactsTable;
  jobs: JobsTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  idempotency_keys: IdempotencyKeysTable;
  users: UsersTable;
  memberships: MembershipsTable;
  login_sessions: LoginSessionsTable;
  password_resets: PasswordResetsTable;
  retired_refresh_tokens: RetiredRefreshTokensTable;
  invites: InvitesTable;
  plans: PlansTable;
  subscriptions: SubscriptionsTable;
  usage_counters: UsageCountersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  rate_limit_windows: RateLimitWindowsTable;
  audit_log: AuditLogTable;
  media: MediaTable;
  chat_reads: ChatReadsTable;
  sink_outbox: SinkOutboxTable;
  request_logs: RequestLogsTable;
  templates: TemplatesTable;
  broadcasts: BroadcastsTable;
  broadcast_recipients: BroadcastRecipientsTable;
  groups: GroupsTable;
  session_pacing: SessionPacingTable;
  known_chats: KnownChatsTable;
  channels: ChannelsTable;
}

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';
