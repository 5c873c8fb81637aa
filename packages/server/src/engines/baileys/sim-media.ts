import { Agent } from 'node:https';
import { Readable } from 'node:stream';
import type { MediaRef } from '../../domain/message-body.js';
import { type EngineContext, EngineError } from '../engine.js';
import type { BaileysEngineOptions } from './baileys-options.js';

/**
 * Test support for media against wa-sim: HTTP clients that trust the simulator's self-signed media
 * host, and an engine context's file store (`readMedia` / `saveMedia`) that a test fills and reads.
 */

type DispatcherClass = new (options: { connect: { ca: string } }) => object;

/** Where Node's bundled undici keeps the global `fetch` dispatcher (created by the first fetch). */
const UNDICI_GLOBAL = Symbol.for('undici.globalDispatcher.1');

/**
 * Media options that trust `ca`: an https Agent for Baileys' uploads and an undici dispatcher for its
 * `fetch` downloads. The undici package is not a dependency, so the dispatcher is an instance of the
 * class of Node's own global dispatcher (`probeUrl` is fetched once to create it).
 */
export async function trustingMedia(ca: string, probeUrl: string): Promise<BaileysEngineOptions['media']> {
  const slot = globalThis as unknown as Record<symbol, { constructor: DispatcherClass } | undefined>;
  if (!slot[UNDICI_GLOBAL]) await fetch(probeUrl).catch(() => undefined);
  const global = slot[UNDICI_GLOBAL];
  if (!global) throw new Error("Node's global fetch dispatcher is missing");
  return { agent: new Agent({ ca }), dispatcher: new global.constructor({ connect: { ca } }) };
}

export interface StoredFile {
  contentType: string;
  fileName: string | null;
  data: Buffer;
}

/** A file store double: what the engine may send, and what it saved. */
export interface TestFiles {
  /** Outbound files by media id; an id not here is MEDIA_NOT_FOUND (a deleted file). */
  outbound: Map<string, StoredFile>;
  /** Inbound files the engine saved, in order, with the ref it got. */
  saved: Array<{ ref: MediaRef; data: Buffer; fileName: string | null }>;
  /** While set, `saveMedia` refuses files with this error. */
  refuse: Error | undefined;
  context: Pick<EngineContext, 'readMedia' | 'saveMedia'>;
}

const readAll = async (body: Readable | Uint8Array): Promise<Buffer> => {
  if (!(body instanceof Readable)) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
};

/** A file store double; saved files are typed `application/octet-stream` (no sniffing here). */
export function testFiles(): TestFiles {
  const files: TestFiles = {
    outbound: new Map(),
    saved: [],
    refuse: undefined,
    context: {
      readMedia: async (id) => {
        const file = files.outbound.get(id);
        if (!file) throw new EngineError('MEDIA_NOT_FOUND', `Media ${id} is gone.`, false);
        return { contentType: file.contentType, fileName: file.fileName, body: Readable.from([file.data]) };
      },
      saveMedia: async ({ body, fileName }) => {
        const data = await readAll(body);
        if (files.refuse) throw files.refuse;
        const ref: MediaRef = {
          id: `med_in_${files.saved.length + 1}`,
          contentType: 'application/octet-stream',
          size: data.length,
          fileName: fileName ?? null,
        };
        files.saved.push({ ref, data, fileName: fileName ?? null });
        return ref;
      },
    },
  };
  return files;
}
