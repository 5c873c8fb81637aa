import type { WASocket } from '@whiskeysockets/baileys';
import type { ChatPresence } from '../../domain/chat-presence.js';
import type { ContactIdentity, NumberCheck } from '../../domain/contact-types.js';
import type { EngineSession } from '../engine.js';
import { BaileysChannels } from './baileys-channels.js';
import { checkNumbers, setBlocked } from './baileys-contacts.js';
import { BaileysGroups } from './baileys-groups.js';
import { BaileysProfiles } from './baileys-profiles.js';
import { jidToPhone, phoneToJid, sendError } from './mapping.js';

/**
 * What a connected Baileys session does for the API besides sending: chat presence and read
 * receipts, number checks and blocking, groups, profiles and presence. Each runs on the socket
 * of the moment; a socket that went away meanwhile makes its error SESSION_NOT_CONNECTED.
 */
export abstract class BaileysAccountOps implements Partial<EngineSession> {
  /** The connected socket, or SESSION_NOT_CONNECTED. */
  protected abstract connectedSocket(): WASocket;
  /** Whether `sock` is still the session's connected socket. */
  protected abstract isCurrent(sock: WASocket): boolean;
  /** The account's push name as the credentials know it. */
  protected abstract ownName(): string | null;

  readonly #groups = new BaileysGroups(
    () => this.connectedSocket(),
    (sock) => this.isCurrent(sock),
  );
  readonly #profiles = new BaileysProfiles(
    () => this.connectedSocket(),
    (sock) => this.isCurrent(sock),
    () => this.ownName(),
  );

  readonly #channels = new BaileysChannels(
    (task) => this.#run(task),
    () => jidToPhone(this.connectedSocket().user?.id),
  );

  channelInfo: EngineSession['channelInfo'] = (ref) => this.#channels.info(ref);
  createChannel = (name: string, description: string | null) => this.#channels.create(name, description);
  followChannel = (id: string) => this.#channels.follow(id, true);
  unfollowChannel = (id: string) => this.#channels.follow(id, false);

  listGroups = () => this.#groups.list();
  getGroup = (id: string) => this.#groups.get(id);
  createGroup = (subject: string, phones: readonly string[]) => this.#groups.create(subject, phones);
  updateGroup: EngineSession['updateGroup'] = (id, change) => this.#groups.update(id, change);
  setGroupPicture: EngineSession['setGroupPicture'] = (id, picture) => this.#groups.setPicture(id, picture);
  updateParticipants: EngineSession['updateParticipants'] = (id, action, phones) =>
    this.#groups.participants(id, action, phones);
  groupInviteCode = (id: string, revoke: boolean) => this.#groups.inviteCode(id, revoke);
  joinGroup = (code: string) => this.#groups.join(code);
  leaveGroup = (id: string) => this.#groups.leave(id);

  ownProfile = () => this.#profiles.own();
  updateOwnProfile = (change: { name?: string; about?: string }) => this.#profiles.update(change);
  setOwnPicture = (picture: Uint8Array | null) => this.#profiles.setPicture(picture);
  setOwnPresence: EngineSession['setOwnPresence'] = (presence) => this.#profiles.setPresence(presence);
  subscribePresence = (contact: ContactIdentity) => this.#profiles.subscribe(contact);
  contactProfile = (contact: ContactIdentity) => this.#profiles.contact(contact);

  async sendPresence(to: string, state: ChatPresence): Promise<void> {
    await this.#run((sock) =>
      sock.sendPresenceUpdate(state === 'typing' ? 'composing' : state, phoneToJid(to)),
    );
  }

  async markRead(from: string, waMessageIds: readonly string[]): Promise<void> {
    const remoteJid = from.endsWith('@lid') ? from : phoneToJid(from);
    await this.#run((sock) =>
      sock.readMessages(waMessageIds.map((id) => ({ remoteJid, id, fromMe: false }))),
    );
  }

  checkNumbers(phones: readonly string[]): Promise<NumberCheck[]> {
    return this.#run((sock) => checkNumbers(sock, phones));
  }

  async setBlocked(contact: ContactIdentity, blocked: boolean): Promise<void> {
    await this.#run((sock) => setBlocked(sock, contact, blocked));
  }

  async #run<T>(task: (sock: WASocket) => Promise<T>): Promise<T> {
    const sock = this.connectedSocket();
    try {
      return await task(sock);
    } catch (error) {
      throw sendError(error, this.isCurrent(sock));
    }
  }
}
