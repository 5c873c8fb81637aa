import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { page } from '../../testing/fixtures.js';
import { run as block } from './block.js';
import { run as check } from './check.js';
import { run as get } from './get.js';
import { run as list } from './list.js';

const ada = {
  id: '+447700900123',
  object: 'contact' as const,
  session_id: 'ses_1',
  phone: '+447700900123',
  lid: '112233445566778@lid',
  name: 'Ada',
  blocked: false,
  updated_at: '2026-11-22T10:00:00.000Z',
};

describe('wagw contacts', () => {
  it('list prints a table and passes --search as q', async () => {
    const contacts = {
      list: vi.fn(() => page([ada, { ...ada, id: '9@lid', phone: null, lid: '9@lid', name: null }])),
    };
    const ctx = fakeContext({ client: { contacts } });
    await list({ session: 'ses_1', search: 'ad', limit: 5 }, ctx);
    expect(contacts.list).toHaveBeenCalledWith('ses_1', { limit: 5, q: 'ad' });
    const lines = ctx.stdoutText().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CONTACT\s+LID\s+NAME\s+BLOCKED$/);
    expect(lines[1]).toMatch(/^\+447700900123\s+112233445566778@lid\s+Ada\s+no$/);
    expect(lines[2]).toMatch(/^9@lid\s+9@lid\s+-\s+no$/);
  });

  it('get shows the contact, or its JSON; --session is required off a terminal', async () => {
    const contacts = { get: vi.fn(async () => ada) };
    const ctx = fakeContext({ client: { contacts } });
    await get('+447700900123', { session: 'ses_1' }, ctx);
    expect(contacts.get).toHaveBeenCalledWith('ses_1', '+447700900123');
    expect(ctx.stdoutText()).toMatch(/^lid:\s+112233445566778@lid$/m);
    expect(ctx.stdoutText()).toMatch(/^blocked:\s+no$/m);
    const json = fakeContext({ client: { contacts } });
    await get('+447700900123', { session: 'ses_1', json: true }, json);
    expect(JSON.parse(json.stdoutText())).toEqual(ada);
    const missing = fakeContext({ client: { contacts } });
    expect(await exec(missing, () => get('+1', {}, missing))).toBe(1);
    expect(missing.stderrText()).toBe('error: missing required option --session\n');
  });

  it('check prints who has WhatsApp', async () => {
    const results = [
      { phone: '+447700900123', on_whatsapp: true, lid: '112233445566778@lid' },
      { phone: '+14155550003', on_whatsapp: false, lid: null },
    ];
    const contacts = { check: vi.fn(async () => results) };
    const ctx = fakeContext({ client: { contacts } });
    await check(['+447700900123', '+14155550003'], { session: 'ses_1' }, ctx);
    expect(contacts.check).toHaveBeenCalledWith('ses_1', ['+447700900123', '+14155550003']);
    const lines = ctx.stdoutText().trimEnd().split('\n');
    expect(lines[1]).toMatch(/^\+447700900123\s+yes\s+112233445566778@lid$/);
    expect(lines[2]).toMatch(/^\+14155550003\s+no\s+-$/);
    const json = fakeContext({ client: { contacts } });
    await check(['+447700900123'], { session: 'ses_1', json: true }, json);
    expect(JSON.parse(json.stdoutText())).toEqual({ data: results });
  });

  it('block and unblock call the SDK and say what they did', async () => {
    const contacts = {
      block: vi.fn(async () => ({ ...ada, blocked: true })),
      unblock: vi.fn(async () => ada),
    };
    const ctx = fakeContext({ client: { contacts } });
    await block('+447700900123', true, { session: 'ses_1' }, ctx);
    await block('+447700900123', false, { session: 'ses_1' }, ctx);
    expect(contacts.block).toHaveBeenCalledWith('ses_1', '+447700900123');
    expect(contacts.unblock).toHaveBeenCalledWith('ses_1', '+447700900123');
    expect(ctx.stdoutText()).toBe('Blocked +447700900123.\nUnblocked +447700900123.\n');
  });
});
