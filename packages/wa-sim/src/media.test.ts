import { createHash, randomBytes } from 'node:crypto';
import { Agent } from 'node:https';
import { type AnyMessageContent, downloadMediaMessage, type WAMessage } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaContent } from './content/types.js';
import { type Simulator, startSimulator } from './simulator.js';
import {
  connectClient,
  type MemoryAuth,
  pairByQr,
  type StatusEvent,
  type TestClient,
} from './test-support/client.js';
import { trustingDispatcher } from './test-support/media-dispatcher.js';

type AckNode = { attrs: Record<string, string> };
type Upsert = { messages: WAMessage[]; type: string };

const ackFor = (id: string) => (n: AckNode) => n.attrs.id === id;
const statusFor = (id: string, status: number) => (s: StatusEvent) => s.id === id && s.status >= status;

const sims: Simulator[] = [];
const clients: TestClient[] = [];

const pair = (sim: Simulator, phone: string, fetchAgent?: Agent): Promise<TestClient> =>
  pairByQr(sim, phone, (auth: MemoryAuth) => {
    const client = connectClient(sim.url, auth, fetchAgent ? { fetchAgent } : {});
    clients.push(client);
    return client;
  });

afterAll(async () => {
  for (const c of clients.splice(0)) c.sock.end(undefined);
  await Promise.all(sims.map((s) => s.close()));
});

