import { describe, expect, it } from 'vitest';
import { channelInfo } from './baileys-channels.js';

/** Baileys' newsletter metadata as a channel, without a socket (wa-sim has no channels yet). */
describe('channelInfo', () => {
  const meta = {
    id: '120363012345678901@newsletter',
    owner: '15550000001@s.whatsapp.net',
    name: 'News',
    description: '',
    invite: 'AbC',
    creation_time: 1_700_000_000,
    subscribers: 42,
    verification: 'VERIFIED' as const,
  };

  it('is owned when its owner is this account, and reads the rest', () => {
    expect(channelInfo(meta, '+15550000001')).toEqual({
      id: meta.id,
      name: 'News',
      description: null,
      inviteCode: 'AbC',
      subscribers: 42,
      role: 'owner',
      verified: true,
      createdAt: 1_700_000_000_000,
    });
    expect(channelInfo(meta, '+15550000002').role).toBe('guest');
    expect(channelInfo({ id: meta.id, name: 'x' } as never, undefined)).toMatchObject({
      role: 'guest',
      subscribers: null,
      inviteCode: null,
      verified: false,
    });
  });
});
