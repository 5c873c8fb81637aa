import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  Member,
  MemberListParams,
  MemberRemoved,
  MemberUpdateParams,
  ServiceAccountCreateParams,
} from '../types-accounts.js';

/** `wagw.members`: the tenant's members, their roles, and service accounts (needs `members:manage`). */
export class Members extends APIResource {
  list(params?: MemberListParams, options?: RequestOptions): PagePromise<Member> {
    return this.paginate('v1/members', params, options);
  }

  /** Makes a member `admin` or `member`; the last admin cannot step down (LAST_ADMIN). */
  update(userId: string, params: MemberUpdateParams, options?: RequestOptions): Promise<Member> {
    return this.transport.request(
      { method: 'PATCH', path: path`v1/members/${userId}`, body: params },
      options,
    );
  }

  remove(userId: string, options?: RequestOptions): Promise<MemberRemoved> {
    return this.transport.request({ method: 'DELETE', path: path`v1/members/${userId}` }, options);
  }

  /** A service account: a member with the `service` role that acts only through API keys. */
  createServiceAccount(params: ServiceAccountCreateParams, options?: RequestOptions): Promise<Member> {
    return this.transport.request({ method: 'POST', path: 'v1/service-accounts', body: params }, options);
  }

  listServiceAccounts(params?: MemberListParams, options?: RequestOptions): PagePromise<Member> {
    return this.paginate('v1/service-accounts', params, options);
  }
}
