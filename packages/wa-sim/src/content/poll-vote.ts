import { randomBytes } from 'node:crypto';
import { aesDecryptGCM, aesEncryptGCM, hmacSign, proto, sha256 } from '@whiskeysockets/baileys';

/** What a poll vote's key and AAD are derived from (the same inputs as Baileys' `decryptPollVote`). */
export interface PollVoteParties {
  pollId: string;
  /** `messageContextInfo.messageSecret` of the poll creation message. */
  messageSecret: Uint8Array;
  /** JID of the poll's creator, without device (`…@s.whatsapp.net` or `…@lid`). */
  creatorJid: string;
  /** JID of the voter, without device. */
  voterJid: string;
}

const voteKey = ({ pollId, messageSecret, creatorJid, voterJid }: PollVoteParties): Buffer => {
  const sign = Buffer.concat([
    Buffer.from(pollId),
    Buffer.from(creatorJid),
    Buffer.from(voterJid),
    Buffer.from('Poll Vote'),
    Buffer.from([1]),
  ]);
  const key0 = hmacSign(messageSecret, new Uint8Array(32), 'sha256');
  return hmacSign(sign, key0, 'sha256');
};

const voteAad = ({ pollId, voterJid }: PollVoteParties): Buffer => Buffer.from(`${pollId}\u0000${voterJid}`);

/** The SHA-256 of an option name, as a vote carries it. */
export const optionHash = (name: string): Buffer => sha256(Buffer.from(name));

/**
 * Encrypts a vote as a WhatsApp client does (`pollUpdateMessage.vote`): AES-256-GCM of a
 * `PollVoteMessage` holding the SHA-256 of each chosen option name, so that Baileys'
 * `decryptPollVote` with the same parties opens it.
 */
export const encryptPollVote = (
  parties: PollVoteParties,
  selectedOptions: string[],
): { encPayload: Buffer; encIv: Buffer } => {
  const plain = proto.Message.PollVoteMessage.encode({
    selectedOptions: selectedOptions.map(optionHash),
  }).finish();
  const encIv = randomBytes(12);
  return { encPayload: aesEncryptGCM(plain, voteKey(parties), encIv, voteAad(parties)), encIv };
};

/** Decrypts a vote to the hashes of the chosen options; undefined when these parties do not open it. */
export const decryptPollVote = (
  parties: PollVoteParties,
  vote: { encPayload?: Uint8Array | null; encIv?: Uint8Array | null },
): Uint8Array[] | undefined => {
  if (!vote.encPayload || !vote.encIv) return undefined;
  try {
    const plain = aesDecryptGCM(vote.encPayload, voteKey(parties), vote.encIv, voteAad(parties));
    return proto.Message.PollVoteMessage.decode(plain).selectedOptions;
  } catch {
    return undefined;
  }
};
