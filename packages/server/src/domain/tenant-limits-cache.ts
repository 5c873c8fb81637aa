import type { TenantLimits } from '../storage/repositories/limits-repo.js';
import type { Storage } from '../storage/storage.js';

/** How long a server trusts the limits it read; a plan change elsewhere applies within this. */
export const LIMITS_CACHE_TTL_MS = 5000;

/**
 * Each tenant's plan limits, read at most once per TTL per server: the rate limiter consults them
 * on every request, which must not cost a query. Changes made by this server apply at once
 * (`invalidate`), those of other servers within the TTL.
 */
export class TenantLimitsCache {
  readonly #entries = new Map<string, { at: number; value: Promise<TenantLimits | undefined> }>();

  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = LIMITS_CACHE_TTL_MS,
  ) {}

  get(tenantId: string): Promise<TenantLimits | undefined> {
    const now = Date.now();
    const entry = this.#entries.get(tenantId);
    if (entry && now - entry.at < this.ttlMs) return entry.value;
    const value = this.storage.limits.of(tenantId);
    value.catch(() => this.#entries.delete(tenantId));
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(tenantId, { at: now, value });
    return value;
  }

  invalidate(tenantId: string): void {
    this.#entries.delete(tenantId);
  }
}
