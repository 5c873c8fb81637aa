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
    // newsletterMetadata's answer is WhatsApp's raw object.
    const raw = {
      id: meta.id,
      thread_metadata: {
        name: { text: 'Raw news' },
        description: { text: 'about' },
        invite: 'XyZ',
        subscribers_count: '7',
        verification: 'UNVERIFIED',
        creation_time: '1700000000',
      },
      viewer_metadata: { role: 'SUBSCRIBER' },
    };
    expect(channelInfo(raw, '+15550000001')).toEqual({
      id: meta.id,
      name: 'Raw news',
      description: 'about',
      inviteCode: 'XyZ',
      subscribers: 7,
      role: 'follower',
      verified: false,
      createdAt: 1_700_000_000_000,
    });
    expect(channelInfo({ ...raw, viewer_metadata: { role: 'OWNER' } }, undefined).role).toBe('owner');
    expect(channelInfo({ id: meta.id, name: 'x' }, undefined)).toMatchObject({
      role: 'guest',
      subscribers: null,
      inviteCode: null,
      verified: false,
    });
  });
});
