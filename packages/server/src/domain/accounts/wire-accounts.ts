import type { TenantRole } from '../authorization.js';
import type { Tenant } from '../types.js';
import { wire } from '../wire.js';
import type { Invite, LoginSession, Member, User } from './account-types.js';
import type { IssuedTokens } from './login-tokens-service.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** The public shapes of the accounts API (snake_case, ISO times). */
export const wireAccounts = {
  user: (u: User) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    kind: u.kind,
    platform_role: u.platformRole,
    created_at: iso(u.createdAt),
    updated_at: iso(u.updatedAt),
  }),

  tokens: (t: IssuedTokens) => ({
    token_type: 'Bearer' as const,
    access_token: t.accessToken,
    access_token_expires_at: iso(t.session.accessExpiresAt),
    refresh_token: t.refreshToken,
    refresh_token_expires_at: iso(t.session.refreshExpiresAt),
    login_session_id: t.session.id,
  }),

  auth: (r: IssuedTokens & { user: User; tenant: Tenant }) => ({
    user: wireAccounts.user(r.user),
    tenant: wire.tenant(r.tenant),
    tokens: wireAccounts.tokens(r),
  }),

  loginSession: (s: LoginSession & { current?: boolean }) => ({
    id: s.id,
    tenant_id: s.tenantId,
    ip: s.ip,
    user_agent: s.userAgent,
    created_at: iso(s.createdAt),
    last_used_at: isoOrNull(s.lastUsedAt),
    expires_at: iso(s.refreshExpiresAt),
    revoked_at: isoOrNull(s.revokedAt),
    current: s.current ?? false,
  }),

  profile: (p: { user: User; memberships: Array<{ tenant: Tenant; role: TenantRole }> }) => ({
    ...wireAccounts.user(p.user),
    memberships: p.memberships.map((m) => ({ tenant: wire.tenant(m.tenant), role: m.role })),
  }),

  member: (m: Member) => ({
    id: m.user.id,
    user_id: m.user.id,
    tenant_id: m.tenantId,
    email: m.user.email,
    name: m.user.name,
    kind: m.user.kind,
    role: m.role,
    created_at: iso(m.createdAt),
  }),

  invite: (i: Invite) => ({
    id: i.id,
    tenant_id: i.tenantId,
    email: i.email,
    role: i.role,
    invited_by: i.invitedBy,
    created_at: iso(i.createdAt),
    expires_at: iso(i.expiresAt),
    accepted_at: isoOrNull(i.acceptedAt),
    revoked_at: isoOrNull(i.revokedAt),
  }),
};
