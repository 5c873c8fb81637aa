import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { Plan, PlanList } from '../types-plans.js';

/** `wagw.plans`: the plans a tenant can subscribe to. */
export class Plans extends APIResource {
  /** Active plans, cheapest first. */
  list(options?: RequestOptions): Promise<PlanList> {
    return this.transport.request({ method: 'GET', path: 'v1/plans' }, options);
  }

  /** A plan by id (`pln_…`) or code (`pro`). */
  get(idOrCode: string, options?: RequestOptions): Promise<Plan> {
    return this.transport.request({ method: 'GET', path: path`v1/plans/${idOrCode}` }, options);
  }
}
