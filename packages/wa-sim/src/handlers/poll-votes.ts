import type { proto } from '@whiskeysockets/baileys';
import { decryptPollVote, encryptPollVote, optionHash, type PollVoteParties } from '../content/poll-vote.js';
import type { PollContent } from '../content/types.js';
import type { SimContext } from '../context.js';
import type { RelayedMessage } from '../types.js';

/** An account or a contact: both have a phone number and a LID. */
export interface ChatParty {
  phone: string;
  lid: string;
}

export type Addressing = 'pn' | 'lid';

const jidOf = (party: ChatParty, addressing: Addressing): string =>
  addressing === 'pn' ? `${party.phone}@s.whatsapp.net` : `${party.lid}@lid`;

interface KnownPoll {
  entry: RelayedMessage;
  poll: PollContent;
  secret: Buffer;
  creator: ChatParty;
}

/** The logged poll `pollId` in the chat of `voter` and `other`, with the secret its votes need. */
const findPoll = (
  ctx: SimContext,
  pollId: string,
  voter: ChatParty,
  other: ChatParty,
): KnownPoll | undefined => {
  const entry = ctx.log.findInChat(pollId, voter.phone, other.phone);
  const poll = entry?.content?.type === 'poll' ? entry.content : undefined;
  if (!entry || !poll?.messageSecret) return undefined;
  const creator = entry.from === voter.phone ? voter : other;
  return { entry, poll, secret: Buffer.from(poll.messageSecret, 'base64'), creator };
};

const parties = (
  known: KnownPoll,
  voter: ChatParty,
  creator: Addressing,
  voterAs: Addressing,
): PollVoteParties => ({
  pollId: known.entry.id,
  messageSecret: known.secret,
  creatorJid: jidOf(known.creator, creator),
  voterJid: jidOf(voter, voterAs),
});

/**
 * A vote by `voter` on a poll in its chat with `other`: the poll's key from the voter's point of
 * view and the encrypted vote. Throws for an unknown poll or options it does not have.
 */
export const encryptVote = (
  ctx: SimContext,
  vote: {
    pollId: string;
    selectedOptions: string[];
    addressing?: { creator?: Addressing; voter?: Addressing };
  },
  voter: ChatParty,
  other: ChatParty,
): { key: proto.IMessageKey; vote: proto.Message.IPollEncValue } => {
  const known = findPoll(ctx, vote.pollId, voter, other);
  if (!known) throw new Error(`no poll with id ${vote.pollId} between ${voter.phone} and ${other.phone}`);
  const unknown = vote.selectedOptions.filter((o) => !known.poll.options.includes(o));
  if (unknown.length) throw new Error(`not options of poll ${vote.pollId}: ${unknown.join(', ')}`);
  const max = known.poll.selectableCount;
  if (max > 0 && vote.selectedOptions.length > max)
    throw new Error(`poll ${vote.pollId} allows ${max} option(s)`);
  const creatorAs = vote.addressing?.creator ?? 'lid';
  const voterAs = vote.addressing?.voter ?? 'pn';
  return {
    key: { remoteJid: `${other.phone}@s.whatsapp.net`, fromMe: known.creator === voter, id: vote.pollId },
    vote: encryptPollVote(parties(known, voter, creatorAs, voterAs), [...new Set(vote.selectedOptions)]),
  };
};

const ADDRESSINGS: ReadonlyArray<[Addressing, Addressing]> = [
  ['lid', 'pn'],
  ['pn', 'pn'],
  ['lid', 'lid'],
  ['pn', 'lid'],
];

/**
 * The option names of a vote `voter` sent on a poll the simulator knows, trying each PN/LID
 * combination of creator and voter (clients differ); undefined when it cannot open the vote.
 */
export const decryptVote = (
  ctx: SimContext,
  update: proto.Message.IPollUpdateMessage,
  voter: ChatParty,
  other: ChatParty,
): string[] | undefined => {
  const pollId = update.pollCreationMessageKey?.id;
  const known = pollId ? findPoll(ctx, pollId, voter, other) : undefined;
  if (!known || !update.vote) return undefined;
  for (const [creatorAs, voterAs] of ADDRESSINGS) {
    const hashes = decryptPollVote(parties(known, voter, creatorAs, voterAs), update.vote);
    if (!hashes) continue;
    return known.poll.options.filter((name) => hashes.some((h) => optionHash(name).equals(h)));
  }
  return undefined;
};
