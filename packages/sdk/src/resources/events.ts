import type { Page, PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import { sleep } from '../core/retry.js';
import { type StreamOptions, sseStream } from '../core/sse-stream.js';
import type { Event, EventListParams, EventOf, EventTriggerParams, EventType } from '../types.js';

export interface EventIterateOptions extends RequestOptions {
  /**
   * Keep polling for new events after catching up, instead of ending. Stop it with `signal` (the
   * iteration then ends quietly) or by breaking out of the loop.
   */
  follow?: boolean;
  /** Time between polls once caught up, with `follow`. Default 2 000. */
  intervalMs?: number;
}

export interface EventStreamParams extends StreamOptions {
  /** Exact types, `*`, or families such as `message.*`; default every type. */
  types?: readonly string[] | undefined;
  sessionId?: string | undefined;
}

/** `wagw.events`: the tenant's event log, oldest first, read with an `after` cursor. */
export class Events extends APIResource {
  /**
   * Makes the server emit a realistic test event of `type` (the catalog's example, fresh ids, now)
   * through the normal pipeline: your webhooks, streams and `wagw listen` get it like a real one.
   * Session and message events need `session_id`.
   *
   * @example
   * await wagw.events.trigger('message.received', { session_id: session.id });
   */
  trigger<T extends EventType>(
    type: T,
    params: EventTriggerParams = {},
    options?: RequestOptions,
  ): Promise<EventOf<T>> {
    return this.transport.request(
      { method: 'POST', path: path`v1/event-types/${type}/trigger`, body: params },
      options,
    );
  }

  /**
   * One page of events after `after` (exclusive), oldest first. Iterating the result walks every
   * later page.
   */
  list(params?: EventListParams, options?: RequestOptions): PagePromise<Event> {
    return this.paginate('v1/events', params, options, 'after');
  }

  /**
   * Every event after `params.after`, page by page, following the `after` cursor. With `follow`,
   * it then waits for new events: a simple way to tail the log without webhooks.
   *
   * @example
   * for await (const event of wagw.events.iterate({ after: lastSeenId }, { follow: true, signal })) {
   *   handle(event);
   * }
   */
  async *iterate(
    params: EventListParams = {},
    options: EventIterateOptions = {},
  ): AsyncGenerator<Event, void> {
    const { follow = false, intervalMs = 2_000, ...requestOptions } = options;
    const { signal } = requestOptions;
    let after = params.after;
    try {
      for (;;) {
        let page: Page<Event> | null = await this.list({ ...params, after }, requestOptions);
        while (page) {
          for (const event of page.data) {
            after = event.id;
            yield event;
          }
          page = await page.nextPage();
        }
        if (!follow) return;
        await sleep(intervalMs, signal);
      }
    } catch (error) {
      // With `follow`, aborting is the normal way to stop.
      if (follow && signal?.aborted) return;
      throw error;
    }
  }

  /**
   * The tenant's events live, as they happen (Server-Sent Events from `GET /v1/events/stream`).
   * A dropped connection is reopened with `Last-Event-ID`, so no event is missed or repeated;
   * pass the id of the last event you handled as `lastEventId` to resume after a restart. Ends
   * quietly when `signal` aborts; throws on errors a retry cannot fix (401, an unknown
   * `lastEventId`).
   *
   * @example
   * const controller = new AbortController();
   * for await (const event of wagw.events.stream({ types: ['message.*'], signal: controller.signal })) {
   *   console.log(event.type, event.data);
   * }
   */
  stream(params: EventStreamParams = {}): AsyncGenerator<Event, void> {
    const { types, sessionId, ...options } = params;
    return sseStream<Event>(
      this.transport,
      'v1/events/stream',
      { types: types?.length ? types.join(',') : undefined, session_id: sessionId },
      options,
    );
  }
}
