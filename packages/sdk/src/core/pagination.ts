/** A list response as the API returns it. */
export interface ListEnvelope<T> {
  data: T[];
  has_more: boolean;
}

/** Fetches one page; `cursor` is the id of the last item seen, or undefined for the first page. */
export type PageFetcher<T> = (cursor: string | undefined) => Promise<ListEnvelope<T>>;

/**
 * One page of a list. `for await` over a page yields its items and those of every later page.
 *
 * @example
 * let page = await wagw.sessions.list({ limit: 50 });
 * while (page) {
 *   console.log(page.data.length);
 *   page = await page.nextPage();
 * }
 */
export class Page<T extends { id: string }> implements AsyncIterable<T> {
  readonly data: T[];
  readonly has_more: boolean;
  readonly #fetchPage: PageFetcher<T>;

  constructor(envelope: ListEnvelope<T>, fetchPage: PageFetcher<T>) {
    this.data = envelope.data;
    this.has_more = envelope.has_more;
    this.#fetchPage = fetchPage;
  }

  hasNextPage(): boolean {
    return this.has_more && this.data.length > 0;
  }

  /** The next page, or `null` when this is the last one. */
  async nextPage(): Promise<Page<T> | null> {
    if (!this.hasNextPage()) return null;
    const cursor = this.data[this.data.length - 1]!.id;
    return new Page(await this.#fetchPage(cursor), this.#fetchPage);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page: Page<T> | null = this;
    while (page) {
      yield* page.data;
      page = await page.nextPage();
    }
  }
}

/**
 * What list methods return: a promise of the first `Page` that can also be iterated directly, item
 * by item across all pages.
 *
 * @example
 * for await (const session of wagw.sessions.list()) console.log(session.id);
 * const first = await wagw.sessions.list({ limit: 10 });
 */
export class PagePromise<T extends { id: string }> extends Promise<Page<T>> implements AsyncIterable<T> {
  // then/catch/finally return plain promises, not PagePromises built from an executor.
  static override get [Symbol.species]() {
    return Promise;
  }

  static from<T extends { id: string }>(fetchPage: PageFetcher<T>, cursor?: string): PagePromise<T> {
    return new PagePromise<T>((resolve, reject) => {
      fetchPage(cursor).then((envelope) => resolve(new Page(envelope, fetchPage)), reject);
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* await this;
  }
}
