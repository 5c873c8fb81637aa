import { type PageFetcher, PagePromise } from './pagination.js';
import type { QueryParams, RequestOptions, Transport } from './request.js';

/** Base of the `wagw.<resource>` namespaces. */
export abstract class APIResource {
  protected readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * A list call whose later pages are fetched with `cursorParam` set to the last id seen. The
   * first page keeps the caller's own cursor, if any.
   */
  protected paginate<T extends { id: string }>(
    path: string,
    params: object | undefined,
    options: RequestOptions | undefined,
    cursorParam = 'starting_after',
  ): PagePromise<T> {
    const query = params as QueryParams | undefined;
    const fetchPage: PageFetcher<T> = (cursor) =>
      this.transport.request(
        { method: 'GET', path, query: cursor === undefined ? query : { ...query, [cursorParam]: cursor } },
        options,
      );
    return PagePromise.from(fetchPage);
  }
}
