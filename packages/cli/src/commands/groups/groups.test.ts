import type { Group } from '@wagw/sdk';
import { NotFoundError } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../main.js';
import { buildProgram } from '../../program.js';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { page } from '../../testing/fixtures.js';
import { commandTree } from '../completion.js';
import { run as create } from './create.js';
import { run as get } from './get.js';
import { run as invite } from './invite.js';
import { run as join } from './join.js';
import { run as leave } from './leave.js';
import { run as list } from './list.js';
import { run as participants } from './participants.js';
import { changes, run as update } from './update.js';

const ID = '120363012345678901@g.us';

const team = (overrides: Partial<Group> = {}): Group => ({
  id: ID,
  object: 'group',
  session_id: 'ses_1',
  subject: 'Release team',
  description: null,
  owner: { phone: '+14155550100', lid: null },
  created_at: '2026-11-20T08:00:00.000Z',
  announce: false,
  locked: false,
  participants: [
    { phone: '+14155550100', lid: null, role: 'superadmin' },
    { phone: '+447700900123', lid: '112233445566778@lid', role: 'member' },
  ],
  left_at: null,
  updated_at: '2026-11-22T10:00:00.000Z',
  ...overrides,
});

const lines = (text: string) => text.trimEnd().split('\n');

describe('wagw groups', () => {
  it('list prints a table and passes --include-left and --limit', async () => {
    const left = team({
      id: '120363012345678902@g.us',
      subject: 'Old crew',
      announce: true,
      locked: true,
      left_at: '2026-11-21T09:00:00.000Z',
    });
    const groups = { list: vi.fn(() => page([team(), left], true)) };
    const ctx = fakeContext({ client: { groups } });
    await list({ session: 'ses_1', includeLeft: true, limit: 2 }, ctx);
    expect(groups.list).toHaveBeenCalledWith('ses_1', { limit: 2, include_left: true });
    const out = lines(ctx.stdoutText());
    expect(out[0]).toMatch(/^GROUP\s+SUBJECT\s+MEMBERS\s+SETTINGS\s+LEFT$/);
    expect(out[1]).toMatch(/^120363012345678901@g\.us\s+Release team\s+2\s+-\s+-$/);
    expect(out[2]).toMatch(
      /^120363012345678902@g\.us\s+Old crew\s+2\s+announce, locked\s+2026-11-21T09:00:00\.000Z$/,
    );
    expect(ctx.stderrText()).toBe('(more groups exist; raise --limit)\n');

    const none = fakeContext({ client: { groups: { list: vi.fn(() => page([])) } } });
    await list({ session: 'ses_1' }, none);
    expect(none.stdoutText()).toBe('ses_1 is in no groups now.\n');
    const json = fakeContext({ client: { groups } });
    await list({ session: 'ses_1', json: true }, json);
    expect(groups.list).toHaveBeenLastCalledWith('ses_1', {});
    expect(JSON.parse(json.stdoutText())).toEqual({ data: [team(), left], has_more: true });
  });

  it('get shows the group and its participants, or its JSON; --session is required off a terminal', async () => {
    const groups = { get: vi.fn(async () => team({ description: 'Shipping notes', locked: true })) };
    const ctx = fakeContext({ client: { groups } });
    await get(ID, { session: 'ses_1' }, ctx);
    expect(groups.get).toHaveBeenCalledWith('ses_1', ID);
    const text = ctx.stdoutText();
    expect(text).toMatch(/^id:\s+120363012345678901@g\.us$/m);
    expect(text).toMatch(/^description:\s+Shipping notes$/m);
    expect(text).toMatch(/^owner:\s+\+14155550100$/m);
    expect(text).toMatch(/^announce:\s+no$/m);
    expect(text).toMatch(/^locked:\s+yes \(only admins edit the group\)$/m);
    expect(text).toMatch(/^PHONE\s+LID\s+ROLE$/m);
    expect(text).toMatch(/^\+14155550100\s+-\s+superadmin$/m);
    expect(text).toMatch(/^\+447700900123\s+112233445566778@lid\s+member$/m);

    const json = fakeContext({ client: { groups } });
    await get(ID, { session: 'ses_1', json: true }, json);
    expect(JSON.parse(json.stdoutText())).toMatchObject({ id: ID, locked: true });

    const missing = fakeContext({ client: { groups } });
    expect(await exec(missing, () => get(ID, {}, missing))).toBe(1);
    expect(missing.stderrText()).toBe('error: missing required option --session\n');
  });

  it('get of a group the session is not in exits 1 with GROUP_NOT_FOUND', async () => {
    const notFound = new NotFoundError(
      404,
      { code: 'GROUP_NOT_FOUND', message: 'The session is not in such a group.', request_id: 'req_1' },
      'The session is not in such a group.',
      new Headers(),
    );
    const groups = { get: vi.fn(async () => Promise.reject(notFound)) };
    const ctx = fakeContext({ client: { groups } });
    expect(await main(['groups', 'get', ID, '--session', 'ses_1', '--json'], ctx)).toBe(1);
    expect(JSON.parse(ctx.stderrText())).toEqual({
      error: { code: 'GROUP_NOT_FOUND', message: 'The session is not in such a group.', request_id: 'req_1' },
    });
  });

  it('create passes the subject and the numbers, prints the group and how to send to it', async () => {
    const groups = { create: vi.fn(async () => team()) };
    const ctx = fakeContext({ client: { groups } });
    expect(await main(['groups', 'create', 'Release team', '+447700900123', '--session', 'ses_1'], ctx)).toBe(
      0,
    );
    expect(groups.create).toHaveBeenCalledWith('ses_1', {
      subject: 'Release team',
      participants: ['+447700900123'],
    });
    expect(ctx.stdoutText()).toMatch(/^subject:\s+Release team$/m);
    expect(ctx.stderrText()).toContain(`wagw send text --session ses_1 --to ${ID} --text "Hello"`);
    const alone = fakeContext({ client: { groups } });
    await create('Just me', [], { session: 'ses_1', json: true }, alone);
    expect(groups.create).toHaveBeenLastCalledWith('ses_1', { subject: 'Just me', participants: [] });
    expect(JSON.parse(alone.stdoutText()).id).toBe(ID);
    expect(alone.stderrText()).toBe('');
  });

  it('update sends only the flags given; --no-announce and --no-locked send false; no flag is a usage error', async () => {
    const groups = { update: vi.fn(async () => team({ announce: true })) };
    const ctx = fakeContext({ client: { groups } });
    expect(
      await main(['groups', 'update', ID, '--subject', 'Crew', '--announce', '--session', 'ses_1'], ctx),
    ).toBe(0);
    expect(groups.update).toHaveBeenLastCalledWith('ses_1', ID, { subject: 'Crew', announce: true });
    expect(ctx.stdoutText()).toMatch(/^announce:\s+yes \(only admins send\)$/m);
    await main(
      ['groups', 'update', ID, '--no-announce', '--no-locked', '--description', '', '--session', 'ses_1'],
      ctx,
    );
    expect(groups.update).toHaveBeenLastCalledWith('ses_1', ID, {
      description: '',
      announce: false,
      locked: false,
    });
    expect(changes({ locked: true })).toEqual({ locked: true });

    const nothing = fakeContext({ client: { groups } });
    expect(await main(['groups', 'update', ID, '--session', 'ses_1', '--json'], nothing)).toBe(1);
    expect(JSON.parse(nothing.stderrText()).error).toMatchObject({ code: 'USAGE' });
    expect(groups.update).toHaveBeenCalledTimes(2);
    const direct = fakeContext({ client: { groups } });
    expect(await exec(direct, () => update(ID, { session: 'ses_1' }, direct))).toBe(1);
    expect(direct.stderrText()).toMatch(/^error: nothing to change: give --subject/);
  });

  it('add prints a result per number and exits 0 when every number was done', async () => {
    const results = [
      { phone: '+447700900124', error: null },
      { phone: '+447700900125', error: null },
    ];
    const groups = { updateParticipants: vi.fn(async () => ({ data: results, group: team() })) };
    const ctx = fakeContext({ client: { groups } });
    expect(
      await main(['groups', 'add', ID, '+447700900124', '+447700900125', '--session', 'ses_1'], ctx),
    ).toBe(0);
    expect(groups.updateParticipants).toHaveBeenCalledWith('ses_1', ID, 'add', [
      '+447700900124',
      '+447700900125',
    ]);
    expect(lines(ctx.stdoutText())).toEqual([
      'PHONE          RESULT',
      '+447700900124  added',
      '+447700900125  added',
    ]);
    expect(ctx.stderrText()).toBe('');
  });

  it('a refused number is shown with its reason and exits 1 with PARTICIPANTS_FAILED', async () => {
    const results = [
      { phone: '+447700900002', error: null },
      { phone: '+447700900123', error: 'already_member' as const },
      { phone: '+447700900003', error: 'not_on_whatsapp' as const },
    ];
    const groups = { updateParticipants: vi.fn(async () => ({ data: results, group: team() })) };
    const ctx = fakeContext({ client: { groups } });
    expect(await exec(ctx, () => participants('add', ID, ['x'], { session: 'ses_1' }, ctx))).toBe(1);
    expect(lines(ctx.stdoutText())).toEqual([
      'PHONE          RESULT',
      '+447700900002  added',
      '+447700900123  already_member',
      '+447700900003  not_on_whatsapp',
    ]);
    expect(ctx.stderrText()).toBe(
      'error: 2 of 3 numbers not added: +447700900123 (already_member), +447700900003 (not_on_whatsapp)\n',
    );

    const json = fakeContext({ client: { groups } });
    expect(await main(['groups', 'demote', ID, '+447700900123', '--session', 'ses_1', '--json'], json)).toBe(
      1,
    );
    expect(groups.updateParticipants).toHaveBeenLastCalledWith('ses_1', ID, 'demote', ['+447700900123']);
    expect(JSON.parse(json.stdoutText())).toEqual({ data: results, group: team() });
    expect(JSON.parse(json.stderrText()).error).toMatchObject({
      code: 'PARTICIPANTS_FAILED',
      message: expect.stringContaining('2 of 3 numbers not demoted'),
    });
  });

  it('remove and promote call their action; a number is required', async () => {
    const groups = {
      updateParticipants: vi.fn(
        async (_session: string, _group: string, _action: string, phones: string[]) => ({
          data: phones.map((phone) => ({ phone, error: null })),
          group: team(),
        }),
      ),
    };
    const ctx = fakeContext({ client: { groups } });
    expect(await main(['groups', 'remove', ID, '+447700900123', '--session', 'ses_1'], ctx)).toBe(0);
    expect(await main(['groups', 'promote', ID, '+447700900123', '--session', 'ses_1'], ctx)).toBe(0);
    expect(groups.updateParticipants.mock.calls.map((c) => c[2])).toEqual(['remove', 'promote']);
    expect(ctx.stdoutText()).toContain('+447700900123  removed');
    expect(ctx.stdoutText()).toContain('+447700900123  promoted');
    const none = fakeContext({ client: { groups } });
    expect(await main(['groups', 'add', ID, '--session', 'ses_1'], none)).toBe(1);
    expect(none.stderrText()).toContain("missing required argument 'phones'");
  });

  it('invite shows the link; --revoke asks for a new one', async () => {
    const link = { code: 'AbCdEfGhIjK1234567890', url: 'https://chat.whatsapp.com/AbCdEfGhIjK1234567890' };
    const groups = {
      inviteCode: vi.fn(async () => link),
      revokeInvite: vi.fn(async () => ({
        code: 'New1234567890',
        url: 'https://chat.whatsapp.com/New1234567890',
      })),
    };
    const ctx = fakeContext({ client: { groups } });
    await invite(ID, { session: 'ses_1' }, ctx);
    expect(groups.inviteCode).toHaveBeenCalledWith('ses_1', ID);
    expect(lines(ctx.stdoutText())).toEqual([
      'link: https://chat.whatsapp.com/AbCdEfGhIjK1234567890',
      'code: AbCdEfGhIjK1234567890',
    ]);
    const revoked = fakeContext({ client: { groups } });
    expect(await main(['groups', 'invite', ID, '--revoke', '--session', 'ses_1', '--json'], revoked)).toBe(0);
    expect(groups.revokeInvite).toHaveBeenCalledWith('ses_1', ID);
    expect(JSON.parse(revoked.stdoutText())).toEqual({
      code: 'New1234567890',
      url: 'https://chat.whatsapp.com/New1234567890',
    });
  });

  it('join passes the code or link; leave says what it left', async () => {
    const groups = {
      join: vi.fn(async () => team()),
      leave: vi.fn(async () => team({ left_at: '2026-11-22T11:00:00.000Z' })),
    };
    const ctx = fakeContext({ client: { groups } });
    await join('https://chat.whatsapp.com/AbCdEfGhIjK1234567890', { session: 'ses_1' }, ctx);
    expect(groups.join).toHaveBeenCalledWith('ses_1', 'https://chat.whatsapp.com/AbCdEfGhIjK1234567890');
    expect(ctx.stdoutText()).toMatch(/^id:\s+120363012345678901@g\.us$/m);
    const bye = fakeContext({ client: { groups } });
    await leave(ID, { session: 'ses_1' }, bye);
    expect(groups.leave).toHaveBeenCalledWith('ses_1', ID);
    expect(bye.stdoutText()).toBe(`Left ${ID} (Release team).\n`);
    const json = fakeContext({ client: { groups } });
    await leave(ID, { session: 'ses_1', json: true }, json);
    expect(JSON.parse(json.stdoutText()).left_at).toBe('2026-11-22T11:00:00.000Z');
  });

  it('takes the default session of `wagw sessions use`', async () => {
    const groups = { list: vi.fn(() => page([])) };
    const ctx = fakeContext({
      client: { groups },
      profile: { url: 'http://wagw.test', apiKey: 'wagw_test_key', defaultSession: 'ses_default' },
    });
    expect(await main(['groups', 'list'], ctx)).toBe(0);
    expect(groups.list).toHaveBeenCalledWith('ses_default', {});
  });

  it('is in the command tree, its help and the shell completion', async () => {
    const tree = commandTree(buildProgram(fakeContext()));
    expect(tree.get('')?.commands).toContain('groups');
    expect(tree.get('groups')?.commands).toEqual([
      'list',
      'get',
      'create',
      'update',
      'add',
      'remove',
      'promote',
      'demote',
      'invite',
      'join',
      'leave',
    ]);
    expect(tree.get('groups update')?.options).toEqual(
      expect.arrayContaining([
        '--session',
        '--subject',
        '--description',
        '--announce',
        '--no-announce',
        '--locked',
        '--no-locked',
      ]),
    );
    expect(tree.get('groups list')?.options).toContain('--include-left');
    expect(tree.get('groups invite')?.options).toContain('--revoke');
    const help = fakeContext();
    expect(await main(['groups', 'add', '--help'], help)).toBe(0);
    expect(help.stdoutText()).toContain('Usage: wagw groups add [options] <group> <phones...>');
    expect(help.stdoutText()).toContain('exits 1 if any was refused');
  });
});
