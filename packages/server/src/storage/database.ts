import type { Generated, Kysely } from 'kysely';

/** Timestamps are integer milliseconds since the epoch on both dialects. */
type Millis = number;
/** SQLite has no boolean: 0/1 on both dialects keeps the code dialect-free. */
type Flag = number;

export interface MetaTable {
  key: string;
  value: string;
}

export interface TenantsTable {
  id: string;
  name: string;
  is_admin: Flag;
  created_at: Millis;
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
}

export interface ContactsTable {
  session_id: string;
  /** 'digits@lid' */
  lid: string;
  /** E.164 */
  phone: string;
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
}

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';
