/** Fields every content shape may carry. */
interface ContentBase {
  /** The id of the message this one replies to (`contextInfo.stanzaId`). */
  quotedId?: string;
  /** Shown as "Forwarded" (`contextInfo.isForwarded`); only set when true. */
  forwarded?: boolean;
}

export interface TextContent extends ContentBase {
  type: 'text';
  text: string;
  /** Mentioned JIDs (`contextInfo.mentionedJid`). */
  mentions?: string[];
}

export interface LocationContent extends ContentBase {
  type: 'location';
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  /** A live location (`liveLocationMessage`); only in decoded content. */
  live?: boolean;
}

export interface ContactCard {
  displayName: string;
  vcard: string;
}

/** One shared contact card (`contactMessage`). */
export interface ContactContent extends ContentBase, ContactCard {
  type: 'contact';
}

/** Several contact cards in one message (`contactsArrayMessage`). */
export interface ContactsContent extends ContentBase {
  type: 'contacts';
  displayName?: string;
  contacts: ContactCard[];
}

export interface PollContent extends ContentBase {
  type: 'poll';
  question: string;
  options: string[];
  /** How many options a voter may pick; 0 means any number (the default of an injected poll). */
  selectableCount: number;
  /**
   * The poll's `messageContextInfo.messageSecret` (base64, 32 bytes), which votes are encrypted
   * with. Random for an injected poll when omitted.
   */
  messageSecret?: string;
}

/** A vote on a poll (`pollUpdateMessage`); `selectedOptions: []` takes the vote back. */
export interface PollVoteContent extends ContentBase {
  type: 'poll_vote';
  /** The id of the poll's creation message. */
  pollId: string;
  /**
   * Names of the chosen options. In decoded content only when the simulator knows the poll (it is
   * in its log) and could decrypt the vote.
   */
  selectedOptions?: string[];
}

/** A reaction to a message; an empty `emoji` removes the sender's reaction. */
export interface ReactionContent extends ContentBase {
  type: 'reaction';
  targetId: string;
  emoji: string;
}

/** "Delete for everyone" of an earlier message (`protocolMessage` REVOKE). */
export interface RevokeContent extends ContentBase {
  type: 'revoke';
  targetId: string;
}

/** A new text (or caption) for an earlier message (`protocolMessage` MESSAGE_EDIT). */
export interface EditContent extends ContentBase {
  type: 'edit';
  targetId: string;
  text: string;
}

export type MediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/** A media message. Byte fields are base64. */
export interface MediaContent extends ContentBase {
  type: MediaType;
  mimetype: string;
  caption?: string;
  fileName?: string;
  /** A voice note (audio). */
  ptt?: boolean;
  fileLength?: number;
  url?: string;
  directPath?: string;
  mediaKey?: string;
  fileSha256?: string;
  fileEncSha256?: string;
  /**
   * What the recipient got when it downloaded the file from the media host and decrypted it (a
   * message an account sent): its SHA-256 (base64) and size. Absent when the file could not be had.
   */
  downloaded?: { sha256: string; size: number };
}

/**
 * Media a contact sends (`injectInbound`): the simulator encrypts `data` (base64 of the plain file)
 * as a phone does, puts it on its media host, and sends the message with `url`, `directPath`,
 * `mediaKey` and hashes; the log shows it as `MediaContent`. Needs the media host.
 */
export interface InboundMediaContent extends ContentBase {
  type: MediaType;
  /** The plain file, base64. */
  data: string;
  mimetype: string;
  /** Image, video and document. */
  caption?: string;
  /** Document. */
  fileName?: string;
  /** Audio: a voice note. */
  ptt?: boolean;
}

/** Content the simulator could not map: the keys of the `proto.Message` it found. */
export interface UnknownContent extends ContentBase {
  type: 'unknown';
  keys: string[];
}

/** The decoded content of a message, in a JSON-friendly shape. */
export type MessageContent =
  | TextContent
  | LocationContent
  | ContactContent
  | ContactsContent
  | PollContent
  | PollVoteContent
  | ReactionContent
  | RevokeContent
  | EditContent
  | MediaContent
  | UnknownContent;

/** What `injectInbound` can send from a contact (media needs the simulator's media host). */
export type InboundContent =
  | TextContent
  | Omit<LocationContent, 'live'>
  | ContactContent
  | ContactsContent
  | (Omit<PollContent, 'selectableCount'> & { selectableCount?: number })
  | (Omit<PollVoteContent, 'selectedOptions'> & {
      selectedOptions: string[];
      /**
       * Which JIDs the vote is encrypted for (they go into the key and the AAD). WhatsApp clients are
       * reported to use the poll creator's LID and the voter's phone-number JID in 1:1 chats;
       * default `{ creator: 'lid', voter: 'pn' }`.
       */
      addressing?: { creator?: 'pn' | 'lid'; voter?: 'pn' | 'lid' };
    })
  | ReactionContent
  | RevokeContent
  | EditContent
  | InboundMediaContent;

/** Content types that are acked and delivered but never read (they do not show as messages). */
export const DELIVER_ONLY_TYPES: ReadonlySet<MessageContent['type']> = new Set([
  'reaction',
  'edit',
  'revoke',
  'poll_vote',
]);
