import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import { type StreamOptions, sseStream } from '../core/sse-stream.js';
import type { RequestLog, RequestLogFilter, RequestLogListParams } from '../types-logs.js';

export type RequestLogStreamParams = RequestLogFilter & StreamOptions;

/** `wagw.logs`: the tenant's API request log (`logs:read`). */
export class Logs extends APIResource {
  /**
   * One page of request log entries, newest first; iterate the result to walk older pages.
   * Filter by `status` (`404` or a class such as `4xx`), `path` (a route template or a path
   * prefix) and `method`.
   */
  list(params?: RequestLogListParams, options?: RequestOptions): PagePromise<RequestLog> {
    return this.paginate('v1/logs', params, options);
  }

  /**
   * Requests as they are logged (Server-Sent Events from `GET /v1/logs/stream`), oldest first,
   * from now on (or after `lastEventId`), reconnecting with `Last-Event-ID` after a dropped
   * connection. Ends quietly when `signal` aborts.
   *
   * @example
   * for await (const entry of wagw.logs.stream({ status: '4xx', signal })) {
   *   console.log(entry.status, entry.method, entry.path, entry.error_code);
   * }
   */
  stream(params: RequestLogStreamParams = {}): AsyncGenerator<RequestLog, void> {
    const { status, path, method, ...options } = params;
    return sseStream<RequestLog>(this.transport, 'v1/logs/stream', { status, path, method }, options);
  }
}
