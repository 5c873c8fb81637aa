import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ApiClient } from '../../context.js';
import { UsageError } from '../../errors.js';

/**
 * A file to send, uploaded with `POST /v1/media`: a path on this machine, or an http(s) URL that
 * the CLI downloads first (so a URL the server could not reach, e.g. on a laptop's network, works
 * too). The server reads the type from the bytes and refuses what WhatsApp does not take.
 */
export async function uploadFile(api: ApiClient, file: string): Promise<{ id: string; filename: string }> {
  let blob: Blob;
  let filename: string;
  if (/^https?:\/\//i.test(file)) {
    const res = await fetch(file, { redirect: 'follow' }).catch((error: unknown) => {
      throw new UsageError(`--file ${file}: could not download it (${(error as Error).message}).`);
    });
    if (!res.ok) throw new UsageError(`--file ${file}: the download answered HTTP ${res.status}.`);
    blob = await res.blob();
    filename = basename(new URL(file).pathname) || 'file';
  } else {
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--file ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`);
    });
    if (!info.isFile()) throw new UsageError(`--file ${file}: not a file.`);
    blob = await openAsBlob(file);
    filename = basename(file);
  }
  const media = await api.media.upload({ file: blob, filename });
  return { id: media.id, filename };
}
