const WINDOW_MS = 60_000;
/** A tenant's limit is read again after this long (a plan change applies within a minute). */
const LIMIT_TTL_MS = 60_000;
const MAX_TENANTS = 100_000;

/**
 * Webhook deliveries per minute per tenant (the plan's `webhook_deliveries_per_minute`), counted in
 * fixed one-minute windows of the dispatcher's clock. Every attempt counts (first tries, retries,
 * resends). The count is this process's: with several servers each allows the limit.
 */
export class TenantDeliveryBudget {
  #window = -1;
  readonly #used = new Map<string, number>();
  readonly #limits = new Map<string, { limit: number | null; readAt: number }>();

  constructor(
    private readonly limitOf: (tenantId: string) => Promise<number | null>,
    private readonly now: () => number,
  ) {}

  #roll(): void {
    const window = Math.floor(this.now() / WINDOW_MS);
    if (window !== this.#window) {
      this.#window = window;
      this.#used.clear();
    }
  }

  /** When the current window ends: deferred deliveries are due again then. */
  windowEnd(): number {
    this.#roll();
    return (this.#window + 1) * WINDOW_MS;
  }

  /** Tenants with no delivery left in this window. */
  exhausted(): string[] {
    this.#roll();
    const out: string[] = [];
    for (const [tenantId, used] of this.#used) {
      const limit = this.#limits.get(tenantId)?.limit;
      if (limit !== null && limit !== undefined && used >= limit) out.push(tenantId);
    }
    return out;
  }

  /** Takes one delivery of the tenant's window; false when none is left. */
  async take(tenantId: string): Promise<boolean> {
    const limit = await this.#limit(tenantId);
    this.#roll();
    const used = this.#used.get(tenantId) ?? 0;
    if (limit !== null && used >= limit) return false;
    this.#used.set(tenantId, used + 1);
    return true;
  }

  async #limit(tenantId: string): Promise<number | null> {
    const now = this.now();
    const known = this.#limits.get(tenantId);
    if (known && now - known.readAt < LIMIT_TTL_MS && now >= known.readAt) return known.limit;
    const limit = await this.limitOf(tenantId);
    if (this.#limits.size >= MAX_TENANTS) this.#limits.clear();
    this.#limits.set(tenantId, { limit, readAt: now });
    return limit;
  }
}
