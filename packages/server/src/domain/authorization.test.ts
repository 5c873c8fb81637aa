import { describe, expect, it } from 'vitest';
import { testPrincipal } from '../testing/test-principal.js';
import { authorize, grantedScopes } from './authorization.js';
import type { Tenant } from './types.js';

const tenant = (overrides: Partial<Tenant> = {}): Tenant => ({
  id: 'ten_a',
  name: 'a',
  isAdmin: false,
  createdAt: 0,
  status: 'active',
  suspendedAt: null,
  suspendedReason: null,
  ...overrides,
});
const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('authorize', () => {
  it("lets a tenant's unscoped key do every tenant action, and nothing of the platform", () => {
    const p = testPrincipal(tenant());
    expect(codeOf(() => authorize(p, 'messages:send'))).toBe('allowed');
    expect(codeOf(() => authorize(p, 'keys:manage'))).toBe('allowed');
    expect(codeOf(() => authorize(p, 'platform:manage'))).toBe('FORBIDDEN');
  });

  it("narrows by the key's scopes: a missing scope is INSUFFICIENT_SCOPE with the scope named", () => {
    const p = testPrincipal(tenant(), { scopes: ['messages:read'] });
    expect(codeOf(() => authorize(p, 'messages:read'))).toBe('allowed');
    expect(codeOf(() => authorize(p, 'messages:send'))).toBe('INSUFFICIENT_SCOPE');
    expect(codeOf(() => authorize(p, 'account'))).toBe('allowed');
  });

  it('a scope never widens a role: a member with keys:manage in its key still may not manage keys', () => {
    const p = testPrincipal(tenant(), { role: 'member', scopes: ['keys:manage', 'messages:send'] });
    expect(grantedScopes(p)).toEqual(['messages:send']);
    expect(codeOf(() => authorize(p, 'keys:manage'))).toBe('FORBIDDEN');
    expect(codeOf(() => authorize(p, 'members:manage'))).toBe('FORBIDDEN');
  });

  it('refuses everything to a suspended tenant, except to the platform admin', () => {
    const suspended = testPrincipal(tenant({ status: 'suspended' }));
    expect(codeOf(() => authorize(suspended, 'account'))).toBe('TENANT_SUSPENDED');
    expect(codeOf(() => authorize(suspended, 'messages:read'))).toBe('TENANT_SUSPENDED');
  });

  it("answers another tenant's resource as not found, except for the platform admin", () => {
    expect(codeOf(() => authorize(testPrincipal(tenant()), 'account', { tenantId: 'ten_b' }))).toBe(
      'TENANT_NOT_FOUND',
    );
    const admin = testPrincipal(tenant({ isAdmin: true }));
    expect(codeOf(() => authorize(admin, 'platform:manage', { tenantId: 'ten_b' }))).toBe('allowed');
    const scopedAdminKey = testPrincipal(tenant({ isAdmin: true }), { scopes: ['messages:read'] });
    expect(codeOf(() => authorize(scopedAdminKey, 'platform:manage'))).toBe('FORBIDDEN');
  });
});
