import type { Storage } from '../storage/storage.js';
import type { Tenant } from './types.js';

/** Runs in the transaction that creates a tenant (a default subscription, …). */
export type TenantCreatedListener = (tx: Storage, tenant: Tenant) => Promise<void>;

/**
 * What happens when a tenant is created, wherever it is created (the admin API, self-service
 * registration): listeners run inside the creating transaction, so a tenant never exists without
 * what they set up.
 */
export class TenantLifecycle {
  readonly #created: TenantCreatedListener[] = [];

  onCreated(listener: TenantCreatedListener): void {
    this.#created.push(listener);
  }

  async created(tx: Storage, tenant: Tenant): Promise<void> {
    for (const listener of this.#created) await listener(tx, tenant);
  }
}
