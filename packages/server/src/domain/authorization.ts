import { AppError } from '../errors/app-error.js';
import type { Tenant } from './types.js';

/**
 * What an API key can be limited to. A key's scopes narrow what its owner's role allows; they
 * never widen it.
 */
export const SCOPES = [
  'sessions:read',
  'sessions:manage',
  'messages:send',
  'messages:read',
  'events:read',
  'webhooks:manage',
  'keys:manage',
  'members:manage',
  'billing:read',
  'billing:manage',
  'analytics:read',
  'logs:read',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Everything a route can require: a scope, `account` (the caller's own user, profile and login
 * sessions: any authenticated caller) or `platform:manage` (the platform admin's API).
 */
export type Action = Scope | 'account' | 'platform:manage';

export const TENANT_ROLES = ['admin', 'member', 'service'] as const;
/** A member's role in a tenant. Service accounts act only through their keys. */
export type TenantRole = (typeof TENANT_ROLES)[number];

const ROLE_SCOPES: Record<TenantRole, readonly Scope[]> = {
  admin: SCOPES,
  member: [
    'sessions:read',
    'sessions:manage',
    'messages:send',
    'messages:read',
    'events:read',
    'webhooks:manage',
    'billing:read',
    'analytics:read',
    'logs:read',
  ],
  service: [
    'sessions:read',
    'sessions:manage',
    'messages:send',
    'messages:read',
    'events:read',
    'webhooks:manage',
    'analytics:read',
    'logs:read',
  ],
};

export type Actor =
  | { type: 'api_key'; id: string; userId: string | null }
  | { type: 'user'; id: string; loginSessionId: string }
  /** The server itself, acting on a tenant's behalf (a broadcast queueing its recipients). */
  | { type: 'system'; id: string };

/** Who is calling, in which tenant, with what. Built by authentication, read by `authorize()`. */
export interface Principal {
  tenant: Tenant;
  /** `test` for `wagw_test_…` keys: they see and use only sandbox sessions. */
  mode: 'live' | 'test';
  role: TenantRole;
  /** The platform's `super_admin` (a member of the admin tenant, or its own keys). */
  platformAdmin: boolean;
  /** The key's scopes; null: all the role allows (login sessions, unscoped keys). */
  scopes: readonly Scope[] | null;
  actor: Actor;
  /** The API key's id when a key authenticated the request. */
  apiKeyId: string | null;
  ip?: string | undefined;
}

/** A resource a route acts on, when it is known before the service runs. */
export interface Resource {
  tenantId?: string;
}

/** The scopes a principal holds (its role's, narrowed by the key's). */
export function grantedScopes(principal: Pick<Principal, 'role' | 'scopes'>): Scope[] {
  const byRole = ROLE_SCOPES[principal.role];
  return principal.scopes === null ? [...byRole] : byRole.filter((s) => principal.scopes?.includes(s));
}

/**
 * The one place that decides whether a principal may do an action. Every authenticated route calls
 * it with the action it declares (`config.action`); services call it for resources they load.
 * Refusals are coded: TENANT_SUSPENDED, INSUFFICIENT_SCOPE (the key lacks the scope), FORBIDDEN
 * (the role lacks it), and another tenant's resource is "not found", never "forbidden".
 */
export function authorize(principal: Principal, action: Action, resource: Resource = {}): void {
  if (principal.tenant.status === 'suspended' && !principal.platformAdmin) {
    throw new AppError('TENANT_SUSPENDED');
  }
  if (
    resource.tenantId !== undefined &&
    resource.tenantId !== principal.tenant.id &&
    !principal.platformAdmin
  ) {
    throw new AppError('TENANT_NOT_FOUND');
  }
  if (action === 'account') return;
  if (action === 'platform:manage') {
    if (principal.platformAdmin && (principal.scopes === null || principal.actor.type === 'user')) return;
    throw new AppError('FORBIDDEN', { message: 'Only the platform admin may do this.' });
  }
  if (grantedScopes(principal).includes(action)) return;
  if (ROLE_SCOPES[principal.role].includes(action)) {
    throw new AppError('INSUFFICIENT_SCOPE', {
      message: `This API key lacks the "${action}" scope.`,
      details: { required_scope: action },
    });
  }
  throw new AppError('FORBIDDEN', {
    message: `The "${principal.role}" role may not do this (it needs "${action}").`,
    details: { required_scope: action },
  });
}
