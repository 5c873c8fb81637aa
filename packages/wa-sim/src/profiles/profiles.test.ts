import { type BinaryNode, getBinaryNodeChild } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlClient } from '../control-client.js';
import { type Simulator, startSimulator } from '../simulator.js';
import { connectClient, type MemoryAuth, pairByQr, type TestClient } from '../test-support/client.js';
import { TINY_JPEG } from '../test-support/images.js';

type CredsUpdate = { me?: { name?: string } };
type ContactUpdate = { id?: string; imgUrl?: string | null };
type Upsert = { messages: Array<{ key: { id?: string }; pushName?: string | null }> };
type StatusResult = { id: string; status?: { status: string | null; setAt: Date } };

const A = '15550005001';
const B = '15550005002';
const D = '15550005003';
const C1 = '15550005101';
const C2 = '15550005102';
const jid = (phone: string) => `${phone}@s.whatsapp.net`;

const nameOf = (client: TestClient, name: string) =>
  client.rec.waitFor<CredsUpdate>('creds.update', (u) => u.me?.name === name);

const pictureChange = (client: TestClient, who: string, imgUrl: 'changed' | 'removed') =>
  client.rec.waitFor<ContactUpdate[]>('contacts.update', (us) =>
    us.some((u) => u.id === who && u.imgUrl === imgUrl),
  );

const download = async (url: string) => {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    data: Buffer.from(await res.arrayBuffer()),
  };
};

