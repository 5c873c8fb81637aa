import { randomBytes } from 'node:crypto';
import type { TenantRole } from '../domain/authorization.js';
import type { Gateway } from '../gateway.js';
import { openDatabase } from '../storage/open-database.js';
import { Storage } from '../storage/storage.js';

/**
 * Inserts a user (a person, or a service account for role `service`) and its membership of the
 * tenant, straight into the gateway's database: for tests of keys that act as a member, without
 * depending on the accounts API.
 */
export async function seedMember(gateway: Gateway, tenantId: string, role: TenantRole): Promise<string> {
  const opened = await openDatabase(gateway.config);
  try {
    const id = `usr_${randomBytes(8).toString('hex')}`;
    const now = Date.now();
    await opened.db
      .insertInto('users')
      .values({
        id,
        email: `${id}@example.test`,
        name: id,
        password_hash: null,
        kind: role === 'service' ? 'service' : 'person',
        platform_role: null,
        created_at: now,
        updated_at: now,
        disabled_at: null,
      })
      .execute();
    await new Storage(opened.db, opened.dialect).memberships.insert({
      tenantId,
      userId: id,
      role,
      createdAt: now,
    });
    return id;
  } finally {
    await opened.close();
  }
}
