import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

const ADA = '+447700900123';
const BOB = '+447700900124';
/** Never delivers (sandbox rule: numbers ending in 0002). */
const SILENT = '+447700900002';
/** Not on WhatsApp (ending in 0003). */
const NOBODY = '+447700900003';

interface GroupEvent {
  type: string;
  data: Record<string, unknown> & { changed?: string[]; action?: string; participants?: unknown[] };
}

describe.each(testDialects())('groups on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = await s.connectedSession();
  });
  afterAll(() => s.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
    s.request(method, `/v1/sessions/${session}${path}`, body === undefined ? {} : { body });
  const events = async (type: string): Promise<GroupEvent[]> =>
    (await s.request('GET', `/v1/events?type=${type}&session_id=${session}&limit=100`)).body.data;

  it('creates a group, changes it, manages participants and announces each change once', async () => {
    const created = await call('POST', '/groups', { subject: 'Release team', participants: [ADA, BOB] });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(id).toMatch(/^\d+@g\.us$/);
    expect(created.body).toMatchObject({
      object: 'group',
      session_id: session,
      subject: 'Release team',
      announce: false,
      locked: false,
      left_at: null,
    });
    const roles = Object.fromEntries(
      created.body.participants.map((p: { phone: string; role: string }) => [p.phone, p.role]),
    );
    expect(roles).toMatchObject({ [ADA]: 'member', [BOB]: 'member' });
    expect(Object.values(roles)).toContain('superadmin');
    expect((await call('GET', '/groups')).body.data.map((g: { id: string }) => g.id)).toEqual([id]);
    expect((await call('GET', `/groups/${id}`)).body.subject).toBe('Release team');

    const joined = await eventually(async () => {
      const list = await events('group.joined');
      expect(list).toHaveLength(1);
      return list;
    });
    expect(joined[0]?.data).toMatchObject({ session_id: session, by: null, group: { id } });

    const patched = await call('PATCH', `/groups/${id}`, { subject: 'Release crew', announce: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ subject: 'Release crew', announce: true });
    // The engine's notification of the same change arrives too: still one event.
    await new Promise((r) => setTimeout(r, 100));
    const updated = await events('group.updated');
    expect(updated).toHaveLength(1);
    expect(updated[0]?.data.changed).toEqual(['subject', 'announce']);

    const added = await call('POST', `/groups/${id}/participants/add`, {
      participants: [SILENT, ADA, NOBODY],
    });
    expect(added.status).toBe(200);
    expect(added.body.data).toEqual([
      { phone: SILENT, error: null },
      { phone: ADA, error: 'already_member' },
      { phone: NOBODY, error: 'not_on_whatsapp' },
    ]);
    expect(added.body.group.participants).toHaveLength(4);
    const promoted = await call('POST', `/groups/${id}/participants/promote`, { participants: [ADA] });
    expect(promoted.body.group.participants).toContainEqual(
      expect.objectContaining({ phone: ADA, role: 'admin' }),
    );
    await call('POST', `/groups/${id}/participants/demote`, { participants: [ADA] });
    await call('POST', `/groups/${id}/participants/remove`, { participants: [BOB] });
    await new Promise((r) => setTimeout(r, 100));
    const changes = await events('group.participants');
    expect(changes.map((e) => e.data.action)).toEqual(['added', 'promoted', 'demoted', 'removed']);
    expect(changes[0]?.data.participants).toEqual([expect.objectContaining({ phone: SILENT })]);
    expect(changes[3]?.data.participants).toEqual([expect.objectContaining({ phone: BOB })]);

    const invite = await call('GET', `/groups/${id}/invite`);
    expect(invite.body.url).toBe(`https://chat.whatsapp.com/${invite.body.code}`);
    expect((await call('GET', `/groups/${id}/invite`)).body.code).toBe(invite.body.code);
    const revoked = await call('POST', `/groups/${id}/invite/revoke`, {});
    expect(revoked.body.code).not.toBe(invite.body.code);

    const left = await call('POST', `/groups/${id}/leave`, {});
    expect(left.status).toBe(200);
    expect(left.body.left_at).not.toBeNull();
    expect((await call('GET', '/groups')).body.data).toEqual([]);
    expect((await call('GET', '/groups?include_left=true')).body.data).toHaveLength(1);
    // The old code stopped working; the new one lets the session back in.
    expect((await call('POST', '/groups/join', { code: invite.body.code })).body.error.code).toBe(
      'GROUP_INVITE_INVALID',
    );
    const back = await call('POST', '/groups/join', { code: revoked.body.url });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ id, left_at: null });
    expect(await events('group.joined')).toHaveLength(2);
  });

  it('sends to a group; each member sends its own receipts', async () => {
    const { body: group } = await call('POST', '/groups', {
      subject: 'Receipts',
      participants: [ADA, SILENT],
    });
    const sent = await call('POST', '/messages', { type: 'text', to: group.id, text: 'hello all' });
    expect(sent.status).toBe(202);
    expect(sent.body.to).toBe(group.id);
    const receipts = await eventually(async () => {
      const list = (await events('message.receipt')).filter((e) => e.data.message_id === sent.body.id);
      expect(list).toHaveLength(2);
      return list;
    });
    // ADA delivers and reads; SILENT never delivers.
    expect(receipts.map((e) => [e.data.participant, e.data.status]).sort()).toEqual(
      [
        [expect.objectContaining({ phone: ADA }), 'delivered'],
        [expect.objectContaining({ phone: ADA }), 'read'],
      ].sort(),
    );
    await eventually(async () => {
      expect((await s.request('GET', `/v1/messages/${sent.body.id}`)).body.status).toBe('read');
      return true;
    });
    const inChat = await call('GET', `/messages?chat=${encodeURIComponent(group.id)}`);
    expect(inChat.status, JSON.stringify(inChat.body)).toBe(200);
    expect(inChat.body.data.map((m: { id: string }) => m.id)).toContain(sent.body.id);
  });

  it('refuses bad input with coded errors', async () => {
    expect((await call('GET', '/groups/not-a-group')).body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      param: 'group_id',
    });
    expect((await call('GET', '/groups/120363999999999999@g.us')).body.error.code).toBe('GROUP_NOT_FOUND');
    expect((await call('POST', '/groups', { subject: '   ' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', '/groups', { subject: 'x', participants: ['nope'] })).body.error.code).toBe(
      'INVALID_PHONE_NUMBER',
    );
    const { body: group } = await call('POST', '/groups', { subject: 'Errors', participants: [ADA] });
    expect((await call('PATCH', `/groups/${group.id}`, {})).status).toBe(400);
    expect((await call('POST', '/groups/join', { code: 'bad code!' })).body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      param: 'code',
    });
    expect(
      (await call('POST', `/groups/${group.id}/picture`, { media_id: 'med_missing' })).body.error.code,
    ).toBe('MEDIA_NOT_FOUND');
    // The group's creator stays its superadmin.
    await call('POST', `/groups/${group.id}/participants/promote`, { participants: [ADA] });
    const me = group.participants.find((p: { role: string }) => p.role === 'superadmin');
    const demoted = await call('POST', `/groups/${group.id}/participants/demote`, {
      participants: [me.phone],
    });
    expect(demoted.body.data).toEqual([{ phone: me.phone, error: 'not_authorized' }]);
  });
});
