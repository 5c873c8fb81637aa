/**
 * What a message says, by type: the one model of outbound and inbound messages, stored as JSON in
 * `messages.body`, mapped to the wire by `wire.message` and to WhatsApp by the engines.
 */

export const MESSAGE_TYPES = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contact',
  'poll',
  'reaction',
  'edit',
  'revoke',
  'poll_vote',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** What the gateway can send (a vote only ever arrives). */
export const SENDABLE_MESSAGE_TYPES = MESSAGE_TYPES.filter(
  (t): t is Exclude<MessageType, 'poll_vote'> => t !== 'poll_vote',
);

export const MEDIA_MESSAGE_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaMessageType = (typeof MEDIA_MESSAGE_TYPES)[number];

/** Another message of the same chat, as this one refers to it (a reply, a reaction's target). */
export interface MessageRef {
  /** Our id (`msg_…`), when the message is in the gateway's history. */
  messageId: string | null;
  waMessageId: string;
  /** Whether the referred message was sent by this session's account. */
  fromMe: boolean;
  /** Its text or caption, for the quote shown above a reply. */
  text: string | null;
}

interface Common {
  /** The message this one replies to (quotes). */
  replyTo?: MessageRef | null;
  /** Sent on as a forward of another message (WhatsApp shows "Forwarded"). */
  forwarded?: boolean;
}

export interface TextBody extends Common {
  type: 'text';
  text: string;
  /** Phones (E.164) mentioned with @ in the text. */
  mentions?: string[];
  /** Whether WhatsApp may show a preview of the first link. */
  linkPreview?: boolean;
}

export interface MediaRef {
  /** The stored media (`med_…`): what is sent, or where an inbound file was saved; null while absent. */
  id: string | null;
  contentType: string;
  size: number | null;
  fileName: string | null;
}

export interface MediaBody extends Common {
  type: MediaMessageType;
  media: MediaRef;
  caption?: string | null;
  /** audio: a voice note (push-to-talk) rather than an audio file. */
  voice?: boolean;
}

export interface LocationBody extends Common {
  type: 'location';
  latitude: number;
  longitude: number;
  name?: string | null;
  address?: string | null;
}

export interface ContactCard {
  name: string;
  /** E.164, when the card has one. */
  phone: string | null;
  /** The vCard 3.0 text sent. */
  vcard: string;
}

export interface ContactBody extends Common {
  type: 'contact';
  contacts: ContactCard[];
}

export interface PollBody extends Common {
  type: 'poll';
  question: string;
  options: string[];
  /** How many options a voter may pick (1: single choice). */
  selectableCount: number;
}

export interface ReactionBody {
  type: 'reaction';
  target: MessageRef;
  /** The emoji; '' removes an earlier reaction. */
  emoji: string;
}

/** A new text (or caption) for a message its sender sent earlier. */
export interface EditBody {
  type: 'edit';
  target: MessageRef;
  text: string;
}

/** A sent message deleted for everyone by its sender. */
export interface RevokeBody {
  type: 'revoke';
  target: MessageRef;
}

/** A vote on a poll: the options now picked by the voter ([] withdraws the vote). Inbound only. */
export interface PollVoteBody {
  type: 'poll_vote';
  target: MessageRef;
  options: string[];
}

export type MessageBody =
  | TextBody
  | MediaBody
  | LocationBody
  | ContactBody
  | PollBody
  | ReactionBody
  | EditBody
  | RevokeBody
  | PollVoteBody;

/** The bodies that are about another message (its `target`) rather than content of their own. */
export type TargetedBody = ReactionBody | EditBody | RevokeBody | PollVoteBody;
export type ContentBody = Exclude<MessageBody, TargetedBody>;

export const isTargeted = (body: MessageBody): body is TargetedBody => 'target' in body;

/** The words of a message a reader sees: its text or caption, a poll's question, a place's name. */
export function textOf(body: MessageBody): string | null {
  switch (body.type) {
    case 'text':
      return body.text;
    case 'location':
      return [body.name, body.address].filter(Boolean).join(', ') || null;
    case 'contact':
      return body.contacts.map((c) => c.name).join(', ');
    case 'poll':
      return body.question;
    case 'reaction':
      return body.emoji || null;
    case 'edit':
      return body.text;
    case 'revoke':
      return null;
    case 'poll_vote':
      return body.options.join(', ') || null;
    default:
      return body.caption ?? null;
  }
}
