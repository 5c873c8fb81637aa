import type { BaileysEventMap, WAMessage, WASocket } from '@whiskeysockets/baileys';
import { GROUP_ID } from '../../domain/group-types.js';
import type { EngineContext, EngineEvent } from '../engine.js';
import type { StoredAuthState } from './auth-state.js';
import { groupEvents, groupInfo, person } from './baileys-groups.js';
import type { BaileysEngineOptions } from './baileys-options.js';
import { ownAccount } from './inbound-content.js';
import { boundedReupload, type DownloadContext, receivedBody } from './inbound-message.js';
import { identityOf, isDirectChat, jidToLid, jidToPhone, statusFromProto, timestampMs } from './mapping.js';
import { TtlCache } from './ttl-cache.js';

export interface BaileysInboundDeps {
  readonly ctx: EngineContext;
  readonly options: BaileysEngineOptions;
  auth(): StoredAuthState | undefined;
  /** The engine's emit (with back-pressure on the socket). */
  emit(sock: WASocket, event: EngineEvent): void;
}

/**
 * What a Baileys socket reports, as engine events: messages (1:1 and group), statuses and group
 * members' receipts, contacts' LIDs, and group changes.
 */
export class BaileysInbound {
  /** Identities already reported, so each message does not rewrite the contacts table. */
  readonly #knownContacts = new TtlCache(60 * 60_000);

  constructor(private readonly deps: BaileysInboundDeps) {}

  /**
   * A group member's receipts for a message this account sent to the group. Baileys' event buffer
   * merges one member's delivered and read receipts into one update: both are reported.
   */
  onGroupReceipts(sock: WASocket, updates: BaileysEventMap['message-receipt.update']): void {
    for (const { key, receipt } of updates) {
      if (!key.fromMe || !key.id || !key.remoteJid || !GROUP_ID.test(key.remoteJid)) continue;
      const participant = person(receipt.userJid);
      const read = receipt.readTimestamp || receipt.playedTimestamp;
      const kinds = [
        ...(receipt.receiptTimestamp ? [['delivered', receipt.receiptTimestamp] as const] : []),
        ...(read ? [['read', read] as const] : []),
      ];
      for (const [status, at] of kinds) {
        this.deps.emit(sock, {
          type: 'message.status',
          waMessageId: key.id,
          status,
          at: timestampMs(at, Date.now()),
          participant,
        });
      }
    }
  }

  async onUpsert(
    sock: WASocket,
    logger: DownloadContext['logger'],
    { messages, type }: BaileysEventMap['messages.upsert'],
  ) {
    for (const msg of messages) {
      const { key } = msg;
      if (!key.id || !key.remoteJid) continue;
      // In a group the sender is the participant; the chat is the group.
      const groupId = GROUP_ID.test(key.remoteJid) ? key.remoteJid : undefined;
      if (!groupId && !isDirectChat(key.remoteJid)) continue;
      const who = groupId
        ? identityOf(key.participant, key.participantAlt)
        : identityOf(key.remoteJid, key.remoteJidAlt);
      if (who.lid && who.phone) this.contact(sock, who.lid, who.phone);
      if (key.fromMe) {
        // Receipts that came while Baileys buffered its own copy of a group message are in it.
        if (groupId)
          this.onGroupReceipts(
            sock,
            (msg.userReceipt ?? []).map((receipt) => ({ key, receipt })),
          );
        else this.emitStatus(sock, key.id, msg.status, msg.messageStubParameters);
        continue;
      }
      if (groupId && msg.messageStubType) continue; // a group notification: reported as group events
      if (type !== 'notify' && type !== 'append') continue;
      let phone = who.phone;
      if (!phone && who.lid) {
        phone = await this.#phoneForLid(sock, who.lid);
        if (phone) this.contact(sock, who.lid, phone);
      }
      // Reactions, edits and revokes come here too, each once: Baileys' extra `messages.reaction`
      // and `messages.update` for them are not used.
      const body = await receivedBody(msg, {
        ctx: this.deps.ctx,
        me: ownAccount(sock.user, this.deps.auth()?.state.creds.me),
        from: { phone, lid: who.lid },
        sessionSecret: this.deps.auth()?.state.creds.noiseKey.private,
        download: { logger, reuploadRequest: boundedReupload(sock.updateMediaMessage) },
        dispatcher: this.deps.options.media?.dispatcher,
      });
      if (!body) continue;
      this.deps.emit(sock, {
        type: 'message.received',
        waMessageId: key.id,
        from: phone ?? null,
        fromLid: who.lid ?? null,
        body,
        at: timestampMs(msg.messageTimestamp, Date.now()),
        ...(groupId && { groupId }),
      });
    }
  }

  /** Group changes; a group this account was added to is fetched whole first. */
  onGroupEvents(sock: WASocket, events: Partial<BaileysEventMap>, current: () => boolean): void {
    const me = ownAccount(sock.user, this.deps.auth()?.state.creds.me);
    const found = groupEvents(events, { phone: me.phone ?? null, lid: me.lid ?? null });
    for (const event of found.events) this.deps.emit(sock, event);
    for (const { id, by } of found.joinedGroups) {
      void sock.groupMetadata(id).then(
        (meta) =>
          current() && this.deps.emit(sock, { type: 'group', group: groupInfo(meta), joined: { by } }),
        (error: unknown) =>
          this.deps.ctx.logger.warn({ err: error }, 'baileys: could not fetch a joined group'),
      );
    }
  }

  emitStatus(
    sock: WASocket,
    waMessageId: string,
    status: WAMessage['status'],
    stub?: WAMessage['messageStubParameters'],
  ) {
    const mapped = statusFromProto(status, stub);
    if (!mapped) return;
    this.deps.emit(sock, { type: 'message.status', waMessageId, at: Date.now(), ...mapped });
  }

  emitContact(sock: WASocket, mapping: { lid: string; pn: string }): void {
    const lid = jidToLid(mapping.lid.includes('@') ? mapping.lid : `${mapping.lid}@lid`);
    const phone = jidToPhone(mapping.pn.includes('@') ? mapping.pn : `${mapping.pn}@s.whatsapp.net`);
    if (lid && phone) this.contact(sock, lid, phone);
  }

  contact(sock: WASocket, lid: string, phone: string): void {
    if (this.#knownContacts.get<string>(lid) === phone) return;
    this.#knownContacts.set(lid, phone);
    this.deps.emit(sock, { type: 'contact', lid, phone });
  }

  async #phoneForLid(sock: WASocket, lid: string): Promise<string | undefined> {
    try {
      return jidToPhone(await sock.signalRepository.lidMapping.getPNForLID(lid));
    } catch {
      return undefined;
    }
  }
}
