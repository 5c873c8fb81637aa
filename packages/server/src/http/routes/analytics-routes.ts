import { type TSchema, Type } from '@sinclair/typebox';
import type { AnalyticsQuery } from '../../domain/analytics-service.js';
import { wireBilling } from '../../domain/wire-billing.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import {
  AnalyticsDaily,
  AnalyticsDelivery,
  AnalyticsFailures,
  AnalyticsOverview,
} from '../schemas/billing.js';
import { errorResponses } from '../schemas/common.js';
import { type App, security } from './types.js';

const tags = ['analytics'];
const Instant = (what: string) =>
  Type.String({
    minLength: 10,
    maxLength: 40,
    examples: ['2026-11-01'],
    description: `${what}: an ISO 8601 date or date-time (UTC unless it has an offset).`,
  });
const Query = Type.Object(
  {
    from: Type.Optional(Instant('Start, inclusive; default 30 days before `to`')),
    to: Type.Optional(Instant('End, exclusive; default now')),
    session_id: Type.Optional(Type.String({ maxLength: 100, description: 'Only this session.' })),
  },
  { additionalProperties: false },
);
const RANGE =
  'Over messages created in [from, to); at most 366 days (VALIDATION_FAILED when longer or inverted).';

export function analyticsRoutes(app: App, gateway: Gateway): void {
  const { analytics } = gateway;
  const route = <T>(
    path: string,
    operationId: string,
    summary: string,
    response: TSchema,
    handler: (q: AnalyticsQuery, principal: ReturnType<typeof principalOf>) => Promise<T>,
  ) =>
    app.get(
      path,
      {
        config: { action: 'analytics:read' },
        schema: {
          operationId,
          tags,
          summary,
          description: RANGE,
          security,
          querystring: Query,
          response: { 200: Type.Ref(response), ...errorResponses },
        },
      },
      async (request) => handler(request.query as AnalyticsQuery, principalOf(request)),
    );

  route(
    '/v1/analytics/overview',
    'getAnalyticsOverview',
    'Messages by status and direction, active sessions, API calls',
    AnalyticsOverview,
    async (q, p) => wireBilling.overview(await analytics.overview(p, q)),
  );
  route(
    '/v1/analytics/delivery',
    'getAnalyticsDelivery',
    'Delivery and read rates of outbound messages; time to delivered and to read (p50, p90, avg)',
    AnalyticsDelivery,
    async (q, p) => wireBilling.delivery(await analytics.delivery(p, q)),
  );
  route(
    '/v1/analytics/failures',
    'getAnalyticsFailures',
    'Failed messages by error code',
    AnalyticsFailures,
    async (q, p) => wireBilling.failures(await analytics.failures(p, q)),
  );
  route(
    '/v1/analytics/daily',
    'getAnalyticsDaily',
    'A series per UTC day: sent, delivered, read, failed, received (days without messages are zeros)',
    AnalyticsDaily,
    async (q, p) => wireBilling.daily(await analytics.daily(p, q)),
  );
}
