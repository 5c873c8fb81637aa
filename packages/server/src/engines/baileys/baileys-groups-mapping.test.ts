import { describe, expect, it } from 'vitest';
import { groupEvents, groupInfo } from './baileys-groups.js';

/** Baileys' group shapes as engine events, without a socket. */

const me = { phone: '+15550000001', lid: '111@lid' };
const meta = {
  id: '120363000000000001@g.us',
  subject: 'Team',
  owner: '222@lid',
  ownerPn: '15550000002@s.whatsapp.net',
  creation: 1_700_000_000,
  restrict: true,
  participants: [
    { id: '222@lid', phoneNumber: '15550000002@s.whatsapp.net', admin: 'superadmin' as const },
    { id: '15550000001@s.whatsapp.net', lid: '111@lid', admin: null },
    { id: '333@lid' },
  ],
};

describe('groupInfo', () => {
  it('reads both identities of each participant, roles, settings and the creation time', () => {
    expect(groupInfo(meta)).toEqual({
      id: meta.id,
      subject: 'Team',
      description: null,
      owner: { phone: '+15550000002', lid: '222@lid' },
      createdAt: 1_700_000_000_000,
      announce: false,
      locked: true,
      participants: [
        { phone: '+15550000002', lid: '222@lid', role: 'superadmin' },
        { phone: '+15550000001', lid: '111@lid', role: 'member' },
        { phone: null, lid: '333@lid', role: 'member' },
      ],
    });
  });
});

describe('groupEvents', () => {
  it('a whole group in groups.update (a fetch of every group) is a group; a partial one its settings', () => {
    const { events } = groupEvents(
      {
        'groups.update': [
          meta,
          { id: meta.id, desc: '', author: '222@lid', authorPn: '15550000002@s.whatsapp.net' },
          { id: meta.id, inviteCode: 'abc' },
        ],
      },
      me,
    );
    expect(events.map((e) => e.type)).toEqual(['group', 'group.settings']);
    expect(events[1]).toMatchObject({
      change: { description: null },
      by: { phone: '+15550000002', lid: '222@lid' },
    });
  });

  it('a participants change; one that adds this account (known by its LID) asks for the whole group', () => {
    const added = groupEvents(
      {
        'group-participants.update': {
          id: meta.id,
          author: '222@lid',
          participants: [{ id: '111@lid' }],
          action: 'add',
        },
      },
      me,
    );
    expect(added.events).toEqual([
      expect.objectContaining({
        type: 'group.participants',
        action: 'add',
        participants: [{ phone: null, lid: '111@lid' }],
        by: { phone: null, lid: '222@lid' },
      }),
    ]);
    expect(added.joinedGroups).toEqual([{ id: meta.id, by: { phone: null, lid: '222@lid' } }]);
    const other = groupEvents(
      {
        'group-participants.update': {
          id: meta.id,
          author: '222@lid',
          participants: [{ id: '333@lid' }],
          action: 'promote',
        },
      },
      me,
    );
    expect(other.joinedGroups).toEqual([]);
    const renumbered = groupEvents(
      {
        'group-participants.update': {
          id: meta.id,
          author: '',
          participants: [{ id: '333@lid' }],
          action: 'modify',
        },
      },
      me,
    );
    expect(renumbered.events).toEqual([]);
  });

  it('a group created with this account in it joins it, by its creator', () => {
    const { events } = groupEvents({ 'groups.upsert': [{ ...meta, author: '222@lid' }] }, me);
    expect(events).toEqual([
      expect.objectContaining({ type: 'group', joined: { by: { phone: null, lid: '222@lid' } } }),
    ]);
  });
});
