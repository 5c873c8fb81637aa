import { proto } from '@whiskeysockets/baileys';
import { EngineError } from '../engine.js';

/**
 * Pure translations between Baileys' shapes (JIDs, ack stanzas, proto statuses, history sync types)
 * and the engine's normalized events. Plain values only, so they are tested without a socket.
 */

export type WireStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** proto.WebMessageInfo.Status */
const STATUS = { ERROR: 0, PENDING: 1, SERVER_ACK: 2, DELIVERY_ACK: 3, READ: 4, PLAYED: 5 } as const;

/** '+14155550000' → '14155550000@s.whatsapp.net' */
export function phoneToJid(phone: string): string {
  return `${phone.replace(/^\+/, '')}@s.whatsapp.net`;
}

function splitJid(jid: string): { user: string; server: string } | undefined {
  const at = jid.indexOf('@');
  if (at <= 0) return undefined;
  const user = jid.slice(0, at).split(':')[0]!.split('_')[0]!;
  return user ? { user, server: jid.slice(at + 1) } : undefined;
}

/** A phone-number JID (any device) → E.164; anything else (LID, group, broadcast) → undefined. */
export function jidToPhone(jid: string | null | undefined): string | undefined {
  const parts = jid ? splitJid(jid) : undefined;
  if (!parts || (parts.server !== 's.whatsapp.net' && parts.server !== 'c.us')) return undefined;
  return /^\d{5,20}$/.test(parts.user) ? `+${parts.user}` : undefined;
}

/** A LID JID (any device) → 'digits@lid'; anything else → undefined. */
export function jidToLid(jid: string | null | undefined): string | undefined {
  const parts = jid ? splitJid(jid) : undefined;
  return parts?.server === 'lid' && /^\d+$/.test(parts.user) ? `${parts.user}@lid` : undefined;
}

export interface Identity {
  phone: string | undefined;
  lid: string | undefined;
}

/** Reads both identities of one party from a JID and its alternate (`remoteJidAlt`, `participantAlt`). */
export function identityOf(jid: string | null | undefined, alt?: string | null): Identity {
  return { phone: jidToPhone(jid) ?? jidToPhone(alt), lid: jidToLid(jid) ?? jidToLid(alt) };
}

/**
 * Whether a retry request for a message comes from the chat the message was sent to (by phone
 * JID or by LID): only then may the stored message be re-sent.
 */
export function isSameChat(
  key: { remoteJid?: string | null; remoteJidAlt?: string | null },
  sent: { to: string; toLid: string | null },
): boolean {
  const chat = identityOf(key.remoteJid, key.remoteJidAlt);
  return chat.phone === sent.to || (chat.lid !== undefined && chat.lid === sent.toLid);
}

/**
 * A raw server ack for a message this socket sent: no `error` attribute means the server took it
 * ("sent"); an error means it refused it for good (e.g. 463 reach-out timelock, 479 invalid stanza).
 */
export function statusFromAck(
  attrs: Record<string, string | undefined>,
):
  | { waMessageId: string; status: 'sent' }
  | { waMessageId: string; status: 'failed'; error: { code: string; message: string } }
  | undefined {
  const id = attrs.id;
  if (!id) return undefined;
  if (attrs.error) {
    return {
      waMessageId: id,
      status: 'failed',
      error: { code: `WA_${attrs.error}`, message: `WhatsApp refused the message (error ${attrs.error}).` },
    };
  }
  return { waMessageId: id, status: 'sent' };
}

/** A proto status number (from `messages.update` or an own-message upsert) → our status. */
export function statusFromProto(
  status: number | null | undefined,
  stubParameters?: readonly (string | null | undefined)[] | null,
): { status: WireStatus; error?: { code: string; message: string } } | undefined {
  switch (status) {
    case STATUS.SERVER_ACK:
      return { status: 'sent' };
    case STATUS.DELIVERY_ACK:
      return { status: 'delivered' };
    case STATUS.READ:
    case STATUS.PLAYED:
      return { status: 'read' };
    case STATUS.ERROR: {
      const code = stubParameters?.[0] ?? undefined;
      const detail = stubParameters?.[1] ?? undefined;
      return {
        status: 'failed',
        error: {
          code: code ? `WA_${code}` : 'WA_ERROR',
          message: detail ?? `WhatsApp could not deliver the message${code ? ` (error ${code})` : ''}.`,
        },
      };
    }
    default:
      return undefined;
  }
}

/** A 1:1 chat (by phone number or LID), not a group, broadcast or newsletter. */
export function isDirectChat(jid: string): boolean {
  return jid.endsWith('@s.whatsapp.net') || jid.endsWith('@lid');
}

/** A send error that is about the connection (closed, timed out, restarting), not the message. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { output?: { statusCode?: number } } | null)?.output?.statusCode;
  return code === 428 || code === 408 || code === 503 || code === 515;
}

/**
 * A `sendMessage` failure → the engine's error: a socket that dropped mid-send is worth another
 * try, and so is an upload the media host did not take (the file is read again); anything else is
 * about the message. Errors that already are the engine's pass through.
 */
export function sendError(error: unknown, stillConnected: boolean): EngineError {
  if (error instanceof EngineError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (!stillConnected || isConnectionError(error))
    return new EngineError('SESSION_NOT_CONNECTED', text, true);
  if (/media upload failed/i.test(text)) return new EngineError('MEDIA_UPLOAD_FAILED', text, true);
  return new EngineError('SEND_FAILED', text, false);
}

/**
 * History sync: the bootstrap and push-name batches carry the LID ↔ phone mappings (and Baileys
 * warns that refusing all of them destabilises sessions); message history itself (RECENT, FULL,
 * ON_DEMAND) is refused, which is also what spares the first login a 20 s wait for it.
 */
export function wantsHistory({ syncType }: { syncType?: number | null }): boolean {
  const T = proto.HistorySync.HistorySyncType;
  return syncType === T.INITIAL_BOOTSTRAP || syncType === T.PUSH_NAME || syncType === T.NON_BLOCKING_DATA;
}

/** Seconds (number or protobuf Long) → milliseconds; `fallback` when absent. */
export function timestampMs(value: unknown, fallback: number): number {
  if (typeof value === 'number' && value > 0) return value * 1000;
  if (value && typeof value === 'object' && 'toNumber' in value) {
    const n = (value as { toNumber(): number }).toNumber();
    if (n > 0) return n * 1000;
  }
  return fallback;
}
