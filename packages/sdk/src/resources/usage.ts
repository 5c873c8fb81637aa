import { PagePromise } from '../core/pagination.js';
import type { QueryParams, RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { AdminUsageListParams, Usage, UsageParams } from '../types-billing.js';

/** `wagw.usage`: what a tenant used in a UTC month. */
export class UsageResource extends APIResource {
  /**
   * The caller's tenant's usage in a month (`YYYY-MM`, default the current one).
   *
   * @example
   * const { messages_sent, api_calls } = await wagw.usage.get({ period: '2026-11' });
   */
  get(params?: UsageParams, options?: RequestOptions): Promise<Usage> {
    return this.transport.request({ method: 'GET', path: 'v1/usage', query: params as QueryParams }, options);
  }

  /**
   * Every tenant's usage in a month (platform admin), paged by tenant id. Each item also carries
   * `id` (= `tenant_id`), the cursor of the next page.
   */
  listAll(params?: AdminUsageListParams, options?: RequestOptions): PagePromise<Usage & { id: string }> {
    const query = params as QueryParams | undefined;
    return PagePromise.from(async (cursor) => {
      const page = await this.transport.request<{ data: Usage[]; has_more: boolean }>(
        {
          method: 'GET',
          path: 'v1/admin/usage',
          query: cursor === undefined ? query : { ...query, starting_after: cursor },
        },
        options,
      );
      return { data: page.data.map((u) => ({ ...u, id: u.tenant_id })), has_more: page.has_more };
    });
  }
}
