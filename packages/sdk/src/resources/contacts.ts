import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { Contact, ContactListParams, NumberCheck } from '../types-contacts.js';

/**
 * `wagw.contacts`: who a session knows (by phone number and LID), number checks, blocking. A
 * contact is named by its phone number (international format) or its LID (`…@lid`).
 */
export class Contacts extends APIResource {
  /**
   * By id (phone number, else LID); `q` finds a part of the phone number or name. Iterate with
   * `for await` to page through all of them.
   *
   * @example
   * for await (const c of wagw.contacts.list(sessionId, { q: 'ada' })) console.log(c.id, c.name);
   */
  list(sessionId: string, params?: ContactListParams, options?: RequestOptions): PagePromise<Contact> {
    return this.paginate(path`v1/sessions/${sessionId}/contacts`, params, options);
  }

  /** One contact; rejects with `NotFoundError` (`CONTACT_NOT_FOUND`) when the session does not know it. */
  get(sessionId: string, contact: string, options?: RequestOptions): Promise<Contact> {
    return this.transport.request(
      { method: 'GET', path: path`v1/sessions/${sessionId}/contacts/${contact}` },
      options,
    );
  }

  /**
   * Asks WhatsApp which of 1–50 numbers have an account (LIDs it gives are stored as contacts).
   * Rejects with `SESSION_NOT_CONNECTED` (409) when the session is not connected.
   *
   * @example
   * const results = await wagw.contacts.check(sessionId, ['+447700900123', '+14155550100']);
   * const reachable = results.filter((r) => r.on_whatsapp).map((r) => r.phone);
   */
  async check(
    sessionId: string,
    phones: readonly string[],
    options?: RequestOptions,
  ): Promise<NumberCheck[]> {
    const result = await this.transport.request<{ data: NumberCheck[] }>(
      { method: 'POST', path: path`v1/sessions/${sessionId}/contacts/check`, body: { phones: [...phones] } },
      options,
    );
    return result.data;
  }

  /** Blocks a contact: WhatsApp stops delivering its messages. The session must be connected. */
  block(sessionId: string, contact: string, options?: RequestOptions): Promise<Contact> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/contacts/${contact}/block` },
      options,
    );
  }

  /** Unblocks a contact. The session must be connected. */
  unblock(sessionId: string, contact: string, options?: RequestOptions): Promise<Contact> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/contacts/${contact}/unblock` },
      options,
    );
  }
}
