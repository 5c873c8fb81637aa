import { randomBytes } from 'node:crypto';
import {
  decryptPollVote as baileysDecryptPollVote,
  getAggregateVotesInPollMessage,
  proto,
} from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { decryptPollVote, encryptPollVote, optionHash } from './poll-vote.js';

const parties = {
  pollId: '3EB0POLL',
  messageSecret: randomBytes(32),
  creatorJid: '111111111111111@lid',
  voterJid: '15559990001@s.whatsapp.net',
};

describe('poll votes', () => {
  it("encrypts a vote that Baileys' decryptPollVote opens and getAggregateVotesInPollMessage counts", () => {
    const vote = encryptPollVote(parties, ['Sushi']);
    const decrypted = baileysDecryptPollVote(vote, {
      pollCreatorJid: parties.creatorJid,
      pollMsgId: parties.pollId,
      pollEncKey: parties.messageSecret,
      voterJid: parties.voterJid,
    });
    expect(decrypted.selectedOptions.map((o) => Buffer.from(o).toString('hex'))).toEqual([
      optionHash('Sushi').toString('hex'),
    ]);
    const poll: proto.IMessage = {
      pollCreationMessageV3: { name: 'Lunch?', options: [{ optionName: 'Pizza' }, { optionName: 'Sushi' }] },
    };
    const votes = getAggregateVotesInPollMessage({
      message: poll,
      pollUpdates: [
        {
          pollUpdateMessageKey: { remoteJid: parties.voterJid, id: 'VOTE1', fromMe: false },
          vote: decrypted,
        },
      ],
    });
    expect(votes).toEqual([
      { name: 'Pizza', voters: [] },
      { name: 'Sushi', voters: [parties.voterJid] },
    ]);
  });

  it('decrypts only with the same parties', () => {
    const vote = encryptPollVote(parties, ['Pizza', 'Sushi']);
    expect(decryptPollVote(parties, vote)?.map((h) => Buffer.from(h).toString('hex'))).toEqual([
      optionHash('Pizza').toString('hex'),
      optionHash('Sushi').toString('hex'),
    ]);
    expect(decryptPollVote({ ...parties, creatorJid: '15550000001@s.whatsapp.net' }, vote)).toBeUndefined();
    expect(decryptPollVote({ ...parties, messageSecret: randomBytes(32) }, vote)).toBeUndefined();
    expect(decryptPollVote(parties, {})).toBeUndefined();
  });

  it('an empty selection encrypts an empty vote (taking the vote back)', () => {
    expect(decryptPollVote(parties, encryptPollVote(parties, []))).toEqual([]);
    expect(proto.Message.PollVoteMessage.decode(Buffer.alloc(0)).selectedOptions).toEqual([]);
  });
});
