import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import type { ContactIdentity } from './contact-types.js';
import type { ContactsService } from './contacts-service.js';
import type { EventsService } from './events-service.js';
import type { MediaService } from './media-service.js';
import {
  type ContactPresence,
  type ContactProfile,
  OWN_PRESENCES,
  type OwnPresence,
  type OwnProfile,
  PROFILE_ABOUT_MAX,
  PROFILE_NAME_MAX,
} from './profile-types.js';
import { callEngineOf, sessionOf } from './session-access.js';
import type { SessionControl } from './session-control.js';

type Control = Pick<SessionControl, 'engineCall'>;

/**
 * Profiles and presence, through the connected session: its own name, about and picture, its
 * presence, a contact's about and picture, and subscriptions to a contact's presence (which then
 * arrives as `presence.updated` events). Nothing here is stored: WhatsApp is asked each time.
 */
export class ProfilesService {
  #control: Control | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly events: EventsService,
    private readonly contacts: ContactsService,
    private readonly media: MediaService,
  ) {}

  bindControl(control: Control): void {
    this.#control = control;
  }

  async own(principal: Principal, sessionId: string): Promise<OwnProfile & { phone: string | null }> {
    const session = await sessionOf(this.storage, principal, sessionId);
    const profile = await callEngineOf(this.#control, sessionId, 'ownProfile', 'read its profile', (s) =>
      s.ownProfile?.(),
    );
    return { ...profile, phone: session.phone };
  }

  async updateOwn(
    principal: Principal,
    sessionId: string,
    change: { name?: string | undefined; about?: string | undefined },
  ): Promise<OwnProfile & { phone: string | null }> {
    authorize(principal, 'sessions:manage');
    await sessionOf(this.storage, principal, sessionId);
    const checked = {
      ...(change.name !== undefined && { name: text(change.name, 'name', 1, PROFILE_NAME_MAX) }),
      ...(change.about !== undefined && { about: text(change.about, 'about', 0, PROFILE_ABOUT_MAX) }),
    };
    if (Object.keys(checked).length === 0) {
      throw new AppError('VALIDATION_FAILED', { message: 'Give name and/or about.' });
    }
    await callEngineOf(this.#control, sessionId, 'updateOwnProfile', 'change its profile', (s) =>
      s.updateOwnProfile?.(checked),
    );
    return this.own(principal, sessionId);
  }

  /** Sets the picture from an uploaded JPEG or PNG (`media_id`), or removes it with null. */
  async setOwnPicture(
    principal: Principal,
    sessionId: string,
    mediaId: string | null,
  ): Promise<OwnProfile & { phone: string | null }> {
    authorize(principal, 'sessions:manage');
    await sessionOf(this.storage, principal, sessionId);
    const bytes = mediaId === null ? null : await this.media.imageBytes(principal, mediaId, 'media_id');
    await callEngineOf(this.#control, sessionId, 'setOwnPicture', 'set its picture', (s) =>
      s.setOwnPicture?.(bytes),
    );
    return this.own(principal, sessionId);
  }

  async setPresence(principal: Principal, sessionId: string, presence: string): Promise<OwnPresence> {
    authorize(principal, 'messages:send');
    await sessionOf(this.storage, principal, sessionId);
    if (!(OWN_PRESENCES as readonly string[]).includes(presence)) {
      throw new AppError('VALIDATION_FAILED', {
        message: `presence is one of ${OWN_PRESENCES.join(', ')}.`,
        param: 'presence',
      });
    }
    const own = presence as OwnPresence;
    await callEngineOf(this.#control, sessionId, 'setOwnPresence', 'set its presence', (s) =>
      s.setOwnPresence?.(own),
    );
    return own;
  }

  /** Subscribes to a contact's presence; its changes come as `presence.updated` events. */
  async subscribePresence(
    principal: Principal,
    sessionId: string,
    contact: string,
  ): Promise<ContactIdentity> {
    authorize(principal, 'messages:read');
    await sessionOf(this.storage, principal, sessionId);
    const who = await this.#identity(principal, sessionId, contact);
    await callEngineOf(this.#control, sessionId, 'subscribePresence', 'subscribe to presence', (s) =>
      s.subscribePresence?.(who),
    );
    return who;
  }

  async contactProfile(
    principal: Principal,
    sessionId: string,
    contact: string,
  ): Promise<ContactProfile & { contact: ContactIdentity }> {
    authorize(principal, 'messages:read');
    await sessionOf(this.storage, principal, sessionId);
    const who = await this.#identity(principal, sessionId, contact);
    const profile = await callEngineOf(
      this.#control,
      sessionId,
      'contactProfile',
      "read contacts' profiles",
      (s) => s.contactProfile?.(who),
    );
    return { ...profile, contact: who };
  }

  /** A contact's presence the engine reported: a `presence.updated` event. */
  async learnPresence(
    sessionId: string,
    fact: { chat: string; contact: ContactIdentity; presence: ContactPresence; lastSeen: number | null },
    at: number,
    tx: Storage,
  ): Promise<void> {
    const session = await tx.sessions.getById(sessionId);
    if (!session) return;
    const phone =
      fact.contact.phone ??
      (fact.contact.lid ? ((await tx.contacts.phoneForLid(sessionId, fact.contact.lid)) ?? null) : null);
    const lid =
      fact.contact.lid ?? (phone ? ((await tx.contacts.lidForPhone(sessionId, phone)) ?? null) : null);
    await this.events.record(
      tx,
      {
        tenantId: session.tenantId,
        sessionId,
        type: 'presence.updated',
        data: {
          session_id: sessionId,
          chat_id: fact.chat.endsWith('@g.us') ? fact.chat : (phone ?? fact.chat),
          contact: { phone, lid },
          presence: fact.presence,
          last_seen: fact.lastSeen === null ? null : new Date(fact.lastSeen).toISOString(),
        },
      },
      at,
    );
  }

  async #identity(principal: Principal, sessionId: string, contact: string): Promise<ContactIdentity> {
    const ref = this.contacts.ref(contact, 'contact');
    const known = await this.storage.contacts.get(principal.tenant.id, sessionId, ref.by, ref.value);
    return {
      phone: known?.phone ?? (ref.by === 'phone' ? ref.value : null),
      lid: known?.lid ?? (ref.by === 'lid' ? ref.value : null),
    };
  }
}

function text(value: string, param: string, min: number, max: number): string {
  const trimmed = value.trim();
  if ([...trimmed].length < min || [...trimmed].length > max) {
    throw new AppError('VALIDATION_FAILED', {
      message: `${param} is ${min > 0 ? `${min} to ` : 'up to '}${max} characters.`,
      param,
    });
  }
  return trimmed;
}
