import { afterEach, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  UnprocessableEntityError,
} from '../core/errors.js';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';
import type { Group } from '../types-groups.js';

let server: FakeServer;
afterEach(() => server?.close());

const GROUP_ID = '120363012345678901@g.us';
const ENCODED = '120363012345678901%40g.us';

const group = (id = GROUP_ID, overrides: Partial<Group> = {}): Group => ({
  id,
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

const caught = (promise: Promise<unknown>) => promise.catch((e: unknown) => e);

describe('groups', () => {
  it('list pages with starting_after = the last group id and passes include_left', async () => {
    const second = '120363012345678902@g.us';
    server = await startFakeServer((req, res) =>
      req.query.has('starting_after')
        ? sendJson(res, 200, { data: [group(second)], has_more: false })
        : sendJson(res, 200, { data: [group()], has_more: true }),
    );
    const ids: string[] = [];
    for await (const g of server.client().groups.list('ses_1', { include_left: true, limit: 1 })) {
      ids.push(g.id);
    }
    expect(ids).toEqual([GROUP_ID, second]);
    expect(server.requests.map((r) => `${r.path}?${r.query.toString()}`)).toEqual([
      '/v1/sessions/ses_1/groups?include_left=true&limit=1',
      `/v1/sessions/ses_1/groups?include_left=true&limit=1&starting_after=${ENCODED}`,
    ]);
  });

  it('get encodes the group id; GROUP_NOT_FOUND is a NotFoundError, a bad id a BadRequestError', async () => {
    server = await startFakeServer((_req, res, i) =>
      i === 0
        ? sendJson(res, 200, group())
        : i === 1
          ? sendError(res, 404, 'GROUP_NOT_FOUND')
          : sendError(res, 400, 'VALIDATION_FAILED', { param: 'group_id' }),
    );
    const wagw = server.client();
    expect(await wagw.groups.get('ses_1', GROUP_ID)).toEqual(group());
    const missing = await caught(wagw.groups.get('ses_1', '120363999999999999@g.us'));
    expect(NotFoundError.is(missing)).toBe(true);
    expect(missing).toMatchObject({ status: 404, code: 'GROUP_NOT_FOUND' });
    const bad = await caught(wagw.groups.get('ses_1', 'not-a-group'));
    expect(BadRequestError.is(bad)).toBe(true);
    expect(bad).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', param: 'group_id' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/sessions/ses_1/groups/${ENCODED}`,
      'GET /v1/sessions/ses_1/groups/120363999999999999%40g.us',
      'GET /v1/sessions/ses_1/groups/not-a-group',
    ]);
  });

  it('create posts the subject and participants with an idempotency key; NOT_ON_WHATSAPP is a 422 error', async () => {
    server = await startFakeServer((req, res) =>
      (req.json as { participants?: string[] }).participants?.includes('+447700900003')
        ? sendError(res, 422, 'NOT_ON_WHATSAPP')
        : sendJson(res, 201, group()),
    );
    const wagw = server.client();
    expect(
      await wagw.groups.create('ses_1', { subject: 'Release team', participants: ['+447700900123'] }),
    ).toEqual(group());
    await wagw.groups.create('ses_1', { subject: 'Solo' });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/sessions/ses_1/groups',
      json: { subject: 'Release team', participants: ['+447700900123'] },
    });
    expect(server.requests[0]?.headers['idempotency-key']).toMatch(/\S/);
    expect(server.requests[1]?.json).toEqual({ subject: 'Solo' });
    const refused = await caught(
      wagw.groups.create('ses_1', { subject: 'x', participants: ['+447700900003'] }),
    );
    expect(UnprocessableEntityError.is(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 'NOT_ON_WHATSAPP' });
  });

  it('update patches the fields given; GROUP_NOT_ADMIN is a PermissionDeniedError', async () => {
    server = await startFakeServer((_req, res, i) =>
      i === 0
        ? sendJson(res, 200, group(GROUP_ID, { subject: 'Release crew', announce: true }))
        : sendError(res, 403, 'GROUP_NOT_ADMIN'),
    );
    const wagw = server.client();
    const updated = await wagw.groups.update('ses_1', GROUP_ID, {
      subject: 'Release crew',
      description: null,
      announce: true,
    });
    expect(updated).toMatchObject({ subject: 'Release crew', announce: true });
    expect(server.requests[0]).toMatchObject({
      method: 'PATCH',
      path: `/v1/sessions/ses_1/groups/${ENCODED}`,
      json: { subject: 'Release crew', description: null, announce: true },
    });
    const refused = await caught(wagw.groups.update('ses_1', GROUP_ID, { locked: true }));
    expect(PermissionDeniedError.is(refused)).toBe(true);
    expect(refused).toMatchObject({ status: 403, code: 'GROUP_NOT_ADMIN' });
  });

  it('participants calls post the numbers to their action and answer the per-number results', async () => {
    const results = [
      { phone: '+447700900002', error: null },
      { phone: '+447700900003', error: 'not_on_whatsapp' },
    ];
    server = await startFakeServer((_req, res) => sendJson(res, 200, { data: results, group: group() }));
    const wagw = server.client();
    const added = await wagw.groups.addParticipants('ses_1', GROUP_ID, ['+447700900002', '+447700900003']);
    expect(added).toEqual({ data: results, group: group() });
    await wagw.groups.removeParticipants('ses_1', GROUP_ID, ['+447700900002']);
    await wagw.groups.promoteParticipants('ses_1', GROUP_ID, ['+447700900123']);
    await wagw.groups.demoteParticipants('ses_1', GROUP_ID, ['+447700900123']);
    await wagw.groups.updateParticipants('ses_1', GROUP_ID, 'add', ['+447700900124']);
    expect(server.requests.map((r) => [r.method, r.path, r.json])).toEqual([
      [
        'POST',
        `/v1/sessions/ses_1/groups/${ENCODED}/participants/add`,
        { participants: ['+447700900002', '+447700900003'] },
      ],
      [
        'POST',
        `/v1/sessions/ses_1/groups/${ENCODED}/participants/remove`,
        { participants: ['+447700900002'] },
      ],
      [
        'POST',
        `/v1/sessions/ses_1/groups/${ENCODED}/participants/promote`,
        { participants: ['+447700900123'] },
      ],
      [
        'POST',
        `/v1/sessions/ses_1/groups/${ENCODED}/participants/demote`,
        { participants: ['+447700900123'] },
      ],
      ['POST', `/v1/sessions/ses_1/groups/${ENCODED}/participants/add`, { participants: ['+447700900124'] }],
    ]);
  });

  it('invite reads the link, revoke posts an empty body; SESSION_NOT_CONNECTED is a ConflictError', async () => {
    const invite = { code: 'AbCdEfGhIjK1234567890', url: 'https://chat.whatsapp.com/AbCdEfGhIjK1234567890' };
    server = await startFakeServer((_req, res, i) =>
      i < 2 ? sendJson(res, 200, invite) : sendError(res, 409, 'SESSION_NOT_CONNECTED'),
    );
    const wagw = server.client();
    expect(await wagw.groups.inviteCode('ses_1', GROUP_ID)).toEqual(invite);
    expect(await wagw.groups.revokeInvite('ses_1', GROUP_ID)).toEqual(invite);
    expect(server.requests.map((r) => [r.method, r.path, r.json])).toEqual([
      ['GET', `/v1/sessions/ses_1/groups/${ENCODED}/invite`, undefined],
      ['POST', `/v1/sessions/ses_1/groups/${ENCODED}/invite/revoke`, {}],
    ]);
    const offline = await caught(wagw.groups.inviteCode('ses_1', GROUP_ID));
    expect(ConflictError.is(offline)).toBe(true);
    expect(offline).toMatchObject({ status: 409, code: 'SESSION_NOT_CONNECTED' });
  });

  it('join posts the code or link; GROUP_INVITE_INVALID is a 422 error; leave answers left_at', async () => {
    server = await startFakeServer((req, res) => {
      if (req.path.endsWith('/leave'))
        return sendJson(res, 200, group(GROUP_ID, { left_at: '2026-11-22T11:00:00.000Z' }));
      if ((req.json as { code: string }).code === 'revoked123')
        return sendError(res, 422, 'GROUP_INVITE_INVALID');
      return sendJson(res, 200, group());
    });
    const wagw = server.client();
    const link = 'https://chat.whatsapp.com/AbCdEfGhIjK1234567890';
    expect((await wagw.groups.join('ses_1', link)).id).toBe(GROUP_ID);
    const refused = await caught(wagw.groups.join('ses_1', 'revoked123'));
    expect(UnprocessableEntityError.is(refused)).toBe(true);
    expect(refused).toMatchObject({ status: 422, code: 'GROUP_INVITE_INVALID' });
    expect((await wagw.groups.leave('ses_1', GROUP_ID)).left_at).toBe('2026-11-22T11:00:00.000Z');
    expect(server.requests.map((r) => [r.method, r.path, r.json])).toEqual([
      ['POST', '/v1/sessions/ses_1/groups/join', { code: link }],
      ['POST', '/v1/sessions/ses_1/groups/join', { code: 'revoked123' }],
      ['POST', `/v1/sessions/ses_1/groups/${ENCODED}/leave`, {}],
    ]);
  });

  it('setPicture posts the media id, or null to remove the picture', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, group()));
    const wagw = server.client();
    await wagw.groups.setPicture('ses_1', GROUP_ID, 'med_1');
    await wagw.groups.setPicture('ses_1', GROUP_ID, null);
    expect(server.requests.map((r) => [r.path, r.json])).toEqual([
      [`/v1/sessions/ses_1/groups/${ENCODED}/picture`, { media_id: 'med_1' }],
      [`/v1/sessions/ses_1/groups/${ENCODED}/picture`, { media_id: null }],
    ]);
  });
});
