import type { QueryParams, RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  AnalyticsDaily,
  AnalyticsDelivery,
  AnalyticsFailures,
  AnalyticsOverview,
  AnalyticsParams,
} from '../types-billing.js';

/**
 * `wagw.analytics`: message analytics over `from`/`to` (ISO dates; default the last 30 days, at most
 * 366), optionally of one `session_id`.
 */
export class Analytics extends APIResource {
  overview(params?: AnalyticsParams, options?: RequestOptions): Promise<AnalyticsOverview> {
    return this.#get('overview', params, options);
  }

  /** Delivery and read rates; time to delivered and to read (p50, p90, avg in ms). */
  delivery(params?: AnalyticsParams, options?: RequestOptions): Promise<AnalyticsDelivery> {
    return this.#get('delivery', params, options);
  }

  failures(params?: AnalyticsParams, options?: RequestOptions): Promise<AnalyticsFailures> {
    return this.#get('failures', params, options);
  }

  /** One entry per UTC day, days without messages included as zeros. */
  daily(params?: AnalyticsParams, options?: RequestOptions): Promise<AnalyticsDaily> {
    return this.#get('daily', params, options);
  }

  #get<T>(report: string, params: AnalyticsParams | undefined, options?: RequestOptions): Promise<T> {
    return this.transport.request(
      { method: 'GET', path: `v1/analytics/${report}`, query: params as QueryParams | undefined },
      options,
    );
  }
}
