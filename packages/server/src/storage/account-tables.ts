import type { Generated } from 'kysely';
import type { Millis } from './column-types.js';

/** The tables of users, logins, members, invites and the audit log (see `database.ts`). */

export interface UsersTable {
  id: string;
  /** Lowercased. */
  email: string;
  name: string;
  /** Argon2id PHC string; null for service accounts, which cannot log in. */
  password_hash: string | null;
  kind: 'person' | 'service';
  platform_role: 'super_admin' | null;
  created_at: Millis;
  updated_at: Millis;
  disabled_at: Millis | null;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: 'admin' | 'member' | 'service';
  created_at: Millis;
}

export interface LoginSessionsTable {
  id: string;
  user_id: string;
  /** The tenant the session acts in. */
  tenant_id: string | null;
  access_hash: string;
  refresh_hash: string;
  access_expires_at: Millis;
  refresh_expires_at: Millis;
  ip: string | null;
  user_agent: string | null;
  created_at: Millis;
  last_used_at: Millis | null;
  revoked_at: Millis | null;
}

/** Migration 0006: refresh tokens rotated away from (reuse revokes the login session). */
export interface RetiredRefreshTokensTable {
  token_hash: string;
  login_session_id: string;
  retired_at: Millis;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  expires_at: Millis;
  used_at: Millis | null;
  created_at: Millis;
}

export interface InvitesTable {
  id: string;
  tenant_id: string;
  email: string;
  role: 'admin' | 'member';
  token_hash: string;
  invited_by: string | null;
  created_at: Millis;
  expires_at: Millis;
  accepted_at: Millis | null;
  revoked_at: Millis | null;
}

export interface AuditLogTable {
  pos: Generated<number>;
  id: string;
  tenant_id: string | null;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
  /** JSON object. */
  details: string;
  created_at: Millis;
}
