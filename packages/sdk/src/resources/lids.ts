import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { LidListParams, LidMapping } from '../types-contacts.js';

/** `wagw.lids`: a session's LID ↔ phone number mappings. */
export class Lids extends APIResource {
  /** By LID; iterate with `for await` to page through all of them. */
  list(sessionId: string, params?: LidListParams, options?: RequestOptions): PagePromise<LidMapping> {
    return this.paginate(path`v1/sessions/${sessionId}/lids`, params, options);
  }

  /** The phone number of a LID; rejects with `NotFoundError` (`LID_NOT_FOUND`) when unknown. */
  get(sessionId: string, lid: string, options?: RequestOptions): Promise<LidMapping> {
    return this.transport.request(
      { method: 'GET', path: path`v1/sessions/${sessionId}/lids/${lid}` },
      options,
    );
  }

  /** The LID of a phone number; rejects with `NotFoundError` (`LID_NOT_FOUND`) when unknown. */
  byPhone(sessionId: string, phone: string, options?: RequestOptions): Promise<LidMapping> {
    return this.transport.request(
      { method: 'GET', path: path`v1/sessions/${sessionId}/lids/pn/${phone}` },
      options,
    );
  }
}
