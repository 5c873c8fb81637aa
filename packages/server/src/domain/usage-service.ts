import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import { monthOf } from './billing-period.js';
import type { Page, PageParams } from './types.js';

/** A tenant's usage in one UTC month. */
export interface TenantUsage {
  tenantId: string;
  periodStart: number;
  periodEnd: number;
  messagesSent: number;
  messagesReceived: number;
  apiCalls: number;
  mediaBytes: number;
  /** Sessions that exist now (not deleted): a current figure, not one of the month. */
  activeSessions: number;
}

/** `YYYY-MM` → the UTC month; absent → the current one. */
export function parsePeriod(period: string | undefined, now = Date.now()): { start: number; end: number } {
  if (period === undefined) return monthOf(now);
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!m) {
    throw new AppError('VALIDATION_FAILED', { message: 'period must be a month, YYYY-MM.', param: 'period' });
  }
  return monthOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/**
 * Usage reports: messages are counted from the messages table (by `created_at` and direction),
 * API calls and media bytes from `usage_counters`, sessions from the sessions table.
 */
export class UsageService {
  constructor(private readonly storage: Storage) {}

  async forTenant(principal: Principal, period?: string): Promise<TenantUsage> {
    authorize(principal, 'billing:read');
    const month = parsePeriod(period);
    const [usage] = await this.#report(month, [principal.tenant.id]);
    return usage ?? this.#empty(principal.tenant.id, month);
  }

  /** Every tenant's usage (the platform admin), a page of tenants at a time, by tenant id. */
  async forAll(
    principal: Principal,
    period: string | undefined,
    page: PageParams,
  ): Promise<Page<TenantUsage>> {
    authorize(principal, 'platform:manage');
    const month = parsePeriod(period);
    const tenants = await this.storage.tenants.list(page.limit + 1, page.startingAfter);
    const ids = tenants.slice(0, page.limit).map((t) => t.id);
    return { data: await this.#report(month, ids), hasMore: tenants.length > page.limit };
  }

  async #report(month: { start: number; end: number }, ids: string[]): Promise<TenantUsage[]> {
    const { usage } = this.storage;
    const [counters, messages, sessions] = await Promise.all([
      usage.counters(month.start, ids),
      usage.messageCounts(month.start, month.end, ids),
      usage.activeSessions(ids),
    ]);
    const byTenant = new Map(messages.map((m) => [m.tenantId, m]));
    return ids.map((id) => ({
      ...this.#empty(id, month),
      messagesSent: byTenant.get(id)?.sent ?? 0,
      messagesReceived: byTenant.get(id)?.received ?? 0,
      apiCalls: counters.get(id)?.get('api_calls') ?? 0,
      mediaBytes: counters.get(id)?.get('media_bytes') ?? 0,
      activeSessions: sessions.get(id) ?? 0,
    }));
  }

  #empty(tenantId: string, month: { start: number; end: number }): TenantUsage {
    return {
      tenantId,
      periodStart: month.start,
      periodEnd: month.end,
      messagesSent: 0,
      messagesReceived: 0,
      apiCalls: 0,
      mediaBytes: 0,
      activeSessions: 0,
    };
  }
}
