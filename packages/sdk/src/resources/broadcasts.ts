import type { PagePromise } from '../core/pagination.js';
import { path, type QueryParams, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  Broadcast,
  BroadcastCreateParams,
  BroadcastListParams,
  BroadcastRecipient,
  BroadcastRecipientsParams,
} from '../types-broadcasts.js';

/**
 * `wagw.broadcasts`: one message (or template) to many recipients of a session, queued at a pace
 * (`per_minute`, with jitter), with progress, pause, resume and cancel. It survives server
 * restarts, and no recipient gets two messages.
 */
export class Broadcasts extends APIResource {
  /**
   * Creates a broadcast from `recipients` or a `csv` (a header row with a `phone` column; the
   * other columns fill in `{{placeholders}}`). A bad row throws `BadRequestError` naming the rows,
   * and nothing is stored.
   *
   * @example
   * const b = await wagw.broadcasts.create({
   *   session_id: sessionId,
   *   message: { type: 'text', text: 'Hi {{first_name}}, your order {{order}} shipped' },
   *   csv: await readFile('customers.csv', 'utf8'),
   * });
   */
  create(params: BroadcastCreateParams, options?: RequestOptions): Promise<Broadcast> {
    return this.transport.request({ method: 'POST', path: 'v1/broadcasts', body: params }, options);
  }

  /** Newest first, each with its progress. */
  list(params?: BroadcastListParams, options?: RequestOptions): PagePromise<Broadcast> {
    return this.paginate('v1/broadcasts', params, options);
  }

  get(id: string, options?: RequestOptions): Promise<Broadcast> {
    return this.transport.request({ method: 'GET', path: path`v1/broadcasts/${id}` }, options);
  }

  /** One page of the recipients in order (`after`: the last `position` of the previous page). */
  recipients(
    id: string,
    params?: BroadcastRecipientsParams,
    options?: RequestOptions,
  ): Promise<{ data: BroadcastRecipient[]; has_more: boolean }> {
    return this.transport.request(
      {
        method: 'GET',
        path: path`v1/broadcasts/${id}/recipients`,
        ...(params && { query: params as QueryParams }),
      },
      options,
    );
  }

  /** Stops queueing recipients; those already queued still go out. */
  pause(id: string, options?: RequestOptions): Promise<Broadcast> {
    return this.transport.request({ method: 'POST', path: path`v1/broadcasts/${id}/pause` }, options);
  }

  /** Goes on where it stopped. */
  resume(id: string, options?: RequestOptions): Promise<Broadcast> {
    return this.transport.request({ method: 'POST', path: path`v1/broadcasts/${id}/resume` }, options);
  }

  /** Ends it: recipients not yet queued are skipped. */
  cancel(id: string, options?: RequestOptions): Promise<Broadcast> {
    return this.transport.request({ method: 'POST', path: path`v1/broadcasts/${id}/cancel` }, options);
  }
}