describe('media host', () => {
  let sim: Simulator;
  let me: TestClient;
  const phone = '15550000401';
  const contact = '15559960001';

  beforeAll(async () => {
    sim = await startSimulator();
    sims.push(sim);
    expect(sim.media?.hostname).toMatch(/^127\.0\.0\.1:\d+$/);
    // What a client must pass so that uploads trust the simulator's self-signed host.
    me = await pair(sim, phone, new Agent({ ca: sim.media?.ca }));
    sim.addContact({ phone: contact, behaviour: 'auto-read', receiptDelayMs: 5 });
  });

  it('answers media_conn and takes the uploads of sendMessage; the log has the refs, downloadMedia the file', async () => {
    const file = (label: string): Buffer => Buffer.concat([Buffer.from(label), randomBytes(300)]);
    const cases: Array<[AnyMessageContent, Buffer, Partial<MediaContent>]> = [];
    const image = file('image');
    cases.push([
      { image, mimetype: 'image/jpeg', caption: 'a picture' },
      image,
      { type: 'image', caption: 'a picture' },
    ]);
    const doc = file('pdf');
    cases.push([
      { document: doc, mimetype: 'application/pdf', fileName: 'cv.pdf', caption: 'my cv' },
      doc,
      { type: 'document', fileName: 'cv.pdf', caption: 'my cv' },
    ]);
    const voice = file('ogg');
    cases.push([
      { audio: voice, mimetype: 'audio/ogg; codecs=opus', ptt: true },
      voice,
      { type: 'audio', ptt: true },
    ]);
    const video = file('mp4');
    cases.push([{ video, mimetype: 'video/mp4' }, video, { type: 'video', mimetype: 'video/mp4' }]);
    const sticker = file('webp');
    cases.push([{ sticker, mimetype: 'image/webp' }, sticker, { type: 'sticker' }]);

    for (const [content, plain, expected] of cases) {
      const sent = (await me.sock.sendMessage(`${contact}@s.whatsapp.net`, content)) as WAMessage;
      const id = sent.key.id as string;
      expect((await me.rec.waitFor<AckNode>('ack', ackFor(id))).attrs.error).toBeUndefined();
      await me.rec.waitFor<StatusEvent>('status', statusFor(id, 4));
      const logged = sim.messages().find((m) => m.id === id)?.content as MediaContent;
      expect(logged).toMatchObject({ ...expected, fileLength: plain.length });
      expect(logged.url?.startsWith(`https://${sim.media?.hostname}/`)).toBe(true);
      expect(logged.directPath).toMatch(/^\/v\/t62\.7118-24\/[0-9a-f]+\.enc$/);
      expect(sim.downloadMedia(logged).equals(plain)).toBe(true);
      // The log shows what the recipient downloaded and decrypted.
      expect(logged.downloaded).toEqual({
        sha256: createHash('sha256').update(plain).digest('base64'),
        size: plain.length,
      });
    }
    expect(() => sim.downloadMedia({ type: 'image', directPath: '/nope', mediaKey: 'AAAA' })).toThrow(
      /no media/,
    );
  });

  it('a client that does not trust the host cannot upload', async () => {
    const stranger = await pair(sim, '15550000402');
    await expect(
      stranger.sock.sendMessage(`${contact}@s.whatsapp.net`, {
        document: Buffer.from('x'),
        mimetype: 'text/plain',
      }),
    ).rejects.toThrow(/Media upload failed/);
  });

  it('inbound media from a contact: Baileys downloads and decrypts it from the host', async () => {
    const dispatcher = await trustingDispatcher(sim.media?.ca as string, `${sim.controlUrl}/state`);
    const options = { options: { dispatcher } as RequestInit };
    const plain = randomBytes(5000);
    const { id } = sim.injectInbound({
      to: phone,
      from: contact,
      content: {
        type: 'image',
        data: plain.toString('base64'),
        mimetype: 'image/png',
        caption: 'from outside',
      },
    });
    const upsert = await me.rec.waitFor<Upsert>('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === id),
    );
    const msg = upsert.messages.find((m) => m.key.id === id) as WAMessage;
    expect(msg.message?.imageMessage).toMatchObject({ mimetype: 'image/png', caption: 'from outside' });
    expect((await downloadMediaMessage(msg, 'buffer', options)).equals(plain)).toBe(true);
    // Ranged downloads (Range requests) work too.
    const part = await downloadMediaMessage(msg, 'buffer', { ...options, startByte: 100, endByte: 2100 });
    expect(part.equals(plain.subarray(100, 2100))).toBe(true);

    const logged = sim.messages().find((m) => m.id === id)?.content as MediaContent;
    expect(logged).toMatchObject({
      type: 'image',
      mimetype: 'image/png',
      caption: 'from outside',
      fileLength: 5000,
    });
    expect(logged).not.toHaveProperty('data');
    expect(sim.downloadMedia(logged).equals(plain)).toBe(true);

    const voice = randomBytes(800);
    const note = sim.injectInbound({
      to: phone,
      from: contact,
      content: {
        type: 'audio',
        data: voice.toString('base64'),
        mimetype: 'audio/ogg; codecs=opus',
        ptt: true,
      },
    });
    const noteUpsert = await me.rec.waitFor<Upsert>('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === note.id),
    );
    const noteMsg = noteUpsert.messages.find((m) => m.key.id === note.id) as WAMessage;
    expect(noteMsg.message?.audioMessage?.ptt).toBe(true);
    expect((await downloadMediaMessage(noteMsg, 'buffer', options)).equals(voice)).toBe(true);

    // A download fault: the host answers with the status asked for.
    const noteLogged = sim.messages().find((m) => m.id === note.id)?.content as MediaContent;
    sim.failMediaDownloads(noteLogged.directPath as string, 500);
    await expect(downloadMediaMessage(noteMsg, 'buffer', options)).rejects.toThrow();
    expect(sim.downloadMedia(noteLogged).equals(voice)).toBe(true);
  });
});

describe('media: false', () => {
  it('answers media_conn with an error and refuses inbound media', async () => {
    const sim = await startSimulator({ media: false });
    sims.push(sim);
    expect(sim.media).toBeUndefined();
    const me = await pair(sim, '15550000411');
    sim.addContact({ phone: '15559960011' });
    await expect(
      me.sock.sendMessage('15559960011@s.whatsapp.net', {
        document: Buffer.from('x'),
        mimetype: 'text/plain',
      }),
    ).rejects.toThrow();
    expect(() =>
      sim.injectInbound({
        to: '15550000411',
        from: '15559960011',
        content: { type: 'document', data: 'eA==', mimetype: 'text/plain' },
      }),
    ).toThrow(/media host/);
  });
});
