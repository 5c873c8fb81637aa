import type { Principal } from '../domain/authorization.js';
import type { Tenant } from '../domain/types.js';

/** A tenant's own unscoped live key, as authentication would build it. */
export function testPrincipal(tenant: Tenant, overrides: Partial<Principal> = {}): Principal {
  return {
    tenant,
    mode: 'live',
    role: 'admin',
    platformAdmin: tenant.isAdmin,
    scopes: null,
    actor: { type: 'api_key', id: 'key_test', userId: null },
    apiKeyId: 'key_test',
    ...overrides,
  };
}
