import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { Plan, PlanCreateParams, PlanList, PlanUpdateParams, Subscription } from '../types-plans.js';

/** `wagw.adminPlans`: the platform admin's plan management. */
export class AdminPlans extends APIResource {
  /** Every plan, archived ones too. */
  list(options?: RequestOptions): Promise<PlanList> {
    return this.transport.request({ method: 'GET', path: 'v1/admin/plans' }, options);
  }

  create(params: PlanCreateParams, options?: RequestOptions): Promise<Plan> {
    return this.transport.request({ method: 'POST', path: 'v1/admin/plans', body: params }, options);
  }

  /** Changes a plan; `{ active: false }` archives it. */
  update(idOrCode: string, params: PlanUpdateParams, options?: RequestOptions): Promise<Plan> {
    return this.transport.request(
      { method: 'PATCH', path: path`v1/admin/plans/${idOrCode}`, body: params },
      options,
    );
  }

  /** Puts a tenant on a plan now. */
  setTenantPlan(tenantId: string, plan: string, options?: RequestOptions): Promise<Subscription> {
    return this.transport.request(
      { method: 'POST', path: path`v1/admin/tenants/${tenantId}/plan`, body: { plan } },
      options,
    );
  }
}
