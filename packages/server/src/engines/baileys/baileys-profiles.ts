import type { BaileysEventMap, WASocket } from '@whiskeysockets/baileys';
import type { ContactIdentity } from '../../domain/contact-types.js';
import type { ContactPresence, ContactProfile, OwnPresence, OwnProfile } from '../../domain/profile-types.js';
import { EngineError, type EngineEvent } from '../engine.js';
import { person } from './baileys-groups.js';
import { jidToPhone, phoneToJid, sendError } from './mapping.js';

type PresenceEvent = Extract<EngineEvent, { type: 'presence' }>;

const PRESENCES = new Set<string>(['available', 'unavailable', 'composing', 'recording', 'paused']);

/** Baileys' `presence.update` as presence events, one per participant (several in a group). */
export function presenceEvents(update: BaileysEventMap['presence.update']): PresenceEvent[] {
  const chatPerson = person(update.id);
  const groupChat = update.id.endsWith('@g.us');
  return Object.entries(update.presences).flatMap(([participant, data]) => {
    if (!PRESENCES.has(data.lastKnownPresence)) return [];
    const contact = person(participant);
    if (!contact.phone && !contact.lid) return [];
    const chat = groupChat
      ? update.id
      : (chatPerson.phone ?? chatPerson.lid ?? contact.phone ?? contact.lid)!;
    return [
      {
        type: 'presence' as const,
        chat,
        contact,
        presence: data.lastKnownPresence as ContactPresence,
        lastSeen: data.lastSeen ? data.lastSeen * 1000 : null,
      },
    ];
  });
}

/** WhatsApp's answer for a picture that is not there (404) or hidden (401): no picture. */
const noPicture = (error: unknown): boolean => {
  const status = (error as { output?: { statusCode?: number }; data?: unknown } | null) ?? {};
  const code = typeof status.data === 'number' ? status.data : status.output?.statusCode;
  return code === 404 || code === 401 || /item-not-found|not-authorized/i.test(String(error));
};

/**
 * The account's own profile and presence, and its contacts' profiles and presence subscriptions,
 * on a connected socket. A lost connection is SESSION_NOT_CONNECTED; other refusals SEND_FAILED.
 */
export class BaileysProfiles {
  constructor(
    private readonly socket: () => WASocket,
    private readonly isCurrent: (sock: WASocket) => boolean,
    private readonly ownName: () => string | null,
  ) {}

  async own(): Promise<OwnProfile> {
    return this.#run(async (sock) => {
      const jid = ownJid(sock);
      const [status] = (await sock.fetchStatus(jid)) ?? [];
      const about = (status?.status as { status?: string | null } | undefined)?.status ?? null;
      return {
        name: sock.user?.name ?? this.ownName(),
        about: about || null,
        pictureUrl: await picture(sock, jid),
      };
    });
  }

  async update(change: { name?: string; about?: string }): Promise<void> {
    await this.#run(async (sock) => {
      if (change.name !== undefined) await sock.updateProfileName(change.name);
      if (change.about !== undefined) await sock.updateProfileStatus(change.about);
    });
  }

  async setPicture(bytes: Uint8Array | null): Promise<void> {
    await this.#run(async (sock) => {
      if (bytes) await sock.updateProfilePicture(ownJid(sock), Buffer.from(bytes));
      else await sock.removeProfilePicture(ownJid(sock));
    });
  }

  async setPresence(presence: OwnPresence): Promise<void> {
    await this.#run((sock) => sock.sendPresenceUpdate(presence));
  }

  async subscribe(contact: ContactIdentity): Promise<void> {
    await this.#run((sock) => sock.presenceSubscribe(jidOf(contact)));
  }

  async contact(contact: ContactIdentity): Promise<ContactProfile> {
    return this.#run(async (sock) => {
      const jid = jidOf(contact);
      if (contact.phone) {
        const [found] = (await sock.onWhatsApp(contact.phone.slice(1))) ?? [];
        if (!found?.exists)
          throw new EngineError('NOT_ON_WHATSAPP', `${contact.phone} is not on WhatsApp.`, false);
      }
      const [status] = (await sock.fetchStatus(jid)) ?? [];
      const about = status?.status as { status?: string | null; setAt?: Date } | undefined;
      const setAt = about?.setAt?.getTime();
      return {
        about: about?.status || null,
        aboutSetAt: about?.status && setAt ? setAt : null,
        pictureUrl: await picture(sock, jid),
      };
    });
  }

  async #run<T>(task: (sock: WASocket) => Promise<T>): Promise<T> {
    const sock = this.socket();
    try {
      return await task(sock);
    } catch (error) {
      if (error instanceof EngineError) throw error;
      throw sendError(error, this.isCurrent(sock));
    }
  }
}

async function picture(sock: WASocket, jid: string): Promise<string | null> {
  try {
    return (await sock.profilePictureUrl(jid, 'image')) ?? null;
  } catch (error) {
    if (noPicture(error)) return null;
    throw error;
  }
}

function ownJid(sock: WASocket): string {
  const phone = jidToPhone(sock.user?.id);
  if (!phone) throw new EngineError('SESSION_NOT_CONNECTED', 'The session has no account yet.', true);
  return phoneToJid(phone);
}

const jidOf = (contact: ContactIdentity): string => {
  if (contact.phone) return phoneToJid(contact.phone);
  if (contact.lid) return contact.lid;
  throw new EngineError('NOT_ON_WHATSAPP', 'A contact needs a phone number or a LID.', false);
};
