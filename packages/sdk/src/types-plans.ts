/** Types of plans and subscriptions, aliases of `generated/openapi.ts` (see types.ts). */
import type { components, operations } from './generated/openapi.js';

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Plan = components['schemas']['Plan'];
export type Subscription = components['schemas']['Subscription'];
export type SubscriptionStatus = components['schemas']['SubscriptionStatus'];
export type PlanList = { data: Plan[]; has_more: boolean };

export type SubscriptionCreateParams = JsonBody<operations['createSubscription']>;
export type SubscriptionChangeParams = JsonBody<operations['changeSubscription']>;
export type PlanCreateParams = JsonBody<operations['adminCreatePlan']>;
export type PlanUpdateParams = JsonBody<operations['adminUpdatePlan']>;
