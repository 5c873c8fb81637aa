import { Type } from '@sinclair/typebox';
import type { PlanParams, PlanPatch } from '../../domain/plans-service.js';
import { wirePlans } from '../../domain/wire-plans.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { ErrorResponse, errorResponses } from '../schemas/common.js';
import { Plan, planFields } from '../schemas/plans-schemas.js';
import { type App, security } from './types.js';

const tags = ['plans'];
const Params = Type.Object({ plan_id: Type.String({ description: 'The plan id (pln_…) or code (pro).' }) });
const PlanList = Type.Object({ data: Type.Array(Type.Ref(Plan)), has_more: Type.Boolean() });
const notAdmin = { 403: Type.Ref(ErrorResponse, { description: 'FORBIDDEN: only the platform admin.' }) };

type PlanBody = {
  [K in keyof typeof planFields]?: unknown;
};

function toParams(body: PlanBody): PlanPatch & Partial<Pick<PlanParams, 'code'>> {
  const map: Record<string, keyof PlanParams> = {
    code: 'code',
    name: 'name',
    price_cents: 'priceCents',
    currency: 'currency',
    requests_per_minute: 'requestsPerMinute',
    max_sessions: 'maxSessions',
    monthly_messages: 'monthlyMessages',
    overage_cents_per_message: 'overageCentsPerMessage',
    max_webhook_endpoints: 'maxWebhookEndpoints',
    webhook_deliveries_per_minute: 'webhookDeliveriesPerMinute',
    trial_days: 'trialDays',
    active: 'active',
  };
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    const key = map[field];
    if (key && value !== undefined) out[key] = value;
  }
  return out;
}

export function plansRoutes(app: App, gateway: Gateway): void {
  const { plans } = gateway;

  app.get(
    '/v1/plans',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'listPlans',
        tags,
        summary: 'The plans a tenant can subscribe to, cheapest first',
        security,
        response: { 200: PlanList },
      },
    },
    async (request) => ({
      data: (await plans.list(principalOf(request))).map(wirePlans.plan),
      has_more: false,
    }),
  );

  app.get(
    '/v1/plans/:plan_id',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'getPlan',
        tags,
        summary: 'Get a plan by id or code',
        security,
        params: Params,
        response: { 200: Type.Ref(Plan), ...errorResponses },
      },
    },
    async (request) => wirePlans.plan(await plans.get(principalOf(request), request.params.plan_id)),
  );

  app.get(
    '/v1/admin/plans',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'adminListPlans',
        tags,
        summary: 'Every plan, archived ones too (platform admin)',
        security,
        response: { 200: PlanList, ...notAdmin },
      },
    },
    async (request) => ({
      data: (await plans.list(principalOf(request), true)).map(wirePlans.plan),
      has_more: false,
    }),
  );

  app.post(
    '/v1/admin/plans',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'adminCreatePlan',
        tags,
        summary: 'Create a plan (platform admin)',
        security,
        body: Type.Object(
          {
            ...planFields,
            trial_days: Type.Optional(planFields.trial_days),
            active: Type.Optional(planFields.active),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Ref(Plan),
          409: Type.Ref(ErrorResponse, { description: 'PLAN_CODE_TAKEN, or an idempotency conflict.' }),
          ...notAdmin,
        },
      },
    },
    async (request, reply) => {
      const params = { trialDays: 0, active: true, ...toParams(request.body) } as PlanParams;
      const plan = await plans.create(principalOf(request), params);
      return reply.status(201).send(wirePlans.plan(plan));
    },
  );

  app.patch(
    '/v1/admin/plans/:plan_id',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'adminUpdatePlan',
        tags,
        summary: 'Change a plan; `active: false` archives it (platform admin)',
        description:
          'Changes apply to every subscriber of the plan (limits within seconds). An archived plan takes no new subscribers; existing subscribers keep it.',
        security,
        params: Params,
        body: Type.Object(
          Object.fromEntries(
            Object.entries(planFields)
              .filter(([k]) => k !== 'code')
              .map(([k, v]) => [k, Type.Optional(v)]),
          ),
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Ref(Plan), ...notAdmin, ...errorResponses },
      },
    },
    async (request) =>
      wirePlans.plan(
        await plans.update(principalOf(request), request.params.plan_id, toParams(request.body as PlanBody)),
      ),
  );
}
