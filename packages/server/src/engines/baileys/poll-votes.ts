import { createHash } from 'node:crypto';
import { decryptPollVote, type proto, type WAMessageKey } from '@whiskeysockets/baileys';
import type { PollBody, PollVoteBody } from '../../domain/message-body.js';
import type { EngineContext, EngineStateStore } from '../engine.js';
import { phoneToJid } from './mapping.js';
import { pollSecret } from './outbound-content.js';

/**
 * Poll votes arrive encrypted (`pollUpdateMessage`) with a key derived from the poll's message
 * secret, the poll's id and the creator's and voter's JIDs. Baileys 7.0.0-rc14 does not decrypt
 * them (that code is commented out), so the engine does, with Baileys' `decryptPollVote`: the secret
 * of its own polls is derived again (`pollSecret`), that of a contact's poll is kept in engine state
 * when the poll arrives. Which JIDs (phone or LID) a client used differs, so each pair is tried:
 * AES-GCM tells the right one.
 */

/** Engine state type of polls contacts sent, by WhatsApp id: their secret and options. */
export const INBOUND_POLLS = 'inbound-poll';

interface KnownPoll {
  /** base64 */
  secret: string;
  options: string[];
}

/** Keeps what a contact's poll's votes need: its secret (absent: nobody can vote) and options. */
export async function rememberInboundPoll(
  state: EngineStateStore,
  waMessageId: string,
  secret: Uint8Array | null | undefined,
  body: PollBody,
): Promise<void> {
  if (!secret?.length) return;
  const value: KnownPoll = { secret: Buffer.from(secret).toString('base64'), options: body.options };
  await state.set({ [INBOUND_POLLS]: { [waMessageId]: value } });
}

/** The JIDs one party may be known by (phone and LID, without device). */
export interface PartyJids {
  phone?: string | undefined;
  lid?: string | undefined;
}

const jidsOf = (party: PartyJids): string[] =>
  [party.phone && phoneToJid(party.phone), party.lid].filter((j): j is string => !!j);

export interface VoteSource {
  lookupMessage: EngineContext['lookupMessage'];
  state: EngineStateStore;
  sessionSecret: Uint8Array | undefined;
  me: PartyJids;
}

/**
 * A contact's vote → the options it now picks, by name, or undefined when the poll is unknown or
 * the vote cannot be opened. `pollKey` is as Baileys turned it to this account's view (`fromMe`:
 * this account's poll); `voter` is the contact.
 */
export async function decodeVote(
  update: proto.Message.IPollUpdateMessage,
  voter: PartyJids,
  source: VoteSource,
): Promise<PollVoteBody | undefined> {
  const pollKey: WAMessageKey | null | undefined = update.pollCreationMessageKey;
  const pollId = pollKey?.id;
  const vote = update.vote;
  if (!pollId || !vote?.encPayload || !vote.encIv) return undefined;
  const poll = await knownPoll(pollId, pollKey.fromMe === true, source);
  if (!poll) return undefined;
  const creators = jidsOf(pollKey.fromMe ? source.me : voter);
  for (const pollCreatorJid of creators) {
    for (const voterJid of jidsOf(voter)) {
      const hashes = tryDecrypt(vote, {
        pollCreatorJid,
        voterJid,
        pollMsgId: pollId,
        pollEncKey: poll.secret,
      });
      if (!hashes) continue;
      const picked = new Set(hashes.map((h) => Buffer.from(h).toString('hex')));
      return {
        type: 'poll_vote',
        target: { messageId: null, waMessageId: pollId, fromMe: pollKey.fromMe === true, text: null },
        options: poll.options.filter((name) => picked.has(optionHash(name))),
      };
    }
  }
  return undefined;
}

const optionHash = (name: string): string => createHash('sha256').update(name).digest('hex');

function tryDecrypt(
  vote: proto.Message.IPollEncValue,
  ctx: Parameters<typeof decryptPollVote>[1],
): Uint8Array[] | undefined {
  try {
    return decryptPollVote(vote, ctx).selectedOptions;
  } catch {
    return undefined;
  }
}

async function knownPoll(
  pollId: string,
  ours: boolean,
  source: VoteSource,
): Promise<{ secret: Uint8Array; options: string[] } | undefined> {
  if (ours) {
    const sent = await source.lookupMessage(pollId);
    if (sent?.body.type !== 'poll' || !source.sessionSecret) return undefined;
    return { secret: pollSecret(source.sessionSecret, pollId), options: sent.body.options };
  }
  const { [pollId]: kept } = await source.state.get<KnownPoll>(INBOUND_POLLS, [pollId]);
  return kept && { secret: Buffer.from(kept.secret, 'base64'), options: kept.options };
}
