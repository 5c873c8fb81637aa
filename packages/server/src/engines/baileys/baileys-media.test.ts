import { createHash, randomBytes } from 'node:crypto';
import type { MediaContent } from '@wagw/wa-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaBody } from '../../domain/message-body.js';
import { eventually } from '../../testing/test-server.js';
import { SENT_MEDIA } from './outbound-media.js';
import { type SimHarness, startSimHarness } from './sim-harness.js';

/**
 * Media with the real Baileys client against wa-sim: what the engine sends is uploaded encrypted to
 * the simulator's media host and the recipient decrypts the same bytes; what a contact sends is
 * downloaded, decrypted and stored through `saveMedia`; a file that is gone or cannot be had fails
 * or degrades as the engine interface says.
 */

const LONG = 30_000;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');
const file = (label: string, size = 2000) => Buffer.concat([Buffer.from(label), randomBytes(size)]);

describe('baileys engine media, against wa-sim', () => {
  let h: SimHarness;
  const account = '15550600301';
  const contact = '15550600302';

  beforeAll(async () => {
    h = await startSimHarness(account, contact);
  }, LONG * 2);

  afterAll(async () => {
    await h?.close();
  });

  const stored = (id: string, contentType: string, data: Buffer, fileName: string | null = null) => {
    h.files.outbound.set(id, { contentType, fileName, data });
    return { id, contentType, size: data.length, fileName };
  };

  it(
    'sends an image, a video, a voice note, a document and a sticker: the recipient decrypts the same bytes; sent, delivered, read',
    async () => {
      const image = file('png');
      const video = file('mp4', 5000);
      const voice = file('ogg');
      const doc = file('pdf');
      const sticker = file('webp');
      const cases: Array<[MediaBody, Buffer, Partial<MediaContent>]> = [
        [
          { type: 'image', media: stored('med_img', 'image/png', image), caption: 'a picture' },
          image,
          { type: 'image', mimetype: 'image/png', caption: 'a picture' },
        ],
        [
          { type: 'video', media: stored('med_vid', 'video/mp4', video) },
          video,
          { type: 'video', mimetype: 'video/mp4' },
        ],
        [
          { type: 'audio', media: stored('med_ogg', 'audio/ogg; codecs=opus', voice), voice: true },
          voice,
          { type: 'audio', mimetype: 'audio/ogg; codecs=opus', ptt: true },
        ],
        [
          {
            type: 'document',
            media: stored('med_pdf', 'application/pdf', doc, 'cv.pdf'),
            caption: 'my cv',
          },
          doc,
          { type: 'document', mimetype: 'application/pdf', fileName: 'cv.pdf', caption: 'my cv' },
        ],
        [
          { type: 'sticker', media: stored('med_webp', 'image/webp', sticker) },
          sticker,
          { type: 'sticker', mimetype: 'image/webp' },
        ],
      ];
      const ids: string[] = [];
      for (const [body] of cases) ids.push(await h.send(body));
      for (const [i, [, data, expected]] of cases.entries()) {
        const id = ids[i]!;
        const logged = (await h.logged(id)) as MediaContent;
        expect(logged).toMatchObject({
          ...expected,
          fileLength: data.length,
          downloaded: { sha256: sha256(data), size: data.length },
        });
        await h.reaches(id, 'read');
        expect(h.statuses(id)).toEqual(expect.arrayContaining(['sent', 'delivered', 'read']));
      }
      // An audio file that is no voice note goes without ptt.
      const song = file('mp3');
      const plain = await h.send({ type: 'audio', media: stored('med_mp3', 'audio/mpeg', song) });
      expect(await h.logged(plain)).toMatchObject({ type: 'audio', mimetype: 'audio/mpeg' });
      expect(await h.logged(plain)).not.toHaveProperty('ptt');
      // Each sent message is kept (with its upload refs and media key) for retry receipts.
      const kept = await h.state.get(SENT_MEDIA, [...ids, plain]);
      for (const id of [...ids, plain]) expect(kept[id]).toBeDefined();
    },
    LONG * 2,
  );

  it(
    'after a restart, a retry receipt for an image is answered with the kept copy: nothing is read or uploaded again',
    async () => {
      const later = '15550600303';
      h.sim.addContact({ phone: later, behaviour: 'never-deliver' });
      const data = file('later');
      const body: MediaBody = {
        type: 'image',
        media: stored('med_later', 'image/png', data),
        caption: 'again',
      };
      const id = await h.send(body, later);
      await h.reaches(id, 'sent');
      const first = (await h.logged(id)) as MediaContent;
      expect(first.downloaded?.sha256).toBe(sha256(data));
      h.files.outbound.delete('med_later'); // a re-read would now fail

      await h.restart();
      h.sim.addContact({ phone: later, behaviour: 'auto-read', receiptDelayMs: 20 });
      h.sim.requestRetry(id);
      await h.reaches(id, 'read');
      expect(h.lookups).toContain(id);
      const relayed = h.sim.messages().find((m) => m.id === id);
      expect(relayed?.resends).toHaveLength(1);
      expect(h.warnings.filter((w) => w.obj && 'waMessageId' in w.obj && w.obj.waMessageId === id)).toEqual(
        [],
      );
    },
    LONG * 2,
  );

  it(
    'a file deleted before it is sent fails the message: MEDIA_NOT_FOUND, not retryable, nothing sent',
    async () => {
      const before = h.sim.messages().length;
      await expect(
        h.send({
          type: 'image',
          media: { id: 'med_gone', contentType: 'image/png', size: 3, fileName: null },
        }),
      ).rejects.toMatchObject({ code: 'MEDIA_NOT_FOUND', retryable: false });
      expect(h.sim.messages()).toHaveLength(before);
    },
    LONG,
  );

  it(
    'receives an image, a document and a voice note: stored through saveMedia with the same bytes',
    async () => {
      const image = randomBytes(5000);
      const doc = randomBytes(1200);
      const voice = randomBytes(800);
      const saved = h.files.saved.length;
      const inject = (content: Parameters<SimHarness['inject']>[0]) => h.inject(content);
      const ref = (n: number, data: Buffer, fileName: string | null = null) => ({
        id: `med_in_${saved + n}`,
        contentType: 'application/octet-stream',
        size: data.length,
        fileName,
      });

      expect(
        await inject({
          type: 'image',
          data: image.toString('base64'),
          mimetype: 'image/png',
          caption: 'look',
        }),
      ).toEqual({ type: 'image', media: ref(1, image), caption: 'look' });
      expect(
        await inject({
          type: 'document',
          data: doc.toString('base64'),
          mimetype: 'application/pdf',
          fileName: 'cv.pdf',
          caption: 'mine',
        }),
      ).toEqual({ type: 'document', media: ref(2, doc, 'cv.pdf'), caption: 'mine' });
      expect(
        await inject({
          type: 'audio',
          data: voice.toString('base64'),
          mimetype: 'audio/ogg; codecs=opus',
          ptt: true,
        }),
      ).toEqual({ type: 'audio', media: ref(3, voice), voice: true });
      const files = h.files.saved.slice(saved);
      expect(files.map((f) => f.data.equals(image) || f.data.equals(doc) || f.data.equals(voice))).toEqual([
        true,
        true,
        true,
      ]);
      expect(files[0]!.data.equals(image)).toBe(true);
      expect(files[1]).toMatchObject({ fileName: 'cv.pdf' });
      expect(files[1]!.data.equals(doc)).toBe(true);
      expect(files[2]!.data.equals(voice)).toBe(true);
    },
    LONG,
  );

  it(
    'a file that is refused, or cannot be downloaded, still gives the message: without it (id null), with a warning',
    async () => {
      const data = randomBytes(700);
      h.files.refuse = new Error('too large for the plan');
      try {
        expect(
          await h.inject({
            type: 'image',
            data: data.toString('base64'),
            mimetype: 'image/jpeg',
            caption: 'big',
          }),
        ).toEqual({
          type: 'image',
          media: { id: null, contentType: 'image/jpeg', size: data.length, fileName: null },
          caption: 'big',
        });
      } finally {
        h.files.refuse = undefined;
      }
      expect(
        h.warnings.some((w) => 'err' in w.obj && (w.obj.err as Error).message === 'too large for the plan'),
      ).toBe(true);

      const saved = h.files.saved.length;
      const { id } = h.sim.injectInbound({
        to: account,
        from: contact,
        content: {
          type: 'document',
          data: data.toString('base64'),
          mimetype: 'text/plain',
          fileName: 'a.txt',
        },
      });
      // Before the client can fetch it, the host starts failing its downloads.
      const logged = h.sim.messages().find((m) => m.id === id)?.content as MediaContent;
      h.sim.failMediaDownloads(logged.directPath!, 500);
      const event = await h.received(id);
      expect(event.body).toEqual({
        type: 'document',
        media: { id: null, contentType: 'text/plain', size: data.length, fileName: 'a.txt' },
        caption: null,
      });
      expect(h.files.saved).toHaveLength(saved);
      await eventually(
        async () =>
          h.warnings.some((w) => 'waMessageId' in w.obj && w.obj.waMessageId === id) ? true : undefined,
        LONG,
      );
      await h.settle();
      expect(h.receivedCount(id)).toBe(1);
    },
    LONG,
  );
});
