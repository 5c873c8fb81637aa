import type { AuditEntry, Tenant } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { fakeContext } from '../../testing/fake-context.js';
import { page } from '../../testing/fixtures.js';
import { run as audit } from './audit.js';
import { run as tenantsList } from './tenants/list.js';
import { run as tenantStatus } from './tenants/status.js';

const T = '2026-11-22T10:00:00.000Z';
const tenant = (overrides: Partial<Tenant> = {}): Tenant => ({
  id: 'ten_1',
  name: 'acme',
  is_admin: false,
  created_at: T,
  status: 'active',
  suspended_at: null,
  suspended_reason: null,
  ...overrides,
});

describe('wagw admin tenants and audit', () => {
  it('tenants list filters by status; suspend sends the reason; reactivate', async () => {
    const suspended = tenant({ status: 'suspended', suspended_at: T, suspended_reason: 'unpaid' });
    const tenants = {
      list: vi.fn(() => page([suspended])),
      suspend: vi.fn(async () => suspended),
      reactivate: vi.fn(async () => tenant()),
    };
    const ctx = fakeContext({ client: { admin: { tenants } } });
    await tenantsList({ status: 'suspended' }, ctx);
    expect(tenants.list).toHaveBeenCalledWith({ status: 'suspended' });
    expect(ctx.stdoutText()).toMatch(/ten_1 .*suspended.*unpaid/);

    const s = fakeContext({ client: { admin: { tenants } } });
    await tenantStatus({ id: 'ten_1', action: 'suspend', reason: 'unpaid' }, s);
    expect(tenants.suspend).toHaveBeenCalledWith('ten_1', { reason: 'unpaid' });
    expect(s.stdoutText()).toMatch(/^status:\s+suspended$/m);

    const r = fakeContext({ client: { admin: { tenants } } });
    await tenantStatus({ id: 'ten_1', action: 'reactivate', json: true }, r);
    expect(JSON.parse(r.stdoutText()).status).toBe('active');
  });

  it('audit passes the tenant and action filters and shows who did what', async () => {
    const entry: AuditEntry = {
      id: 'aud_1',
      tenant_id: 'ten_1',
      actor: { type: 'api_key', id: 'key_1' },
      action: 'api_key.rotated',
      target: { type: 'api_key', id: 'key_2' },
      ip: '203.0.113.7',
      request_id: null,
      details: {},
      created_at: T,
    };
    const auditLog = { list: vi.fn(() => page([entry])) };
    const ctx = fakeContext({ client: { admin: { auditLog } } });
    await audit({ tenant: 'ten_1', action: 'api_key.rotated' }, ctx);
    expect(auditLog.list).toHaveBeenCalledWith({ tenant_id: 'ten_1', action: 'api_key.rotated' });
    expect(ctx.stdoutText()).toMatch(/api_key key_1 .*api_key.rotated .*api_key key_2 .*203.0.113.7/);
  });
});