describe('profiles', () => {
  let sim: Simulator;
  let a: TestClient;
  let b: TestClient;
  const clients: TestClient[] = [];
  const pair = (phone: string) =>
    pairByQr(sim, phone, (auth: MemoryAuth) => {
      const client = connectClient(sim.url, auth);
      clients.push(client);
      return client;
    });

  beforeAll(async () => {
    sim = await startSimulator({ media: false });
    sim.addContact({ phone: C1, pushName: 'Carol' });
    sim.addContact({ phone: C2 });
    sim.createAccount({ phone: A });
    sim.setProfile(A, { name: 'Alice' });
    [a, b] = await Promise.all([pair(A), pair(B)]);
  });

  afterAll(async () => {
    for (const c of clients) c.sock.end(undefined);
    await sim.close();
  });

  it("syncs an account's push name to its devices as app state", async () => {
    await nameOf(a, 'Alice');
    expect(a.auth.creds.me?.name).toBe('Alice');
    expect(sim.profile(A)).toEqual({ name: 'Alice' });
    expect(sim.profile(B)).toEqual({});
    // A name given after linking reaches the device too (key share, then the patch).
    sim.setProfile(B, { name: 'Bob' });
    await nameOf(b, 'Bob');
    sim.setProfile(A, { name: 'Alice 2' });
    await nameOf(a, 'Alice 2');
    expect(sim.profile(C1).name).toBe('Carol');
  });

  it('takes updateProfileName through app state and hands it to the other devices', async () => {
    await a.sock.updateProfileName('Alicia');
    expect(sim.profile(A).name).toBe('Alicia');
    await nameOf(a, 'Alicia');
    // A second device of A gets the key and the name when it links, and later changes as they come.
    const a2 = await pair(A);
    await nameOf(a2, 'Alicia');
    await a.sock.updateProfileName('Alicia 3');
    await nameOf(a2, 'Alicia 3');
    expect(sim.profile(A).name).toBe('Alicia 3');
    // Messages carry it as the push name.
    const sent = await a.sock.sendMessage(jid(B), { text: 'named' });
    const got = await b.rec.waitFor<Upsert>('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === sent?.key.id),
    );
    expect(got.messages.find((m) => m.key.id === sent?.key.id)?.pushName).toBe('Alicia 3');
    // Without a name the phone shares no app-state key: Baileys cannot write the patch.
    const d = await pair(D);
    await expect(d.sock.updateProfileName('Dan')).rejects.toThrow('App state key not present!');
  });

  it('refuses an app-state patch that is not on the current version or does not check out', async () => {
    const sync = (attrs: Record<string, string>, content?: BinaryNode[]) =>
      a.sock.query({
        tag: 'iq',
        attrs: { to: 's.whatsapp.net', type: 'set', xmlns: 'w:sync:app:state' },
        content: [{ tag: 'sync', attrs: {}, content: [{ tag: 'collection', attrs, content }] }],
      });
    const base = { name: 'critical_block', return_snapshot: 'false' };
    const latest = await sync({ ...base, version: '0' });
    const version = getBinaryNodeChild(getBinaryNodeChild(latest, 'sync'), 'collection')?.attrs.version;
    expect(version).toBe('4'); // Alice, Alice 2, Alicia, Alicia 3
    const patch = [{ tag: 'patch', attrs: {}, content: Buffer.from('not a patch') }];
    await expect(sync({ ...base, version: '1' }, patch)).rejects.toMatchObject({ data: 409 });
    await expect(sync({ ...base, version: '4' }, patch)).rejects.toMatchObject({ data: 400 });
    expect(sim.profile(A).name).toBe('Alicia 3');
  });

  it('answers profilePictureUrl with a URL that serves the picture, or 404 without one', async () => {
    await expect(a.sock.profilePictureUrl(jid(C1), 'image')).rejects.toMatchObject({ data: 404 });
    await expect(a.sock.profilePictureUrl(jid('15550009999'))).rejects.toMatchObject({ data: 404 });
    const info = sim.setProfile(C1, { picture: TINY_JPEG });
    const url = await a.sock.profilePictureUrl(jid(C1), 'image');
    expect(url).toBe(info.picture?.url);
    expect(url).toBe(`${sim.controlUrl.replace(/\/control$/, '')}/pp/${C1}/${info.picture?.id}.jpg`);
    expect(await a.sock.profilePictureUrl(jid(C1), 'preview')).toBe(url);
    expect(await download(url as string)).toEqual({ status: 200, type: 'image/jpeg', data: TINY_JPEG });
    expect(sim.profilePicture(C1)?.data).toEqual(TINY_JPEG);
    expect(sim.profile(C1).picture).toMatchObject({ size: TINY_JPEG.length, setAt: expect.any(Number) });
    sim.setProfile(C1, { picture: null });
    await expect(a.sock.profilePictureUrl(jid(C1), 'image')).rejects.toMatchObject({ data: 404 });
    expect((await download(url as string)).status).toBe(404);
    expect(sim.profilePicture(C1)).toBeUndefined();
  });

  it('sets (through sharp) and removes an own picture; chat partners are told', async () => {
    // B has a chat with A (the message above), so it hears of A's picture.
    await a.sock.updateProfilePicture(jid(A), TINY_JPEG);
    await pictureChange(b, jid(A), 'changed');
    const stored = sim.profilePicture(A);
    expect(stored?.data.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // sharp's JPEG
    const url = await b.sock.profilePictureUrl(jid(A), 'image');
    expect((await download(url as string)).data).toEqual(stored?.data);
    // The stanza updateProfilePicture sends, with bytes of our own: stored as they are.
    await a.sock.query({
      tag: 'iq',
      attrs: { to: 's.whatsapp.net', type: 'set', xmlns: 'w:profile:picture' },
      content: [{ tag: 'picture', attrs: { type: 'image' }, content: TINY_JPEG }],
    });
    expect(sim.profilePicture(A)?.data).toEqual(TINY_JPEG);
    expect(sim.profilePicture(A)?.id).not.toBe(stored?.id);
    // Nobody changes someone else's picture.
    await expect(b.sock.updateProfilePicture(jid(A), TINY_JPEG)).rejects.toMatchObject({ data: 403 });
    await a.sock.removeProfilePicture(jid(A));
    await pictureChange(b, jid(A), 'removed');
    await expect(b.sock.profilePictureUrl(jid(A))).rejects.toMatchObject({ data: 404 });
  });

  it("sets a group's picture as a member, only as an admin once it is locked", async () => {
    const group = await a.sock.groupCreate('Pictures', [jid(B)]);
    await b.sock.updateProfilePicture(group.id, TINY_JPEG);
    await pictureChange(a, group.id, 'changed');
    expect(sim.group(group.id).picture).toMatchObject({ size: expect.any(Number) });
    const url = await a.sock.profilePictureUrl(group.id, 'image');
    expect((await download(url as string)).data).toEqual(sim.profilePicture(group.id)?.data);
    await a.sock.groupSettingUpdate(group.id, 'locked');
    await expect(b.sock.removeProfilePicture(group.id)).rejects.toMatchObject({ data: 403 });
    await a.sock.removeProfilePicture(group.id);
    await pictureChange(b, group.id, 'removed');
    expect(sim.group(group.id).picture).toBeUndefined();
  });

  it('answers fetchStatus with the about text and takes updateProfileStatus', async () => {
    sim.setProfile(C1, { about: 'Busy' });
    const [carol] = (await a.sock.fetchStatus(jid(C1))) as StatusResult[];
    expect(carol?.status?.status).toBe('Busy');
    expect(Math.abs((carol?.status?.setAt.getTime() ?? 0) - Date.now())).toBeLessThan(5_000);
    const [none] = (await a.sock.fetchStatus(jid(C2))) as StatusResult[];
    expect(none?.status?.status).toBeNull();
    await b.sock.updateProfileStatus('Hello from B');
    expect(sim.profile(B)).toMatchObject({
      name: 'Bob',
      about: 'Hello from B',
      aboutSetAt: expect.any(Number),
    });
    const [bob] = (await a.sock.fetchStatus(jid(B))) as StatusResult[];
    expect(bob?.status?.status).toBe('Hello from B');
    await expect(b.sock.updateProfileStatus('x'.repeat(140))).rejects.toMatchObject({ data: 400 });
    expect(sim.profile(B).about).toBe('Hello from B');
  });

  it('hides the about text and picture of an account from one it blocked', async () => {
    sim.setProfile(B, { picture: TINY_JPEG });
    await b.sock.updateBlockStatus(jid(A), 'block');
    const [hidden] = (await a.sock.fetchStatus(jid(B))) as StatusResult[];
    expect(hidden?.status?.status).toBe('');
    await expect(a.sock.profilePictureUrl(jid(B), 'image')).rejects.toMatchObject({ data: 401 });
    await b.sock.updateBlockStatus(jid(A), 'unblock');
    expect(await a.sock.profilePictureUrl(jid(B), 'image')).toBe(sim.profile(B).picture?.url);
  });

  it('refuses unknown numbers and invalid values before changing anything', () => {
    expect(() => sim.setProfile('15550009999', { about: 'x' })).toThrow(
      'unknown phone number: 15550009999 (neither an account nor a contact)',
    );
    expect(() => sim.profile('15550009999')).toThrow(/unknown phone number/);
    expect(() => sim.profilePicture('120363999@g.us')).toThrow('unknown group: 120363999@g.us');
    expect(() => sim.setProfile(C2, { about: 'kept', name: ' ' })).toThrow('name must be a non-empty string');
    expect(() => sim.setProfile(C2, { about: 'x'.repeat(140) })).toThrow(
      'about must be at most 139 characters',
    );
    expect(() => sim.setProfile(C2, { picture: Buffer.alloc(0) })).toThrow(/picture must be non-empty bytes/);
    expect(sim.profile(C2)).toEqual({ name: 'Contact 5102' });
    expect(sim.setProfile(C2, { about: '' }).about).toBeUndefined();
  });

  it('sets and reads profiles over HTTP and the control client', async () => {
    const client = controlClient(sim.controlUrl);
    const set = await client.setProfile(C2, { name: 'Dora', about: 'Remote', picture: TINY_JPEG });
    expect(set).toMatchObject({ name: 'Dora', about: 'Remote', picture: { size: TINY_JPEG.length } });
    expect(await client.profile(C2)).toEqual(set);
    expect((await download(set.picture?.url as string)).data).toEqual(TINY_JPEG);
    expect((await client.setProfile(C2, { picture: null })).picture).toBeUndefined();
    await expect(client.profile('15550009999')).rejects.toThrow(/simulator: unknown phone number/);
    const bad = await fetch(`${sim.controlUrl}/profile`, {
      method: 'POST',
      body: JSON.stringify({ phone: C2, picture: 42 }),
    });
    expect(bad.status).toBe(400);
    expect((await download(`${sim.controlUrl.replace(/\/control$/, '')}/pp/${C2}/1.jpg`)).status).toBe(404);
    const state = sim.state();
    expect(state.contacts.find((c) => c.phone === C2)?.profile).toEqual({
      name: 'Dora',
      about: 'Remote',
      aboutSetAt: expect.any(Number),
    });
    expect(state.accounts.find((x) => x.phone === A)?.profile.name).toBe('Alicia 3');
  });
});
