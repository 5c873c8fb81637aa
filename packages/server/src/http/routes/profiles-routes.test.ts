import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

const ADA = '+447700900123';
/** Sandbox: comes online, then types (0004). */
const ECHO = '+447700900004';
/** Sandbox: not on WhatsApp (0003). */
const NOBODY = '+447700900003';

describe.each(testDialects())('profiles and presence on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = await s.connectedSession();
  });
  afterAll(() => s.close());

  const at = (path: string) => `/v1/sessions/${session}${path}`;

  it("reads and changes the session's own profile", async () => {
    const own = await s.request('GET', at('/profile'));
    expect(own.body).toMatchObject({
      object: 'session_profile',
      session_id: session,
      name: 'Sandbox',
      about: null,
    });
    expect(own.body.phone).toMatch(/^\+\d+$/);
    const changed = await s.request('PATCH', at('/profile'), {
      body: { name: '  Acme  ', about: 'we answer fast' },
    });
    expect(changed.body).toMatchObject({ name: 'Acme', about: 'we answer fast', picture_url: null });
    expect((await s.request('GET', at('/profile'))).body.name).toBe('Acme');
    const cleared = await s.request('PATCH', at('/profile'), { body: { about: '' } });
    expect(cleared.body.about).toBeNull();
    const removed = await s.request('POST', at('/profile/picture'), { body: { media_id: null } });
    expect(removed.body.picture_url).toBeNull();
  });

  it('refuses bad profile input with coded errors', async () => {
    const long = await s.request('PATCH', at('/profile'), { body: { name: 'x'.repeat(26) } });
    expect(long.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'name' });
    const blank = await s.request('PATCH', at('/profile'), { body: { name: '   ' } });
    expect(blank.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'name' });
    expect((await s.request('PATCH', at('/profile'), { body: {} })).status).toBe(400);
    const about = await s.request('PATCH', at('/profile'), { body: { about: 'a'.repeat(140) } });
    expect(about.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'about' });
    const media = await s.request('POST', at('/profile/picture'), { body: { media_id: 'med_missing' } });
    expect(media.body.error.code).toBe('MEDIA_NOT_FOUND');
    const presence = await s.request('POST', at('/presence'), { body: { presence: 'busy' } });
    expect(presence.status).toBe(400);
    expect((await s.request('GET', '/v1/sessions/ses_nope/profile')).body.error.code).toBe(
      'SESSION_NOT_FOUND',
    );
  });

  it("reads a contact's profile; one without WhatsApp is NOT_ON_WHATSAPP", async () => {
    const profile = await s.request('GET', at(`/contacts/${encodeURIComponent(ECHO)}/profile`));
    expect(profile.body).toMatchObject({
      object: 'contact_profile',
      contact: { phone: ECHO },
      about: 'Hey there! I am using WhatsApp.',
      about_set_at: '2026-01-01T00:00:00.000Z',
    });
    expect(profile.body.picture_url).toMatch(/^sandbox:\/\/pictures\//);
    const nobody = await s.request('GET', at(`/contacts/${encodeURIComponent(NOBODY)}/profile`));
    expect(nobody.status).toBe(422);
    expect(nobody.body.error.code).toBe('NOT_ON_WHATSAPP');
    const bad = await s.request('GET', at('/contacts/not-a-number/profile'));
    expect(bad.body.error.code).toBe('INVALID_PHONE_NUMBER');
  });

  it("sets its presence, and a subscription brings the contact's as presence.updated events", async () => {
    expect((await s.request('POST', at('/presence'), { body: { presence: 'available' } })).body).toEqual({
      session_id: session,
      presence: 'available',
    });
    const sub = await s.request('POST', at(`/contacts/${encodeURIComponent(ECHO)}/presence/subscribe`));
    expect(sub.body).toMatchObject({ subscribed: true, contact: { phone: ECHO } });
    const events = await eventually(async () => {
      const list = (await s.request('GET', `/v1/events?session_id=${session}&type=presence.updated`)).body
        .data;
      expect(list).toHaveLength(3);
      return list;
    });
    expect(events.map((e: { data: { presence: string } }) => e.data.presence)).toEqual([
      'available',
      'composing',
      'paused',
    ]);
    expect(events[0].data).toMatchObject({ chat_id: ECHO, contact: { phone: ECHO }, last_seen: null });
    await s.request('POST', at(`/contacts/${encodeURIComponent(ADA)}/presence/subscribe`));
    const nobody = await s.request('POST', at(`/contacts/${encodeURIComponent(NOBODY)}/presence/subscribe`));
    expect(nobody.body.error.code).toBe('NOT_ON_WHATSAPP');
  });
});
