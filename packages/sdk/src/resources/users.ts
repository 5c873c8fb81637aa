import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { AdminUser, Profile, ProfileUpdateParams, UserListParams } from '../types-accounts.js';

/** `wagw.users`: your own user (a login token, or a key acting as a user), and the admin's list. */
export class Users extends APIResource {
  /** Your user and memberships. */
  me(options?: RequestOptions): Promise<Profile> {
    return this.transport.request({ method: 'GET', path: 'v1/users/me' }, options);
  }

  updateMe(params: ProfileUpdateParams, options?: RequestOptions): Promise<Profile> {
    return this.transport.request({ method: 'PATCH', path: 'v1/users/me', body: params }, options);
  }

  /** Platform admin: every user of the instance with their memberships. */
  listAll(params?: UserListParams, options?: RequestOptions): PagePromise<AdminUser> {
    return this.paginate('v1/admin/users', params, options);
  }
}
