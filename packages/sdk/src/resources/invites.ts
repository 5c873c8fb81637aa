import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  AuthResult,
  Invite,
  InviteAcceptParams,
  InviteCreateParams,
  InviteListParams,
} from '../types-accounts.js';

/** `wagw.invites`: invitations by email (creating, listing and revoking need `members:manage`). */
export class Invites extends APIResource {
  /** Mails a link with a single-use token, valid 7 days. */
  create(params: InviteCreateParams, options?: RequestOptions): Promise<Invite> {
    return this.transport.request({ method: 'POST', path: 'v1/invites', body: params }, options);
  }

  /** Open invites (neither accepted nor revoked). */
  list(params?: InviteListParams, options?: RequestOptions): PagePromise<Invite> {
    return this.paginate('v1/invites', params, options);
  }

  revoke(id: string, options?: RequestOptions): Promise<Invite> {
    return this.transport.request({ method: 'DELETE', path: path`v1/invites/${id}` }, options);
  }

  /**
   * Accepts an invite: with a client logged in as the invited email's user, that user joins; with
   * a client without a key, `name` and `password` create the account. Returns a login session in
   * the tenant.
   */
  accept(params: InviteAcceptParams, options?: RequestOptions): Promise<AuthResult> {
    return this.transport.request({ method: 'POST', path: 'v1/invites/accept', body: params }, options);
  }
}
