import type { TenantRole } from '../authorization.js';

/** A person who logs in, or a service account (no password; acts only through its API keys). */
export interface User {
  id: string;
  /** Lower-cased. Service accounts get a synthetic `…@service-accounts.invalid` address. */
  email: string;
  name: string;
  kind: 'person' | 'service';
  platformRole: 'super_admin' | null;
  createdAt: number;
  updatedAt: number;
  disabledAt: number | null;
}

export interface LoginSession {
  id: string;
  userId: string;
  tenantId: string | null;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  ip: string | null;
  userAgent: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A membership with its user, as member listings show it. */
export interface Member {
  tenantId: string;
  user: User;
  role: TenantRole;
  createdAt: number;
}

export interface Invite {
  id: string;
  tenantId: string;
  email: string;
  role: 'admin' | 'member';
  invitedBy: string | null;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  revokedAt: number | null;
}
