import { AppError } from '../errors/app-error.js';
import type { DayRow, DurationStats, MessageScope } from '../storage/repositories/analytics-repo.js';
import type { Storage } from '../storage/storage.js';
import { apiCallsMetric } from './api-calls-meter.js';
import { authorize, type Principal } from './authorization.js';
import { monthOf } from './billing-period.js';
import { modeOf } from './types.js';

const DAY_MS = 86_400_000;
/** The longest range one analytics request covers. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

export interface AnalyticsQuery {
  from?: string | undefined;
  to?: string | undefined;
  session_id?: string | undefined;
}

export interface AnalyticsRange {
  from: number;
  to: number;
  sessionId: string | null;
}

export interface Overview extends AnalyticsRange {
  byStatus: Record<string, number>;
  byDirection: { outbound: number; inbound: number };
  activeSessions: number;
  /** Of the UTC months the range touches (the counter is monthly). */
  apiCalls: number;
}

export interface Delivery extends AnalyticsRange {
  outbound: number;
  delivered: number;
  read: number;
  deliveryRate: number | null;
  readRate: number | null;
  timeToDelivered: DurationStats;
  timeToRead: DurationStats;
}

export interface Failures extends AnalyticsRange {
  total: number;
  byCode: Array<{ code: string; count: number }>;
}

export interface Daily extends AnalyticsRange {
  days: DayRow[];
}

const invalid = (message: string, param: string) => new AppError('VALIDATION_FAILED', { message, param });

function parseInstant(value: string, param: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw invalid(`${param} must be an ISO 8601 date or date-time.`, param);
  return ms;
}

/** `from`/`to` (ISO; to exclusive) → a bounded range; default the last 30 days. */
export function parseRange(query: AnalyticsQuery, now = Date.now()): { from: number; to: number } {
  const to = query.to === undefined ? now : parseInstant(query.to, 'to');
  const from = query.from === undefined ? to - DEFAULT_RANGE_DAYS * DAY_MS : parseInstant(query.from, 'from');
  if (from >= to) throw invalid('from must be before to.', 'from');
  if (to - from > MAX_RANGE_DAYS * DAY_MS) {
    throw invalid(`The range may cover at most ${MAX_RANGE_DAYS} days.`, 'from');
  }
  return { from, to };
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Message analytics of the caller's tenant in the caller's mode (a test key sees its sandbox
 * traffic, a live key the live traffic), computed from the messages table.
 */
export class AnalyticsService {
  constructor(private readonly storage: Storage) {}

  async overview(principal: Principal, query: AnalyticsQuery): Promise<Overview> {
    const { scope, range } = await this.#scope(principal, query);
    const { analytics, usage } = this.storage;
    const [statuses, directions, sessions, apiCalls] = await Promise.all([
      analytics.countBy(scope, 'status'),
      analytics.countBy(scope, 'direction'),
      usage.activeSessions([scope.tenantId], scope.mode),
      usage.sumCounter(
        scope.tenantId,
        apiCallsMetric(scope.mode),
        monthOf(range.from).start,
        monthOf(range.to - 1).start,
      ),
    ]);
    const byDirection = { outbound: 0, inbound: 0 };
    for (const d of directions) if (d.key === 'outbound' || d.key === 'inbound') byDirection[d.key] = d.count;
    return {
      ...range,
      byStatus: Object.fromEntries(statuses.map((s) => [s.key ?? 'unknown', s.count])),
      byDirection,
      activeSessions: sessions.get(scope.tenantId) ?? 0,
      apiCalls,
    };
  }

  async delivery(principal: Principal, query: AnalyticsQuery): Promise<Delivery> {
    const { scope, range } = await this.#scope(principal, query);
    const { analytics } = this.storage;
    const outcomes = await analytics.outboundOutcomes(scope);
    const timeToDelivered = await analytics.durations(scope, 'delivered_at');
    const timeToRead = await analytics.durations(scope, 'read_at');
    return {
      ...range,
      ...outcomes,
      deliveryRate: rate(outcomes.delivered, outcomes.outbound),
      readRate: rate(outcomes.read, outcomes.outbound),
      timeToDelivered,
      timeToRead,
    };
  }

  async failures(principal: Principal, query: AnalyticsQuery): Promise<Failures> {
    const { scope, range } = await this.#scope(principal, query);
    const rows = await this.storage.analytics.countBy(scope, 'error_code', true);
    const byCode = rows
      .map((r) => ({ code: r.key ?? 'UNKNOWN', count: r.count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
    return { ...range, total: byCode.reduce((n, r) => n + r.count, 0), byCode };
  }

  /** One entry per UTC day the range touches, zeros included. */
  async daily(principal: Principal, query: AnalyticsQuery): Promise<Daily> {
    const { scope, range } = await this.#scope(principal, query);
    const rows = new Map((await this.storage.analytics.daily(scope)).map((r) => [r.day, r]));
    const days: DayRow[] = [];
    const first = Math.floor(range.from / DAY_MS) * DAY_MS;
    for (let day = first; day < range.to; day += DAY_MS) {
      days.push(rows.get(day) ?? { day, sent: 0, delivered: 0, read: 0, failed: 0, received: 0 });
    }
    return { ...range, days };
  }

  async #scope(
    principal: Principal,
    query: AnalyticsQuery,
  ): Promise<{ scope: MessageScope; range: AnalyticsRange }> {
    authorize(principal, 'analytics:read');
    const { from, to } = parseRange(query);
    const tenantId = principal.tenant.id;
    if (query.session_id !== undefined) {
      const session = await this.storage.sessions.get(tenantId, query.session_id);
      if (!session || modeOf(session) !== principal.mode) throw new AppError('SESSION_NOT_FOUND');
    }
    return {
      scope: { tenantId, mode: principal.mode, from, to, sessionId: query.session_id },
      range: { from, to, sessionId: query.session_id ?? null },
    };
  }
}
