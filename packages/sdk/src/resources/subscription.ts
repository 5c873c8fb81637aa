import type { RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { Subscription, SubscriptionChangeParams, SubscriptionCreateParams } from '../types-plans.js';

/**
 * `wagw.subscription`: the tenant's plan. Periods are UTC calendar months.
 *
 * @example
 * await wagw.subscription.change({ plan: 'pro' }); // an upgrade applies now
 */
export class SubscriptionResource extends APIResource {
  get(options?: RequestOptions): Promise<Subscription> {
    return this.transport.request({ method: 'GET', path: 'v1/subscription' }, options);
  }

  /** Subscribes (a trial when the plan has one and the tenant never had one). */
  create(params: SubscriptionCreateParams, options?: RequestOptions): Promise<Subscription> {
    return this.transport.request({ method: 'POST', path: 'v1/subscription', body: params }, options);
  }

  /** Changes the plan: `at: 'now' | 'period_end'`; by default upgrades now, downgrades at the period end. */
  change(params: SubscriptionChangeParams, options?: RequestOptions): Promise<Subscription> {
    return this.transport.request({ method: 'POST', path: 'v1/subscription/change', body: params }, options);
  }

  /** Cancels at the period end. */
  cancel(options?: RequestOptions): Promise<Subscription> {
    return this.transport.request({ method: 'POST', path: 'v1/subscription/cancel', body: {} }, options);
  }

  /** Undoes a cancellation that has not taken effect. */
  resume(options?: RequestOptions): Promise<Subscription> {
    return this.transport.request({ method: 'POST', path: 'v1/subscription/resume', body: {} }, options);
  }
}
