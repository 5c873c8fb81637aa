import { Type } from '@sinclair/typebox';
import { wirePlans } from '../../domain/wire-plans.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { ErrorResponse, errorResponses } from '../schemas/common.js';
import { Subscription } from '../schemas/plans-schemas.js';
import { type App, security } from './types.js';

const tags = ['subscription'];
const PlanRef = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'A plan id (pln_…) or code (pro).',
});
const conflict = {
  409: Type.Ref(ErrorResponse, {
    description: 'SUBSCRIPTION_STATE_CONFLICT: the subscription is not in a state that allows this.',
  }),
};
const notFound = {
  404: Type.Ref(ErrorResponse, { description: 'SUBSCRIPTION_NOT_FOUND or PLAN_NOT_FOUND.' }),
};

export function subscriptionRoutes(app: App, gateway: Gateway): void {
  const { subscriptions } = gateway;

  app.get(
    '/v1/subscription',
    {
      config: { action: 'billing:read' },
      schema: {
        operationId: 'getSubscription',
        tags,
        summary: "The tenant's subscription",
        security,
        response: { 200: Type.Ref(Subscription), ...errorResponses, ...notFound },
      },
    },
    async (request) => wirePlans.subscription(await subscriptions.get(principalOf(request))),
  );

  app.post(
    '/v1/subscription',
    {
      config: { action: 'billing:manage' },
      schema: {
        operationId: 'createSubscription',
        tags,
        summary: 'Subscribe to a plan (a trial when the plan has one and the tenant never had one)',
        description:
          'Allowed without a subscription, after one was canceled, or from a free plan. A paid subscription changes plan with POST /v1/subscription/change.',
        security,
        body: Type.Object({ plan: PlanRef }, { additionalProperties: false }),
        response: { 201: Type.Ref(Subscription), ...notFound, ...conflict },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(wirePlans.subscription(await subscriptions.subscribe(principalOf(request), request.body.plan))),
  );

  app.post(
    '/v1/subscription/change',
    {
      config: { action: 'billing:manage' },
      schema: {
        operationId: 'changeSubscription',
        tags,
        summary: 'Change the plan, now or at the period end',
        description:
          'Without `at`, an upgrade (a higher price) applies now and a downgrade at the period end (`pending_plan_id`). Choosing the current plan drops a pending change.',
        security,
        body: Type.Object(
          {
            plan: PlanRef,
            at: Type.Optional(Type.Union([Type.Literal('now'), Type.Literal('period_end')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(Subscription), ...notFound, ...conflict },
      },
    },
    async (request) =>
      wirePlans.subscription(
        await subscriptions.change(principalOf(request), request.body.plan, request.body.at),
      ),
  );

  app.post(
    '/v1/subscription/cancel',
    {
      config: { action: 'billing:manage' },
      schema: {
        operationId: 'cancelSubscription',
        tags,
        summary: 'Cancel at the period end',
        security,
        response: { 200: Type.Ref(Subscription), ...notFound, ...conflict },
      },
    },
    async (request) => wirePlans.subscription(await subscriptions.cancel(principalOf(request))),
  );

  app.post(
    '/v1/subscription/resume',
    {
      config: { action: 'billing:manage' },
      schema: {
        operationId: 'resumeSubscription',
        tags,
        summary: 'Undo a cancellation that has not taken effect',
        security,
        response: { 200: Type.Ref(Subscription), ...notFound, ...conflict },
      },
    },
    async (request) => wirePlans.subscription(await subscriptions.resume(principalOf(request))),
  );

  app.post(
    '/v1/admin/tenants/:tenant_id/plan',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'adminSetTenantPlan',
        tags,
        summary: 'Put a tenant on a plan now (platform admin; audited as subscription.plan_changed)',
        security,
        params: Type.Object({ tenant_id: Type.String() }),
        body: Type.Object({ plan: PlanRef }, { additionalProperties: false }),
        response: {
          200: Type.Ref(Subscription),
          403: Type.Ref(ErrorResponse, { description: 'FORBIDDEN: only the platform admin.' }),
          404: Type.Ref(ErrorResponse, { description: 'TENANT_NOT_FOUND or PLAN_NOT_FOUND.' }),
        },
      },
    },
    async (request) =>
      wirePlans.subscription(
        await subscriptions.setPlan(principalOf(request), request.params.tenant_id, request.body.plan),
      ),
  );
}
