import { createHash } from 'node:crypto';
import type { ContactPresence, ContactProfile, OwnPresence, OwnProfile } from '../../domain/profile-types.js';
import { type ContactIdentity, type EngineContext, EngineError } from '../engine.js';
import { behaviourFor } from './recipient-behaviour.js';
import { sandboxLid } from './sandbox-contacts.js';

const PROFILE = 'profile';
const DEFAULT_ABOUT = 'Hey there! I am using WhatsApp.';
/** When every sandbox contact set its about (a fixed time, so answers are stable). */
const ABOUT_SET_AT = Date.parse('2026-01-01T00:00:00.000Z');
const HOUR = 60 * 60_000;

/**
 * The sandbox account's profile (kept in the engine state) and its contacts' profiles and
 * presence, by the number's last digits as for messages (docs/sandbox.md): `0003` is not on
 * WhatsApp, `0002` is offline and hides its last seen, `0001` was last seen an hour ago, `0004`
 * comes online and types, every other number is online. Pictures are `sandbox://` URLs.
 */
export class SandboxProfiles {
  constructor(
    private readonly ctx: EngineContext,
    private readonly stepMs: number,
    private readonly later: (ms: number, task: () => void) => void,
  ) {}

  async own(): Promise<OwnProfile> {
    const { main } = await this.ctx.state.get<OwnProfile>(PROFILE, ['main']);
    return main ?? { name: 'Sandbox', about: null, pictureUrl: null };
  }

  async update(change: { name?: string; about?: string }): Promise<void> {
    const now = await this.own();
    const next: OwnProfile = {
      ...now,
      ...(change.name !== undefined && { name: change.name }),
      ...(change.about !== undefined && { about: change.about || null }),
    };
    await this.ctx.state.set({ [PROFILE]: { main: next } });
  }

  async setPicture(picture: Uint8Array | null): Promise<void> {
    const url =
      picture && `sandbox://pictures/${createHash('sha256').update(picture).digest('hex').slice(0, 16)}.jpg`;
    await this.ctx.state.set({ [PROFILE]: { main: { ...(await this.own()), pictureUrl: url } } });
  }

  /** Shown to no one: the sandbox has no contacts to see it; it is remembered in the state. */
  async setPresence(presence: OwnPresence): Promise<void> {
    await this.ctx.state.set({ [PROFILE]: { presence: { presence, at: Date.now() } } });
  }

  async contact(contact: ContactIdentity): Promise<ContactProfile> {
    const phone = reachable(contact);
    return {
      about: DEFAULT_ABOUT,
      aboutSetAt: ABOUT_SET_AT,
      pictureUrl: behaviourFor(phone) === 'echoes' ? `sandbox://pictures/${phone.slice(1)}.jpg` : null,
    };
  }

  /** The contact's presence now (one step later), and for `0004` its typing after that. */
  async subscribe(contact: ContactIdentity): Promise<void> {
    const phone = reachable(contact);
    const who = { phone, lid: contact.lid ?? sandboxLid(phone) };
    const tell = (presence: ContactPresence, lastSeen: number | null) =>
      this.ctx.emit({ type: 'presence', chat: phone, contact: who, presence, lastSeen });
    const behaviour = behaviourFor(phone);
    this.later(this.stepMs, () => {
      if (behaviour === 'never_delivers') tell('unavailable', null);
      else if (behaviour === 'delivers_only') tell('unavailable', Date.now() - HOUR);
      else tell('available', null);
      if (behaviour !== 'echoes') return;
      this.later(this.stepMs, () => tell('composing', null));
      this.later(2 * this.stepMs, () => tell('paused', null));
    });
  }
}

/** The contact's phone number, if it is on WhatsApp (the sandbox knows contacts by phone). */
function reachable(contact: ContactIdentity): string {
  const phone = contact.phone;
  if (!phone) throw new EngineError('NOT_ON_WHATSAPP', 'The sandbox knows contacts by phone number.', false);
  if (behaviourFor(phone) === 'fails')
    throw new EngineError('NOT_ON_WHATSAPP', `${phone} is not on WhatsApp.`, false);
  return phone;
}
