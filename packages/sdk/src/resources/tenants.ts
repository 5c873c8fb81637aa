import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { Tenant, TenantCreateParams, TenantListParams } from '../types.js';

/** `wagw.tenants`: tenants of the gateway. Creating and listing them needs an admin key. */
export class Tenants extends APIResource {
  create(params: TenantCreateParams, options?: RequestOptions): Promise<Tenant> {
    return this.transport.request({ method: 'POST', path: 'v1/tenants', body: params }, options);
  }

  list(params?: TenantListParams, options?: RequestOptions): PagePromise<Tenant> {
    return this.paginate('v1/tenants', params, options);
  }

  get(id: string, options?: RequestOptions): Promise<Tenant> {
    return this.transport.request({ method: 'GET', path: path`v1/tenants/${id}` }, options);
  }
}
