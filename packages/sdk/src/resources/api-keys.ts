import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { ApiKey, ApiKeyCreated, ApiKeyCreateParams, ApiKeyListParams } from '../types.js';

/** `wagw.apiKeys`: the tenant's API keys. */
export class ApiKeys extends APIResource {
  /**
   * Creates a key. Its secret value is in `key`, returned only this once: the server does not keep
   * it, so a replay of a create that already succeeded (the same Idempotency-Key, for example a
   * retry after the response was lost) throws `ConflictError` with code `SECRET_NOT_REPLAYABLE` and
   * the key's id in `details.id` — revoke it and create another.
   *
   * @example
   * const { key } = await wagw.apiKeys.create({ name: 'ci', mode: 'test' });
   */
  create(params: ApiKeyCreateParams, options?: RequestOptions): Promise<ApiKeyCreated> {
    return this.transport.request({ method: 'POST', path: 'v1/api-keys', body: params }, options);
  }

  list(params?: ApiKeyListParams, options?: RequestOptions): PagePromise<ApiKey> {
    return this.paginate('v1/api-keys', params, options);
  }

  /** Revokes the key at once; returns it with `revoked_at` set. */
  revoke(id: string, options?: RequestOptions): Promise<ApiKey> {
    return this.transport.request({ method: 'DELETE', path: path`v1/api-keys/${id}` }, options);
  }
}
