import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main.js';
import { type LiveServer, startLiveServer } from '../../testing/live-server.js';

const ADA = '+447700900123';
const BOB = '+447700900124';
/** Sandbox rules: …0002 never delivers, …0003 is not on WhatsApp. */
const SILENT = '+447700900002';
const NOBODY = '+447700900003';

/** `wagw groups` against a real server on the sandbox engine, which plays groups. */
describe('wagw groups (live)', () => {
  let live: LiveServer;
  let session: string;
  beforeAll(async () => {
    live = await startLiveServer();
    const client = live.client();
    session = (await client.sessions.create({ auto_pair: true })).id;
    for (let i = 0; i < 200 && (await client.sessions.get(session)).status !== 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => live.close());

  const run = async (...args: string[]) => {
    const ctx = live.context();
    const code = await main(['groups', ...args, '--session', session], ctx);
    return { code, out: ctx.stdoutText(), err: ctx.stderrText() };
  };
  const json = async (...args: string[]) => {
    const result = await run(...args, '--json');
    expect(result.code, result.err).toBe(0);
    return JSON.parse(result.out);
  };

  it('creates, lists, changes a group, manages its participants, invites, leaves and joins back', async () => {
    const created = await json('create', 'Release team', ADA, BOB);
    const id: string = created.id;
    expect(id).toMatch(/^\d+@g\.us$/);
    expect(created.participants.map((p: { phone: string; role: string }) => [p.phone, p.role])).toEqual(
      expect.arrayContaining([
        [ADA, 'member'],
        [BOB, 'member'],
      ]),
    );

    const list = await run('list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(new RegExp(`^${id}\\s+Release team\\s+3\\s+-\\s+-$`, 'm'));
    const shown = await run('get', id);
    expect(shown.out).toMatch(/^subject:\s+Release team$/m);
    expect(shown.out).toMatch(new RegExp(`^\\${ADA}\\s+\\S+@lid\\s+member$`, 'm'));

    const updated = await json('update', id, '--subject', 'Release crew', '--announce', '--locked');
    expect(updated).toMatchObject({ subject: 'Release crew', announce: true, locked: true });
    expect(await json('update', id, '--no-announce', '--description', 'Ship notes')).toMatchObject({
      subject: 'Release crew',
      announce: false,
      locked: true,
      description: 'Ship notes',
    });
    expect((await json('update', id, '--description', '')).description).toBeNull();

    // One number done, one already in, one not on WhatsApp: a table, and exit 1.
    const added = await run('add', id, SILENT, ADA, NOBODY);
    expect(added.code).toBe(1);
    expect(added.out.trimEnd().split('\n')).toEqual([
      'PHONE          RESULT',
      `${SILENT}  added`,
      `${ADA}  already_member`,
      `${NOBODY}  not_on_whatsapp`,
    ]);
    expect(added.err).toBe(
      `error: 2 of 3 numbers not added: ${ADA} (already_member), ${NOBODY} (not_on_whatsapp)\n`,
    );
    const promoted = await json('promote', id, ADA);
    expect(promoted.data).toEqual([{ phone: ADA, error: null }]);
    expect(promoted.group.participants).toContainEqual(
      expect.objectContaining({ phone: ADA, role: 'admin' }),
    );
    const removed = await run('remove', id, BOB);
    expect(removed).toMatchObject({ code: 0, err: '' });
    expect(removed.out).toContain(`${BOB}  removed`);
    const notMember = await run('demote', id, BOB, '--json');
    expect(notMember.code).toBe(1);
    expect(JSON.parse(notMember.out).data).toEqual([{ phone: BOB, error: 'not_member' }]);
    expect(JSON.parse(notMember.err).error).toMatchObject({ code: 'PARTICIPANTS_FAILED' });

    const invite = await run('invite', id);
    const link = /^link:\s+(\S+)$/m.exec(invite.out)?.[1];
    expect(link).toMatch(/^https:\/\/chat\.whatsapp\.com\/\w+$/);
    const fresh = await json('invite', id, '--revoke');
    expect(fresh.url).not.toBe(link);

    const left = await run('leave', id);
    expect(left.out).toBe(`Left ${id} (Release crew).\n`);
    expect((await json('list')).data).toEqual([]);
    const all = await json('list', '--include-left');
    expect(all.data).toEqual([expect.objectContaining({ id, left_at: expect.any(String) })]);

    const stale = await run('join', link as string, '--json');
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.err).error).toMatchObject({ code: 'GROUP_INVITE_INVALID' });
    expect(await json('join', fresh.code)).toMatchObject({ id, left_at: null });
  });

  it('sends to a group id with `wagw send text --to`', async () => {
    const group = await json('create', 'Announcements', ADA);
    const ctx = live.context();
    const code = await main(
      ['send', 'text', '--session', session, '--to', group.id, '--text', 'hello all', '--json'],
      ctx,
    );
    expect(code, ctx.stderrText()).toBe(0);
    const message = JSON.parse(ctx.stdoutText());
    expect(message).toMatchObject({ to: group.id, text: 'hello all' });
  });

  it('refuses a bad group id, an unknown group, a bad invite and a number without WhatsApp with coded errors', async () => {
    const bad = await run('get', 'not-a-group', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.err).error).toMatchObject({ code: 'VALIDATION_FAILED' });
    const badText = await run('add', 'not-a-group', ADA);
    expect(badText.code).toBe(1);
    expect(badText.err).toMatch(/^error: VALIDATION_FAILED: /);
    const unknown = await run('get', '120363999999999999@g.us', '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.err).error).toMatchObject({ code: 'GROUP_NOT_FOUND' });
    const unknownUpdate = await run('update', '120363999999999999@g.us', '--subject', 'x', '--json');
    expect(unknownUpdate.code).toBe(1);
    expect(JSON.parse(unknownUpdate.err).error).toMatchObject({ code: 'GROUP_NOT_FOUND' });
    const invite = await run('join', 'bad code!', '--json');
    expect(invite.code).toBe(1);
    expect(JSON.parse(invite.err).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
    });
    const nobody = await run('create', 'Nobody', NOBODY, '--json');
    expect(nobody.code).toBe(1);
    expect(JSON.parse(nobody.err).error).toMatchObject({ code: 'NOT_ON_WHATSAPP' });
  });

  it('a stopped session reads its groups but cannot change them', async () => {
    const group = await json('create', 'Offline', ADA);
    await live.client().sessions.stop(session);
    expect((await json('get', group.id)).subject).toBe('Offline');
    const offline = await run('update', group.id, '--subject', 'x', '--json');
    expect(offline.code).toBe(1);
    expect(JSON.parse(offline.err).error).toMatchObject({ code: 'SESSION_NOT_CONNECTED' });
  });
});
