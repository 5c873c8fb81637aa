import { describe, expect, it, vi } from 'vitest';
import { fakeContext } from '../../testing/fake-context.js';
import { run as contactPresence } from '../contacts/presence.js';
import { run as contactProfile } from '../contacts/profile.js';
import { run } from './profile.js';

const own = {
  object: 'session_profile' as const,
  session_id: 'ses_1',
  phone: '+15550001111',
  name: 'Acme',
  about: null,
  picture_url: null,
};

describe('wagw profile', () => {
  it('shows the profile; changes name, about, picture and presence first when asked', async () => {
    const profiles = {
      get: vi.fn(async () => own),
      update: vi.fn(async () => own),
      setPicture: vi.fn(async () => own),
      setPresence: vi.fn(async () => ({ session_id: 'ses_1', presence: 'unavailable' })),
    };
    const ctx = fakeContext({ client: { profiles } });
    await run({ session: 'ses_1', name: 'Acme', about: '', picture: 'none', presence: 'unavailable' }, ctx);
    expect(profiles.update).toHaveBeenCalledWith('ses_1', { name: 'Acme', about: '' });
    expect(profiles.setPicture).toHaveBeenCalledWith('ses_1', null);
    expect(profiles.setPresence).toHaveBeenCalledWith('ses_1', 'unavailable');
    expect(ctx.stdoutText()).toMatch(/^name:\s+Acme$/m);
    const plain = fakeContext({ client: { profiles } });
    await run({ session: 'ses_1', picture: 'med_1', json: true }, plain);
    expect(profiles.setPicture).toHaveBeenLastCalledWith('ses_1', 'med_1');
    expect(JSON.parse(plain.stdoutText())).toEqual(own);
  });

  it('refuses a bad presence before calling the server', async () => {
    const profiles = { get: vi.fn(), setPresence: vi.fn() };
    await expect(
      run({ session: 'ses_1', presence: 'busy' }, fakeContext({ client: { profiles } })),
    ).rejects.toMatchObject({
      code: 'USAGE',
    });
    expect(profiles.get).not.toHaveBeenCalled();
  });
});

describe('wagw contacts profile | presence', () => {
  it("shows a contact's profile and subscribes to its presence", async () => {
    const contact = { phone: '+447700900123', lid: '1@lid' };
    const profiles = {
      contact: vi.fn(async () => ({
        object: 'contact_profile' as const,
        session_id: 'ses_1',
        contact,
        about: 'busy',
        about_set_at: '2026-01-01T00:00:00.000Z',
        picture_url: null,
      })),
      subscribePresence: vi.fn(async () => ({ session_id: 'ses_1', subscribed: true as const, contact })),
    };
    const ctx = fakeContext({ client: { profiles } });
    await contactProfile('+447700900123', { session: 'ses_1' }, ctx);
    expect(profiles.contact).toHaveBeenCalledWith('ses_1', '+447700900123');
    expect(ctx.stdoutText()).toMatch(/^about:\s+busy$/m);
    const sub = fakeContext({ client: { profiles } });
    await contactPresence('+447700900123', { session: 'ses_1' }, sub);
    expect(sub.stdoutText()).toContain("subscribed to +447700900123's presence");
    expect(sub.stderrText()).toContain('--events presence.updated');
  });
});
