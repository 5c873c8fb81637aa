import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  ApiKey,
  ApiKeyCreated,
  ApiKeyCreateParams,
  ApiKeyListParams,
  ApiKeyRotated,
  ApiKeyRotateParams,
} from '../types.js';

/** `wagw.apiKeys`: the tenant's API keys. */
export class ApiKeys extends APIResource {
  /**
   * Creates a key. Its secret value is in `key`, returned only this once: the server does not keep
   * it, so a replay of a create that already succeeded (the same Idempotency-Key, for example a
   * retry after the response was lost) throws `ConflictError` with code `SECRET_NOT_REPLAYABLE` and
   * the key's id in `details.id` — revoke it and create another.
   *
   * Limit it with `scopes`, `expires_at` or `expires_in_days`, `allowed_ips` (IPs or CIDR ranges),
   * and make it act as a member or service account with `user_id`.
   *
   * @example
   * const { key } = await wagw.apiKeys.create({ name: 'ci', mode: 'test' });
   * const reader = await wagw.apiKeys.create({
   *   name: 'dashboard',
   *   scopes: ['sessions:read', 'messages:read'],
   *   expires_in_days: 90,
   *   allowed_ips: ['203.0.113.0/24'],
   * });
   */
  create(params: ApiKeyCreateParams, options?: RequestOptions): Promise<ApiKeyCreated> {
    return this.transport.request({ method: 'POST', path: 'v1/api-keys', body: params }, options);
  }

  list(params?: ApiKeyListParams, options?: RequestOptions): PagePromise<ApiKey> {
    return this.paginate('v1/api-keys', params, options);
  }

  /**
   * Replaces a key with a new one (same name, mode, scopes, allowed IPs and owner), shown only in
   * this response. The old key keeps working for `grace_period_seconds` (default a day, at most 7
   * days; 0 revokes it now) and is returned in `replaces`.
   *
   * @example
   * const { key, replaces } = await wagw.apiKeys.rotate('key_…', { grace_period_seconds: 3600 });
   */
  rotate(id: string, params: ApiKeyRotateParams = {}, options?: RequestOptions): Promise<ApiKeyRotated> {
    return this.transport.request(
      { method: 'POST', path: path`v1/api-keys/${id}/rotate`, body: params },
      options,
    );
  }

  /** Revokes the key at once; returns it with `revoked_at` set. */
  revoke(id: string, options?: RequestOptions): Promise<ApiKey> {
    return this.transport.request({ method: 'DELETE', path: path`v1/api-keys/${id}` }, options);
  }
}
