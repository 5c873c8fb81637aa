import { crc32, deflateSync } from 'node:zlib';
import type { Api } from './sessions-api.js';
import type { Settings } from './sessions-options.js';
import type { SimHandle } from './sessions-sim.js';
import { CONTACT_PHONE, SendRefusedError, type SendResult, sendRun } from './sessions-throughput.js';

export type ImageRun =
  | { supported: true; bytes: number; mediaId: string; send: SendResult }
  | { supported: false; bytes: number; reason: string };

const chunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};

/**
 * An RGB PNG of `width`×`height` pixels of seeded noise over a gradient: it does not compress, so
 * its size is that of a phone photo of a few hundred KB (320×240 → ~230 KB).
 */
export function noisePng(width: number, height: number, seed = 1): Buffer {
  let state = seed >>> 0 || 1;
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0, o = 0; y < height; y++) {
    rows[o++] = 0; // filter: none
    for (let x = 0; x < width * 3; x++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      rows[o++] = ((state >>> 24) + ((x + y) >> 2)) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** `POST /v1/media` (multipart, field `file`) → the media id. */
async function upload(base: string, apiKey: string, file: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([file], { type: 'image/png' }), 'bench.png');
  const res = await fetch(`${base}/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}` },
    body: form,
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /v1/media answered ${res.status}: ${text}`);
  return String((JSON.parse(text) as { id: string }).id);
}

/**
 * Image throughput through Baileys: uploads one PNG to the server, then sends it as an image message
 * (`{type: 'image', media: {id}}`, a fresh upload to WhatsApp's media host each time, as Baileys
 * does) `settings.imageMessages` times to the auto-reading contact, like the text run. A build whose
 * Baileys engine cannot send images (UNSUPPORTED_MESSAGE_TYPE) is reported as such, not as a failure.
 */
export async function imageRun(
  api: Api,
  auth: { base: string; apiKey: string },
  sim: SimHandle,
  sessionId: string,
  settings: Settings,
): Promise<ImageRun> {
  const png = noisePng(320, 240);
  const mediaId = await upload(auth.base, auth.apiKey, png);
  const before = await sim.relayedTo(CONTACT_PHONE);
  try {
    const send = await sendRun(api, sim, sessionId, settings, {
      count: settings.imageMessages,
      body: (n) => ({
        type: 'image',
        media: { id: mediaId },
        ...(n % 10 === 0 && { caption: `bench image ${n}` }),
      }),
    });
    return {
      supported: true,
      bytes: png.length,
      mediaId,
      send: { ...send, relayedBySimulator: send.relayedBySimulator - before },
    };
  } catch (error) {
    if (error instanceof SendRefusedError && error.code === 'UNSUPPORTED_MESSAGE_TYPE') {
      return { supported: false, bytes: png.length, reason: `not supported by this build: ${error.message}` };
    }
    throw error;
  }
}
