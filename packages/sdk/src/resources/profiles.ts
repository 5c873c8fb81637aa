import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { Identity } from '../types-groups.js';
import type {
  ContactProfile,
  OwnPresence,
  SessionProfile,
  SessionProfileUpdateParams,
} from '../types-profiles.js';

/**
 * `wagw.profiles`: the session's own profile and presence, contacts' profiles, and presence
 * subscriptions (changes then come as `presence.updated` events). Each call asks WhatsApp through
 * the connected session (`SESSION_NOT_CONNECTED` otherwise).
 */
export class Profiles extends APIResource {
  get(sessionId: string, options?: RequestOptions): Promise<SessionProfile> {
    return this.transport.request({ method: 'GET', path: path`v1/sessions/${sessionId}/profile` }, options);
  }

  /**
   * @example
   * await wagw.profiles.update(sessionId, { name: 'Acme Support', about: 'We answer within the hour' });
   */
  update(
    sessionId: string,
    params: SessionProfileUpdateParams,
    options?: RequestOptions,
  ): Promise<SessionProfile> {
    return this.transport.request(
      { method: 'PATCH', path: path`v1/sessions/${sessionId}/profile`, body: params },
      options,
    );
  }

  /** Sets the picture from an uploaded JPEG or PNG (`wagw.media.upload`), or removes it with null. */
  setPicture(sessionId: string, mediaId: string | null, options?: RequestOptions): Promise<SessionProfile> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/profile/picture`, body: { media_id: mediaId } },
      options,
    );
  }

  setPresence(
    sessionId: string,
    presence: OwnPresence,
    options?: RequestOptions,
  ): Promise<{ session_id: string; presence: string }> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/presence`, body: { presence } },
      options,
    );
  }

  /** A contact's about and picture; `NOT_ON_WHATSAPP` (422) for a number without WhatsApp. */
  contact(sessionId: string, contact: string, options?: RequestOptions): Promise<ContactProfile> {
    return this.transport.request(
      { method: 'GET', path: path`v1/sessions/${sessionId}/contacts/${contact}/profile` },
      options,
    );
  }

  /** Subscribes to a contact's presence for as long as the session stays connected. */
  subscribePresence(
    sessionId: string,
    contact: string,
    options?: RequestOptions,
  ): Promise<{ session_id: string; subscribed: true; contact: Identity }> {
    return this.transport.request(
      {
        method: 'POST',
        path: path`v1/sessions/${sessionId}/contacts/${contact}/presence/subscribe`,
        body: {},
      },
      options,
    );
  }
}
